"""Schemathesis over product's OpenAPI document, against the live product server
(`fuzzing.py`): the public operations without a session, the others with a fresh session
of a customer, so `logout` or `organization_leave` never spoil the next request."""

from __future__ import annotations

from foundation.testing.fixture import TFix
from foundation.testing.timeouts import STARTS_PROCESSES
from product.app import create_product_app
from product.framework import PRODUCT
from tools.rpc_codegen.fuzzing import depth, fuzz_app

pytestmark = STARTS_PROCESSES  # hundreds of fuzzed requests: foundation/testing/timeouts.py

MIN_VALID_REQUESTS = 250 * depth()


async def test_product_answers_as_its_openapi_document_says(t: TFix) -> None:
    customer = await t.factory.customer()

    async def new_session() -> str:
        return await t.rpc.cookie(PRODUCT, customer)

    report = await fuzz_app(create_product_app(), PRODUCT.cookie, new_session)

    print(report.summary("product"))
    assert report.failures == []
    valid = report.valid()
    assert all(valid.values()), valid
    assert sum(valid.values()) >= MIN_VALID_REQUESTS, valid
    assert {"POST /rpc/login", "POST /rpc/signup"} <= report.public() < set(valid)
