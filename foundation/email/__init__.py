"""Outgoing email: `send_email(EmailMessage(...))` through the configured backend."""
