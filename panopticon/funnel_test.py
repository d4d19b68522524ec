"""Every panopticon route checks credentials and starts sessions only through the
authentication funnel (`foundation.auth.funnel`; the check: `foundation.testing.funnel_check`)."""

from __future__ import annotations

from foundation.testing.funnel_check import funnel_bypasses
from panopticon.app import panopticon_router


def test_no_panopticon_route_bypasses_the_funnel() -> None:
    assert [str(b) for b in funnel_bypasses(panopticon_router())] == []
