import datetime

import pytest

from foundation.base.clock import CLOCK, Clock
from foundation.base.errors import InvalidInputError
from foundation.testing.fixture import TFix

AT = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def test_now_is_aware() -> None:
    assert Clock().now().tzinfo is not None


def test_freeze_and_advance(t: TFix) -> None:
    t.freeze_time(AT)
    assert CLOCK.now() == AT
    t.advance_time(datetime.timedelta(minutes=5))
    assert CLOCK.now() == AT + datetime.timedelta(minutes=5)


def test_fixture_unfreezes_after_each_test() -> None:
    assert not CLOCK.is_frozen


def test_frozen_context_restores() -> None:
    clock = Clock()
    with clock.frozen(AT):
        assert clock.now() == AT
    assert clock.now() != AT


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(InvalidInputError):
        Clock().freeze(datetime.datetime(2030, 1, 1))  # noqa: DTZ001  (naive on purpose)
