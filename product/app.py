"""The product app: `create_product_app()` (hypercorn workers call it too)."""

from __future__ import annotations

from quart import Quart

from foundation.base.env import ENV
from foundation.base.logs import get_logger
from foundation.rpc.router import Router
from foundation.webhooks.events import EVENTS
from foundation.webserver.app import create_app
from product.account.routes import ROUTES as ACCOUNT_ROUTES
from product.api_keys.routes import ROUTES as API_KEY_ROUTES
from product.audit.routes import ROUTES as AUDIT_ROUTES
from product.auth.routes import ROUTES as AUTH_ROUTES
from product.dev_pages.pages import add_dev_pages
from product.domains.routes import ROUTES as DOMAIN_ROUTES
from product.exports.routes import ROUTES as EXPORT_ROUTES
from product.framework import PRODUCT
from product.impersonation.routes import ROUTES as IMPERSONATION_ROUTES
from product.invites.routes import ROUTES as INVITE_ROUTES
from product.mfa.routes import ROUTES as MFA_ROUTES
from product.organizations.routes import ROUTES as ORGANIZATION_ROUTES
from product.passkeys.routes import ROUTES as PASSKEY_ROUTES
from product.profile.routes import ROUTES as PROFILE_ROUTES
from product.scim.mount import install_scim
from product.scim.tokens import ROUTES as SCIM_TOKEN_ROUTES
from product.sign_in_methods.routes import ROUTES as SIGN_IN_METHOD_ROUTES
from product.sso.routes import ROUTES as SSO_ROUTES
from product.sso.saml_http import add_saml_routes
from product.vault.routes import ROUTES as VAULT_ROUTES
from product.webhooks.routes import ROUTES as WEBHOOK_ROUTES


def product_router() -> Router:
    """Every product RPC."""
    return PRODUCT.router(
        *AUTH_ROUTES,
        *SIGN_IN_METHOD_ROUTES,
        *MFA_ROUTES,
        *PASSKEY_ROUTES,
        *ORGANIZATION_ROUTES,
        *DOMAIN_ROUTES,
        *SSO_ROUTES,
        *INVITE_ROUTES,
        *PROFILE_ROUTES,
        *VAULT_ROUTES,
        *WEBHOOK_ROUTES,
        *IMPERSONATION_ROUTES,
        *ACCOUNT_ROUTES,
        *API_KEY_ROUTES,
        *AUDIT_ROUTES,
        *EXPORT_ROUTES,
        *SCIM_TOKEN_ROUTES,
    )


def create_product_app() -> Quart:
    """The product app, with the organizations' SCIM service at `/scim/v2/`
    (`product.scim.endpoint`, imported by the first SCIM request: `product.scim.mount`);
    outside production it also serves the pages the links in emails open (`product.dev_pages`: PRODUCT_URL defaults to this server).
    """
    app = create_app(
        "product",
        [product_router()],
        session_cookie=PRODUCT.cookie,
        public_url=ENV.product_api_url,
        webhooks=EVENTS,
    )
    add_saml_routes(app)
    install_scim(app)
    if not ENV.is_production:
        add_dev_pages(app)
    elif not ENV.product_url:
        get_logger().warning(
            "PRODUCT_URL is not set: the links in emails point at this server, which has no"
            " page for them in production; set it to your frontend's address",
            links_to=ENV.product_base_url,
        )
    return app
