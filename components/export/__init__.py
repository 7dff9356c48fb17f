"""The review exports, split by output (being moved here from components/exports.py)."""
