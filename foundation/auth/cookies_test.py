from collections.abc import Iterator

import pytest

from foundation.auth.cookies import sign_session, unsign_session, well_formed
from foundation.base.env import reload_env

SESSION_ID = "ses_2EYXkgJRdy2"


def test_round_trip() -> None:
    assert unsign_session("product", sign_session("product", SESSION_ID)) == SESSION_ID


def test_a_cookie_is_valid_for_its_app_only() -> None:
    assert unsign_session("panopticon", sign_session("product", SESSION_ID)) is None


def test_tampered_or_malformed_values_are_refused() -> None:
    value = sign_session("product", SESSION_ID)
    other = sign_session("product", "ses_2EYXkgJRdy3")
    forged = f"ses_2EYXkgJRdy3.{value.split('.')[1]}"
    assert unsign_session("product", other) == "ses_2EYXkgJRdy3"
    for bad in [
        forged,
        "",
        None,
        SESSION_ID,
        value + "x",
        "usr_2EYXkgJRdy2." + value.split(".")[1],
        sign_session("product", "usr_2EYXkgJRdy2"),  # rightly signed, but no session id
    ]:
        assert unsign_session("product", bad) is None
    assert unsign_session("product", "ses_'; DROP TABLE users;--.abc") is None


def test_well_formed_is_the_shape_whichever_key_signed() -> None:
    """A cookie of another key (another node's, mid-rotation) is well-formed; anything no
    key could have signed is not."""
    value = sign_session("product", SESSION_ID)
    signature = value.split(".")[1]
    assert well_formed(value) and well_formed(f"{SESSION_ID}.{'A' * 43}")
    for bad in [
        None,
        "",
        SESSION_ID,
        value + "x",
        value[:-1],
        f"{SESSION_ID}.{'A' * 42}=",
        f"usr_2EYXkgJRdy2.{signature}",
        f"{SESSION_ID}.{signature}.{signature}",
        f"{SESSION_ID}.{signature[:-1]}é",
    ]:
        assert not well_formed(bad), bad


OLD_KEY = "old-session-key-" + "o" * 32
NEW_KEY = "new-session-key-" + "n" * 32


def _with_keys(monkeypatch: pytest.MonkeyPatch, *keys: str) -> None:
    monkeypatch.setenv("SESSION_SECRET", ",".join(keys))
    reload_env()


@pytest.fixture
def restore_env() -> Iterator[None]:
    yield
    reload_env()  # after monkeypatch has put SESSION_SECRET back


def test_session_secret_rotation_keeps_old_cookies_valid(
    restore_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_keys(monkeypatch, OLD_KEY)
    old_cookie = sign_session("product", SESSION_ID)
    # Rotation: the new key first (it signs), the old one still listed (it verifies).
    _with_keys(monkeypatch, NEW_KEY, OLD_KEY)
    assert unsign_session("product", old_cookie) == SESSION_ID
    new_cookie = sign_session("product", SESSION_ID)
    assert new_cookie != old_cookie
    # The old key dropped: its cookies stop working, the new key's keep working.
    _with_keys(monkeypatch, NEW_KEY)
    assert unsign_session("product", old_cookie) is None
    assert unsign_session("product", new_cookie) == SESSION_ID
    # A cookie signed by a key never configured is refused whatever the list holds.
    _with_keys(monkeypatch, OLD_KEY)
    assert unsign_session("product", new_cookie) is None
