"""regions has no pages: its data is served by the API (api.py) and shown by other apps' pages."""
