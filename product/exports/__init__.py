"""Self-service data export: a user's account, or an organization (its owner), as a zip."""
