"""accounts has no background jobs of its own (core's periodic jobs purge old sessions and login records)."""
