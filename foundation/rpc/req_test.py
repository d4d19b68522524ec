"""`Req`: cookie changes and subclassing by upper layers."""

from __future__ import annotations

import datetime

from foundation.rpc import Req
from foundation.rpc.http import RequestHeaders
from foundation.testing.sample_app import SignedInReq, nothing


def _req() -> Req[None]:
    return Req(
        data=None,
        request_id="req-00000001",
        headers=RequestHeaders([]),
        cookies={},
        client="",
        route=nothing,
    )


def test_set_cookie_defaults_are_safe() -> None:
    req = _req()
    req.set_cookie("session", "abc", max_age=datetime.timedelta(hours=1))
    [change] = req.cookie_changes
    assert (change.name, change.value, change.path) == ("session", "abc", "/")
    assert change.http_only and change.same_site == "Lax"
    assert change.secure  # the tests run outside development
    assert not change.delete


def test_delete_cookie_records_a_deletion() -> None:
    req = _req()
    req.delete_cookie("session")
    assert [(c.name, c.delete) for c in req.cookie_changes] == [("session", True)]


def test_derive_keeps_fields_and_shares_cookie_changes() -> None:
    req = _req()
    signed = req.derive(SignedInReq[None], user="usr_1")
    assert isinstance(signed, SignedInReq) and signed.user == "usr_1"
    assert (signed.request_id, signed.route, signed.data) == (req.request_id, nothing, None)
    signed.set_cookie("seen", "1")
    assert [c.name for c in req.cookie_changes] == ["seen"]
