import pytest

from foundation.base.errors import BaseError, NotFoundError


def test_error_carries_message_and_context() -> None:
    e = NotFoundError("user not found", user_id="usr_1")
    assert e.message == "user not found"
    assert e.context == {"user_id": "usr_1"}
    assert str(e) == "user not found (user_id='usr_1')"
    assert isinstance(e, BaseError)


def test_messages_start_lowercase() -> None:
    with pytest.raises(ValueError):
        BaseError("User not found")
