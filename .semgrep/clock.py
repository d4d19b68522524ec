import datetime
import time
from datetime import datetime as dt

from foundation.base.clock import CLOCK

# ruleid: blossom-wall-clock
now = datetime.datetime.now(datetime.UTC)
# ruleid: blossom-wall-clock
naive = datetime.datetime.utcnow()
# ruleid: blossom-wall-clock
also = dt.now()
# ruleid: blossom-wall-clock
today = datetime.date.today()
# ruleid: blossom-wall-clock
started = time.time()

# ok: blossom-wall-clock
now = CLOCK.now()
# ok: blossom-wall-clock
elapsed = time.monotonic() - time.perf_counter()
# ok: blossom-wall-clock
later = datetime.datetime.fromisoformat("2026-01-01T00:00:00+00:00")
