"""Invitation links: an organisation's (or one officer's) sign-up link and QR code, and who came through it."""
