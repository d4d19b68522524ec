"""The admin audit log: every admin mutation with its reason, newest first."""
