"""Unpadded base64url both ways, padded input accepted."""

from __future__ import annotations

import binascii

import pytest

from foundation.base.base64url import b64url_decode, b64url_encode


@pytest.mark.parametrize("size", range(6))
def test_every_length_round_trips_without_padding(size: int) -> None:
    data = bytes(range(250, 250 - size, -1))
    text = b64url_encode(data)
    assert "=" not in text and "+" not in text and "/" not in text
    assert b64url_decode(text) == data
    assert b64url_decode(text + "=" * (-len(text) % 4)) == data  # padded, as some send it


def test_what_is_not_base64url_is_a_value_error() -> None:
    with pytest.raises(binascii.Error):
        b64url_decode("abcde")
