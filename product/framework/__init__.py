"""Product's layer over the foundation RPC framework: `route(name, authorization=...)`,
the request types handlers receive, and the `around` hook that authenticates the caller
and opens the (RLS) transaction."""

from product.framework.req import OrgReq, ProductReq, PublicReq, UserReq
from product.framework.route import AuthorizationEnum, NoOrganizationSelectedError, route

__all__ = [
    "AuthorizationEnum",
    "NoOrganizationSelectedError",
    "OrgReq",
    "ProductReq",
    "PublicReq",
    "UserReq",
    "route",
]
