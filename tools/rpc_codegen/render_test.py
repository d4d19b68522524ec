"""The module of the framework's sample app (every kind of type, GET input, errors),
type-checked by tsc together with code that uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.testing.sample_app import clashing_router, sample_router, secure_router
from tools.rpc_codegen.node import tsc
from tools.rpc_codegen.render import render_module
from tools.rpc_codegen.typemap import CodegenError

USAGE = """\
import { isoDateTime } from "./client.js";
import { createClient, type SampleRPCs } from "./sample.js";

const sample = createClient({ baseUrl: "" });

export async function use(): Promise<void> {
  const order = await sample.call("order_echo", {
    placed_at: isoDateTime(new Date()),
    price: "1.50",
    items: [{ name: "pen", quantity: 2 }],
  });
  if (order.ok) {
    const kind: "book" | "pen" = order.data.items[0]?.kind ?? "book";
    const note: string | null = order.data.note;
    console.log(kind, note, order.data.total_quantity + 1);
  }
  const found = await sample.call("item_search", { query: "x", tags: ["a", "b"] });
  if (found.ok) console.log(found.data.limit + 1, found.data.tags.join());
  const counted = await sample.call("tally", ["a", "b"]);
  if (counted.ok) console.log(counted.data["a"] ?? 0);
  const withdrawn = await sample.call("withdraw", { amount: "5" });
  if (!withdrawn.ok && withdrawn.error === "InsufficientFundsError") {
    const balance: string = withdrawn.data.balance;
    console.log(balance);
  }
  const nothing: SampleRPCs["nothing"]["output"] = null;
  console.log(nothing, (await sample.call("whoami")).requestId);
}
"""


def test_sample_module_declares_every_kind_of_type() -> None:
    text = render_module("sample", [sample_router(), secure_router()])

    assert "export interface OrderIn {\n  placed_at: ISODateTime;\n  price: string;\n" in text
    assert "  items: ItemInput[];\n  note?: string | null;\n}" in text
    # Item and SearchIn are both input and output; their input forms have optional fields.
    assert (
        "export interface Item {\n  name: string;\n  quantity: number;\n  kind: KindEnum;" in text
    )
    assert (
        "export interface ItemInput {\n  name: string;\n  quantity: number;\n  kind?: KindEnum;"
        in text
    )
    assert 'export type KindEnum = "book" | "pen";' in text
    assert "    input: SearchInInput;\n    output: SearchIn;\n" in text
    assert "    input: string[];\n    output: Record<string, number>;\n" in text
    assert "  InsufficientFundsError: InsufficientFundsErrorData;\n" in text
    assert 'errors: SampleCommonErrorName | "InsufficientFundsError";' in text
    assert '  item_search: { method: "GET", output: true, errors: [] },' in text
    assert '  nothing: { method: "POST", output: false, errors: [] },' in text
    assert "Read-only: echo the coerced query parameters." in text


def test_sample_module_type_checks_with_code_using_it(sample_package: Path) -> None:
    (sample_package / "use.ts").write_text(USAGE)

    result = tsc("-p", "tsconfig.json", "--noEmit", cwd=sample_package)

    assert result.returncode == 0, result.stdout + result.stderr


def test_two_errors_with_one_name_are_refused() -> None:
    with pytest.raises(CodegenError, match="same name"):
        render_module("sample", [sample_router(), clashing_router()])
