"""skills has no schemas: it has no API of its own (api.py)."""
