"""Tenancy rules both apps share (memberships and their last-owner rule)."""
