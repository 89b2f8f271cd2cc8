"""skills has no background jobs: the skill data is loaded by a data migration (loader.py)."""
