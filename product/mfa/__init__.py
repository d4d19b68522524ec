"""Two-factor authentication (TOTP, RFC 6238): enrollment, recovery codes, the second
step of a login, turning it off."""
