"""core has no use cases of its own: it holds the shared machinery (crypto, events, audit, pages)."""
