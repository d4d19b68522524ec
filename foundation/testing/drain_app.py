"""A small app for shutdown and metrics tests: `nap` sleeps as long as asked and logs when it starts,
so a test can signal the server once every request it sent is in flight.

    python -m foundation.testing.drain_app --host 127.0.0.1 --port 8000 --workers 2 [--reload]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass

from quart import Quart

from foundation.base.logs import get_logger
from foundation.rpc import Req, Router, route
from foundation.webserver.app import create_app
from foundation.webserver.serve import serve

APP_PATH = "foundation.testing.drain_app:create_drain_app()"
NAP_STARTED = "nap started"


@dataclass
class NapIn:
    seconds: float


@route("nap")
async def nap(req: Req[NapIn]) -> float:
    """Sleep `seconds`, then answer them."""
    get_logger(__name__).info(NAP_STARTED, seconds=req.data.seconds)
    await asyncio.sleep(req.data.seconds)
    return req.data.seconds


def create_drain_app() -> Quart:
    return create_app("drain", [Router("drain").include(nap)], version="0.0.0")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--metrics-port", type=int, default=None)
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()
    return serve(
        create_drain_app(),
        host=args.host,
        port=args.port,
        workers=args.workers,
        app_path=APP_PATH,
        metrics_port=args.metrics_port,
        reload=args.reload,
    )


if __name__ == "__main__":
    sys.exit(main())
