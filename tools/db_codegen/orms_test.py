"""Each layer's query surface (`q.orm`): one generated ORM class per layer, each extending
the one below, no query hiding another, no app reaching another app's queries, and no
production ORM carrying the test queries."""

from __future__ import annotations

from typing import Any

import pytest

from database.testing.__codegen__.orm import DatabaseTestingORM
from foundation.__codegen__.orm import FoundationORM
from panopticon.__codegen__.orm import PanopticonORM
from product.__codegen__.orm import ProductORM

ORMS = [FoundationORM, ProductORM, PanopticonORM]


def _queries(orm: type[Any]) -> dict[str, list[str]]:
    """Method name -> the generated `Queries` modules defining it, along the ORM's MRO."""
    found: dict[str, list[str]] = {}
    for cls in orm.__mro__:
        if cls.__name__ == "Queries":
            for name, value in vars(cls).items():
                if callable(value) and not name.startswith("_"):
                    found.setdefault(name, []).append(cls.__module__)
    return found


@pytest.mark.parametrize("orm", ORMS, ids=lambda o: o.__name__)
def test_no_query_name_is_defined_twice_in_a_layer_chain(orm: type[Any]) -> None:
    """sqlc checks names within one block; across the blocks an ORM extends, this does:
    a query of an app must not silently hide one of foundation or database."""
    assert {m: mods for m, mods in _queries(orm).items() if len(mods) > 1} == {}


def test_layers_extend_each_other() -> None:
    assert issubclass(ProductORM, FoundationORM) and issubclass(PanopticonORM, FoundationORM)
    assert not issubclass(ProductORM, PanopticonORM) and not issubclass(PanopticonORM, ProductORM)


def test_an_app_cannot_reach_another_apps_queries() -> None:
    """Two apps may each have a query of the same name; neither reaches the other's."""
    product, panopticon = set(_queries(ProductORM)), set(_queries(PanopticonORM))
    assert "organization_members_list" in product - panopticon
    assert "admin_is" in panopticon - product


@pytest.mark.parametrize("orm", ORMS, ids=lambda o: o.__name__)
def test_no_production_orm_has_the_test_queries(orm: type[Any]) -> None:
    """A handler calling a test query fails pyright (and at run time): they live apart."""
    assert not issubclass(orm, DatabaseTestingORM)
    assert not {m for m in _queries(orm) if m.startswith("test_")}
    assert "test_user_fetch" in _queries(DatabaseTestingORM)
