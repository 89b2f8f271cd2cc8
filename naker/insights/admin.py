"""insights registers nothing in the Django admin: targets are set on their own pages."""
