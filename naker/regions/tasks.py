"""regions has no background jobs: the region data is loaded by a data migration (loader.py)."""
