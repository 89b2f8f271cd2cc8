"""Socialisation events (*sosialisasi*): planned by unions and chambers, attended, and what followed.

Named "gatherings" so that they are not mistaken for domain events (naker.core.events)."""
