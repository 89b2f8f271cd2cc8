"""outreach has no API of its own: the member import, invitation links and events have pages."""
