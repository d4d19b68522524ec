"""Panopticon's transactions: every one is an admin transaction (admins see every
tenant); `q.orm` offers panopticon's queries and those below it (`PanopticonORM`)."""

from __future__ import annotations

from database.xact import Database, Q
from panopticon.__codegen__.orm import PanopticonORM

PanopticonQ = Q[PanopticonORM]

DB = Database(PanopticonORM)
xact_admin = DB.xact_admin
