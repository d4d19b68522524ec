"""Verified domains of organizations and joining through them."""
