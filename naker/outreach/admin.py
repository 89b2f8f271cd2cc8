"""outreach registers nothing in the Django admin: imports, links and events have their own pages."""
