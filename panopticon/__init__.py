"""The internal admin app (port 40812): only users listed in `admins` get in."""
