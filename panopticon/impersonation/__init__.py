"""Impersonation: a superadmin's one-time token to see the product as a user."""
