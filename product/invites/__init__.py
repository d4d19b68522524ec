"""Invites: create (and email), list, revoke, accept."""
