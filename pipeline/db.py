"""The pipeline's transactions: `q.orm` offers the pipeline's queries and those below it
(`PipelineORM`). Everything here is an admin transaction (analytics read every tenant)."""

from __future__ import annotations

from database.xact import Database, Q
from pipeline.__codegen__.orm import PipelineORM

PipelineQ = Q[PipelineORM]

DB = Database(PipelineORM)
xact_admin = DB.xact_admin
