"""Organizations: search, details, member roles and removals, invites resent or revoked."""
