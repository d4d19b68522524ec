"""The customer-facing app (port 40811): accounts, organizations, invites, the vault."""
