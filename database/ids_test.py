import pytest

from database.ids import ID_PATTERN, validate_id
from database.xact import xact_admin
from foundation.base.errors import InvalidInputError

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _millis(id_: str) -> int:
    value = 0
    for char in id_.split("_", 1)[1]:
        value = value * 58 + ALPHABET.index(char)
    return value >> 22


async def test_generate_id_is_prefixed_base58_and_sorts_by_creation() -> None:
    async with xact_admin() as q:
        ids = [str(await q.conn.fetchval("SELECT generate_id('usr')")) for _ in range(200)]
    assert all(ID_PATTERN.fullmatch(i) and i.startswith("usr_") for i in ids)
    # Ids sort by their creation millisecond: sorting the ids sorts their times. Within
    # one millisecond the 10-bit counter orders them until it wraps (every 1024 ids), so
    # the test compares milliseconds, not whole ids (a wrap made it flaky in CI).
    assert [_millis(i) for i in sorted(ids)] == sorted(_millis(i) for i in ids)
    assert len(set(ids)) == len(ids)


async def test_generate_id_refuses_bad_prefixes() -> None:
    with pytest.raises(Exception, match="prefix must be"):
        async with xact_admin() as q:
            await q.conn.fetchval("SELECT generate_id('USER')")


def test_validate_id() -> None:
    assert validate_id("org_11111111111", "org") == "org_11111111111"
    for bad in ["org_1111111111", "usr_11111111111", "org_1111111111'", 42, None]:
        with pytest.raises(InvalidInputError):
            validate_id(bad, "org")
