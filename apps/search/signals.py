"""Keeps the search index current (see index.py)."""
