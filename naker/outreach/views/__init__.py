"""Outreach's pages: member imports (member_import.py), invitation links (invitation_links.py) and
socialisation events (gatherings.py). Each reads through a selector that takes the viewer and lets
refusals rise to naker.core.pages.DomainErrorMiddleware."""
