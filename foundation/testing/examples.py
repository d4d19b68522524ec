"""A valid example input for any route, for tests that must get past input validation for
every route of a router (authorization rules enumerated over the router).

    body = example_input(route.input_type)     # JSON-able; None for routes without input

The values are those of the API documentation's examples (`foundation.rpc.examples`),
with only the required fields.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from foundation.rpc.examples import input_example


def example_input(tp: Any) -> Any:
    """A JSON value that `tp` accepts (checked), with only its required fields."""
    return input_example(TypeAdapter(tp), required_only=True)
