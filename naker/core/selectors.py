"""core has no reads of its own: each domain app's selectors read its models."""
