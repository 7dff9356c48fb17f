"""Benchmarks (`make bench`) and a plain-pandas reference of the headline figures, used to check the SQL."""
