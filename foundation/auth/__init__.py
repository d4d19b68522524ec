"""Authentication shared by both apps: argon2id passwords, signed session cookies,
server-side sessions and the login check with its lockout. The apps add their routes."""
