"""Events extraction (being written)."""
