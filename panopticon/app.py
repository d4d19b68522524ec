"""The panopticon app: `create_panopticon_app()`."""

from __future__ import annotations

from quart import Quart

from foundation.rpc.router import Router
from foundation.webserver.app import create_app
from panopticon.auth.routes import ROUTES as AUTH_ROUTES
from panopticon.framework import PANOPTICON


def panopticon_router() -> Router:
    """Every panopticon RPC."""
    return PANOPTICON.router(*AUTH_ROUTES)


def create_panopticon_app() -> Quart:
    return create_app("panopticon", [panopticon_router()], session_cookie=PANOPTICON.cookie)
