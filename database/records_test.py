import dataclasses
import datetime
import pickle

import pytest

from database.records import quick_init


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    id: str
    joined_at: datetime.datetime
    role: str | None


@quick_init
@dataclasses.dataclass(frozen=True, slots=True)
class _Quick:
    id: str
    joined_at: datetime.datetime
    role: str | None


@quick_init
@dataclasses.dataclass(frozen=True, slots=True)
class _Child(_Quick):
    extra: int


@quick_init
@dataclasses.dataclass(frozen=True, slots=True)
class _Empty:
    pass


@quick_init
@dataclasses.dataclass(frozen=True, slots=True)
class _Defaulted:
    id: str
    role: str | None = None
    scopes: frozenset[str] = frozenset({"members:read"})


WHEN = datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC)


def test_an_instance_is_what_the_dataclass_would_build() -> None:
    quick = _Quick("u_1", WHEN, None)
    plain = _Plain("u_1", WHEN, None)
    assert (quick.id, quick.joined_at, quick.role) == (plain.id, plain.joined_at, plain.role)
    assert repr(quick) == repr(plain).replace("_Plain", "_Quick")
    assert quick == _Quick(id="u_1", joined_at=WHEN, role=None)
    assert hash(quick) == hash(_Quick("u_1", WHEN, None))
    assert dataclasses.replace(quick, role="owner") == _Quick("u_1", WHEN, "owner")
    assert dataclasses.asdict(quick) == dataclasses.asdict(plain)
    assert pickle.loads(pickle.dumps(quick)) == quick
    assert _Empty() == _Empty()


def test_defaults_are_the_dataclass_s_own() -> None:
    assert _Defaulted("u_1") == _Defaulted("u_1", None, frozenset({"members:read"}))
    assert _Defaulted("u_1", scopes=frozenset()).scopes == frozenset()
    assert _Defaulted("u_1").scopes is _Defaulted.__dataclass_fields__["scopes"].default
    with pytest.raises(TypeError):
        _Defaulted()  # pyright: ignore[reportCallIssue]


def test_it_stays_frozen() -> None:
    quick = _Quick("u_1", WHEN, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.id = "u_2"  # pyright: ignore[reportAttributeAccessIssue]
    # A field it does not have: refused as the dataclass refuses it (Python 3.11's frozen
    # slotted dataclasses raise TypeError there, from their own __setattr__).
    for instance in (quick, _Plain("u_1", WHEN, None)):
        with pytest.raises((AttributeError, TypeError)):
            instance.other = 1  # pyright: ignore[reportAttributeAccessIssue]
    assert quick.id == "u_1"


def test_it_takes_the_arguments_the_dataclass_takes() -> None:
    with pytest.raises(TypeError):
        _Quick("u_1", WHEN)  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError):
        _Quick("u_1", WHEN, None, 4)  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError):
        _Quick("u_1", WHEN, None, id="u_2")  # pyright: ignore[reportCallIssue]
    assert _Child("u_1", WHEN, "owner", 3).extra == 3
    assert _Child("u_1", WHEN, "owner", 3).id == "u_1"
    assert _Quick.__init__.__qualname__ == "_Quick.__init__"


def test_it_refuses_what_it_would_change() -> None:
    @dataclasses.dataclass(slots=True)
    class Mutable:
        id: str

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        id: str

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        ids: list[str] = dataclasses.field(default_factory=list[str])

    @dataclasses.dataclass(frozen=True, slots=True)
    class KeywordOnly:
        id: str = dataclasses.field(kw_only=True)

    @dataclasses.dataclass(frozen=True, slots=True)
    class PostInit:
        id: str

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithInitVar:
        id: str
        seed: dataclasses.InitVar[int]

    for cls in (Mutable, Unslotted, Factory, KeywordOnly, PostInit, WithInitVar, int):
        with pytest.raises(TypeError, match="quick_init is for"):
            quick_init(cls)
