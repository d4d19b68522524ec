"""Panopticon sign-in: init, login, logout (admins only)."""
