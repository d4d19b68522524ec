"""Per-test timeouts beyond the suite's 30 s (`timeout` in pyproject.toml, pytest-timeout).

    pytestmark = STARTS_PROCESSES      # a module whose tests start processes

A test that starts Python processes (the CLI, app servers, Dagster, a planted pytest run),
a browser, Node or semgrep, fuzzes hundreds of requests, or hashes many passwords, takes
seconds on an idle 2-core machine and several times that on a loaded one: it gets
`PROCESS_TIMEOUT_SECONDS`, still a bound that fails a hang with its traceback long before
CI's limit. Such tests also run first, the longest declared timeout first
(`foundation.testing.plugin`: a test marked `@pytest.mark.timeout(240)` before these), so
the workers share them and finish together.
"""

from __future__ import annotations

import pytest

PROCESS_TIMEOUT_SECONDS = 150

STARTS_PROCESSES = pytest.mark.timeout(PROCESS_TIMEOUT_SECONDS)
