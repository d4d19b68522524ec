"""The panopticon app: `create_panopticon_app()`."""

from __future__ import annotations

from quart import Quart

from foundation.base.env import ENV
from foundation.rpc.router import Router
from foundation.webserver.app import create_app
from panopticon.accounts.routes import ROUTES as ACCOUNT_ROUTES
from panopticon.analytics.routes import ROUTES as ANALYTICS_ROUTES
from panopticon.audit.routes import ROUTES as AUDIT_ROUTES
from panopticon.auth.routes import ROUTES as AUTH_ROUTES
from panopticon.console.serve import add_console
from panopticon.emails.routes import ROUTES as EMAIL_ROUTES
from panopticon.framework import PANOPTICON
from panopticon.impersonation.routes import ROUTES as IMPERSONATION_ROUTES
from panopticon.organizations.routes import ROUTES as ORGANIZATION_ROUTES
from panopticon.overview.routes import ROUTES as OVERVIEW_ROUTES
from panopticon.sso.routes import ROUTES as SSO_ROUTES
from panopticon.support.routes import ROUTES as SUPPORT_ROUTES
from panopticon.users.routes import ROUTES as USER_ROUTES


def panopticon_router() -> Router:
    """Every panopticon RPC."""
    return PANOPTICON.router(
        *AUTH_ROUTES,
        *OVERVIEW_ROUTES,
        *USER_ROUTES,
        *ORGANIZATION_ROUTES,
        *SSO_ROUTES,
        *IMPERSONATION_ROUTES,
        *AUDIT_ROUTES,
        *ANALYTICS_ROUTES,
        *ACCOUNT_ROUTES,
        *EMAIL_ROUTES,
        *SUPPORT_ROUTES,
    )


def create_panopticon_app() -> Quart:
    app = create_app(
        "panopticon",
        [panopticon_router()],
        session_cookie=PANOPTICON.cookie,
        public_url=ENV.panopticon_api_url,
    )
    add_console(app)  # the admin console at `/` (panopticon/console/)
    return app
