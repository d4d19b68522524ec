import pytest

from foundation.auth import passwords
from foundation.auth.passwords import (
    hash_password,
    verify_password,
    verify_password_sync,
    weak_password_reason,
)


async def test_hash_is_argon2id_phc_and_verifies() -> None:
    phc = await hash_password("correct horse battery")
    assert phc.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert await verify_password("correct horse battery", phc)
    assert not await verify_password("correct horse batterY", phc)
    assert await hash_password("correct horse battery") != phc  # fresh salt


async def test_missing_hash_still_costs_one_verification(monkeypatch: pytest.MonkeyPatch) -> None:
    verified: list[str] = []

    def counting(password: str, phc: str) -> bool:
        verified.append(phc)
        return verify_password_sync(password, phc)

    monkeypatch.setattr(passwords, "verify_password_sync", counting)
    assert not await verify_password("whatever-password", None)
    assert len(verified) == 1 and verified[0].startswith("$argon2id$")


def test_garbage_hash_does_not_verify() -> None:
    assert not verify_password_sync("x", "not-a-phc-string")


@pytest.mark.parametrize(
    ("password", "email", "weak"),
    [
        ("short", "a@b.co", True),
        ("123456789", "a@b.co", True),
        ("1234567890", "a@b.co", False),
        ("Ada@Example.com", "ada@example.com", True),
        ("a much longer passphrase", "ada@example.com", False),
    ],
)
def test_weak_passwords(password: str, email: str, weak: bool) -> None:
    assert (weak_password_reason(password, email) is not None) == weak
