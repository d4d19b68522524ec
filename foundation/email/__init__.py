"""Outgoing email: `send_email(OutgoingEmail(...))` through the configured backend."""
