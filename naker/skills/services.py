"""skills has no use cases: a data migration loads its data (loader.py) and selectors.py reads it."""
