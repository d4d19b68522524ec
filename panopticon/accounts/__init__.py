"""Accounts: an admin deletes a user's account, as the user could."""
