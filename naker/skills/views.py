"""skills has no pages: occupations and sectors are shown by the other apps' pages."""
