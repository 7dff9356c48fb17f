"""Builds, imports and writes the plan database. The only package that changes it."""
