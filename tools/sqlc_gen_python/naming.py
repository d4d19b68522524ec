"""Names: SQL identifiers and sqlc query names to Python identifiers."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENT = re.compile(r"[^0-9A-Za-z_]")


def snake_case(name: str) -> str:
    """`UserFetchByEmail` -> `user_fetch_by_email`, `UserIDFetch` -> `user_id_fetch`."""
    return _CAMEL_BOUNDARY.sub("_", name).lower()


def screaming_case(name: str) -> str:
    """`UserFetch` -> `USER_FETCH`."""
    return snake_case(name).upper()


def camel_case(name: str) -> str:
    """`organization_role` -> `OrganizationRole`."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def singular(word: str) -> str:
    """Singular of an English plural table-name word: -ies, -sses, -xes/-ches/-shes, -s."""
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def model_name(table: str) -> str:
    """`users` -> `UserModel`, `organizations_users` -> `OrganizationsUserModel`."""
    words = [w for w in table.split("_") if w]
    if words:
        words[-1] = singular(words[-1])
    return camel_case("_".join(words)) + "Model"


def enum_alias(table: str) -> str:
    """`organization_role_enum` -> `OrganizationRoleEnum`."""
    return camel_case(table)


def enum_values_constant(table: str) -> str:
    """`organization_role_enum` -> `ORGANIZATION_ROLE_ENUM_VALUES`."""
    return table.upper() + "_VALUES"


def identifier(name: str, fallback: str) -> str:
    """A valid, non-keyword Python identifier for a column or parameter name."""
    ident = _NOT_IDENT.sub("_", name)
    if not ident:
        return fallback
    if ident[0].isdigit():
        ident = "_" + ident
    if keyword.iskeyword(ident):
        ident += "_"
    return ident


def unique(names: Iterable[str], reserved: Iterable[str] = ()) -> list[str]:
    """Deduplicate in order: the second `id` becomes `id_2`; reserved names get a `_`."""
    reserved = set(reserved)
    taken = set(reserved)
    out: list[str] = []
    for name in names:
        base = name + "_" if name in reserved else name
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        out.append(candidate)
    return out
