"""organizations has no background jobs: memberships and roles change in the request."""
