"""The Quart webserver shared by both apps: `create_app` builds one, `serve` runs it."""

from foundation.webserver.app import create_app
from foundation.webserver.serve import serve

__all__ = ["create_app", "serve"]
