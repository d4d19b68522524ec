"""`require_session`: a signed-in level's last guard, should a level ever be reached
without a session."""

from __future__ import annotations

import pytest

from foundation.rpc.errors import UnauthorizedError
from foundation.session_app.req import require_session


def test_no_session_is_unauthorized() -> None:
    with pytest.raises(UnauthorizedError):
        require_session(None)
