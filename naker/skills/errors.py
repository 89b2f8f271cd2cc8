"""skills refuses nothing: an unknown occupation or sector is reported by the app that asked for it."""
