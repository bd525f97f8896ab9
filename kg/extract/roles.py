"""Roles extraction (being written)."""
