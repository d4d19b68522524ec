"""Product's transactions: `q.orm` offers product's queries and those below it
(`ProductORM`). Handlers use `req.q`; `xact_admin()` (no RLS) is for the few routes that
work across tenants on the caller's behalf (create, switch, accept an invite), scoped by
the caller's id in every query, and for the CLI."""

from __future__ import annotations

from database.xact import Database, Q
from product.__codegen__.orm import ProductORM

ProductQ = Q[ProductORM]

DB = Database(ProductORM)
xact_admin = DB.xact_admin
