"""A warning someone should see, but not once per request: `ThrottledWarning` logs at most
once per interval per process (and says how many it held back since its last line).

    UNAVAILABLE = ThrottledWarning("pwned passwords unreachable: passwords not checked")
    UNAVAILABLE.warn(error=repr(error))
"""

from __future__ import annotations

import threading
import time
from typing import Any

from foundation.base.logs import get_logger


class ThrottledWarning:
    def __init__(self, message: str, *, interval_seconds: float = 60.0) -> None:
        self.message = message
        self.interval_seconds = interval_seconds
        self._last: float | None = None
        self._held = 0
        self._lock = threading.Lock()

    def warn(self, **fields: Any) -> bool:
        """Log the warning unless one was logged within the interval; whether it was."""
        now = time.monotonic()
        with self._lock:
            if self._last is not None and now - self._last < self.interval_seconds:
                self._held += 1
                return False
            self._last, held, self._held = now, self._held, 0
        get_logger(__name__).warning(self.message, suppressed=held, **fields)
        return True
