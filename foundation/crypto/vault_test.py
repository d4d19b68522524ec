import base64

import pytest

from foundation.base.keyring import newest_key_id, parse_keyring
from foundation.crypto import vault
from foundation.crypto.vault import VaultError, open_sealed, seal

KEY = base64.b64encode(bytes(range(32))).decode()  # fixed: test ids must match across workers


def test_seal_round_trip_with_fresh_nonces() -> None:
    a = seal("org_1", "vs_1", "hunter2")
    b = seal("org_1", "vs_1", "hunter2")
    assert a.blob != b.blob  # fresh random nonce each time
    assert open_sealed("org_1", "vs_1", a.key_id, a.blob) == "hunter2"


@pytest.mark.parametrize(("organization", "secret"), [("org_2", "vs_1"), ("org_1", "vs_2")])
def test_ciphertext_is_bound_to_its_organization_and_secret(organization: str, secret: str) -> None:
    sealed = seal("org_1", "vs_1", "hunter2")
    with pytest.raises(VaultError):
        open_sealed(organization, secret, sealed.key_id, sealed.blob)


def test_tampering_and_unknown_keys_fail() -> None:
    sealed = seal("org_1", "vs_1", "hunter2")
    flipped = sealed.blob[:-1] + bytes([sealed.blob[-1] ^ 1])
    with pytest.raises(VaultError):
        open_sealed("org_1", "vs_1", sealed.key_id, flipped)
    with pytest.raises(VaultError, match="not configured"):
        open_sealed("org_1", "vs_1", "gone", sealed.blob)


def test_newest_key_encrypts_and_old_keys_still_decrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    old = seal("org_1", "vs_1", "v")
    ring = vault._keyring(
        f"dev:{base64.b64encode(vault.keyring()['dev']).decode()},k2:{KEY}"
    )  # pyright: ignore[reportPrivateUsage]
    monkeypatch.setattr(vault, "keyring", lambda: ring)
    new = seal("org_1", "vs_1", "v")
    assert (old.key_id, new.key_id) == ("dev", "k2")
    assert open_sealed("org_1", "vs_1", "dev", old.blob) == "v"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "at least one key"),
        ("nocolon", "id:base64key"),
        ("a:!!!", "not valid base64"),
        (f"a:{base64.b64encode(b'short').decode()}", "must be 32 bytes"),
        (f"a:{KEY},a:{KEY}", "appears twice"),
    ],
)
def test_keyring_errors_never_echo_key_material(value: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem) as e:
        parse_keyring(value)
    assert KEY not in str(e.value)


def test_last_key_is_newest() -> None:
    assert newest_key_id(parse_keyring(f"a:{KEY}, b:{KEY}")) == "b"
