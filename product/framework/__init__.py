"""Product's layer over the foundation session-app framework: `route(name,
authorization=...)`, the request types handlers receive (`PublicReq`, `UserReq`,
`OrgReq`) and `PRODUCT`, the app's sessions and router."""

from product.framework.app import PRODUCT, AuthorizationEnum, route
from product.framework.req import (
    NoOrganizationSelectedError,
    OrgReq,
    ProductReq,
    PublicReq,
    UserReq,
)

__all__ = [
    "PRODUCT",
    "AuthorizationEnum",
    "NoOrganizationSelectedError",
    "OrgReq",
    "ProductReq",
    "PublicReq",
    "UserReq",
    "route",
]
