"""regions refuses nothing: an unknown region code is reported by the app that asked for it."""
