"""Quotes extraction (being written)."""
