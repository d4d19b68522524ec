"""Test support for the OpenAPI documents of the apps."""

from __future__ import annotations

from typing import Any


def validate_openapi(document: dict[str, Any]) -> None:
    """openapi-spec-validator's check (imported here: it takes most of a second to load)."""
    from openapi_spec_validator import validate

    validate(document)
