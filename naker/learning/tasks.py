"""learning has no background jobs: enrolment, progress and completion run in the request."""
