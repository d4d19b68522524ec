"""Sign-in methods besides the password: social login (OAuth 2.0 / OpenID Connect) with linked identities, and codes sent by email."""
