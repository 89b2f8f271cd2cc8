"""insights has no background jobs: the dashboard and the targets are computed when asked."""
