"""Impersonation on the product side: accept a superadmin's one-time token for a session of the user, end it."""
