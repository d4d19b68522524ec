"""Users: search, details, enable or disable, end sessions, clear a login lockout, reset two-factor authentication."""
