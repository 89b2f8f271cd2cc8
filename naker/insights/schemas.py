"""insights has no separate schemas: its API (api.py) declares the few shapes it answers with."""
