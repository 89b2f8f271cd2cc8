"""learning registers nothing in the Django admin: courses are managed on the provider's pages."""
