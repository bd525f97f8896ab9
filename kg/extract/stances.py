"""Stances extraction (being written)."""
