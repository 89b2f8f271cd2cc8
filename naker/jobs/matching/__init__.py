"""Matching: skill profiles from evidence, job preferences, ranked opportunities for a worker and
ranked consenting candidates for an employer (both explained), learning paths that close a skill gap,
and invitations to apply. See docs/decisions/0015-matching.md."""
