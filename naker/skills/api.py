"""skills has no API of its own: occupations and sectors appear in the other apps' answers."""
