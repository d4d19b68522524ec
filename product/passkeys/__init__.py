"""Passkeys (WebAuthn): registering and managing them, and signing in with one."""
