"""The foundation layer's transactions: `q.orm` offers the database and foundation
queries (`FoundationORM`). Apps bind their own `Database` to their ORM, which extends
this one, so everything here also accepts an app's transaction."""

from __future__ import annotations

from database.xact import Conn, Database, Q
from foundation.__codegen__.orm import FoundationORM

FoundationQ = Q[FoundationORM]
FoundationConn = Conn[FoundationORM]

DB = Database(FoundationORM)
xact_admin = DB.xact_admin
connection = DB.connection
