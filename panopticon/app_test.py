"""The panopticon app under hostile input."""

from foundation.testing.hostile_checks import (
    assert_every_route_refuses_non_text,
    assert_malformed_cookies_sign_out,
)
from panopticon.app import create_panopticon_app
from panopticon.framework import PANOPTICON


async def test_every_route_refuses_strings_that_are_not_text() -> None:
    await assert_every_route_refuses_non_text(create_panopticon_app())


async def test_malformed_cookies_are_signed_out_on_every_route() -> None:
    await assert_malformed_cookies_sign_out(create_panopticon_app(), PANOPTICON.cookie)
