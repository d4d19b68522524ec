"""The one error the plugin reports to sqlc (stderr + exit 1; sqlc shows the text)."""

from __future__ import annotations

from foundation.base.errors import BaseError


class GenerationError(BaseError):
    """The request cannot be turned into Python: message plus query/column/type context."""
