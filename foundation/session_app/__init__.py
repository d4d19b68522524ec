"""One framework for apps with sessions (product, panopticon): `SessionApp`.

An app instantiates it with its session cookie, its table of authorization level ->
request type (a `SessionReq` subclass), its `Database` (hence its query surface) and an
optional policy, and gets its `route` decorator, its router (with the around hook that
authenticates, authorizes and opens the transaction) and its session helpers.
"""

from foundation.session_app.framework import (
    Confirm,
    Guard,
    Level,
    Permissions,
    Policy,
    SessionApp,
)
from foundation.session_app.req import SessionReq, require_session

__all__ = [
    "Confirm",
    "Guard",
    "Level",
    "Permissions",
    "Policy",
    "SessionApp",
    "SessionReq",
    "require_session",
]
