"""Listings for a newcomer: what already exists before writing it again.

uv run just list-symbols              # every public name of foundation and database
uv run just list-symbols foundation.auth
uv run just list-errors               # every RPC error per app: status, data fields
"""
