"""One RPC call, from the HTTP request to the HTTP response.

    method check -> read + validate input -> Req -> around hook -> handler (with timeout)
    -> serialize output, or the typed error, or UnknownError

The response always goes out as JSON with the cookies the handler set, whatever happened.
`endpoint.py` calls `dispatch` for every request to a mounted route.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from database.trouble import database_trouble
from foundation.base import strict_json
from foundation.base.deadlines import deadlines
from foundation.base.env import ENV
from foundation.base.errors import ImpossibleError
from foundation.base.logs import RateLimitedLog, get_logger
from foundation.base.observability.errors import report_error
from foundation.base.observability.metrics import Series, metric_series
from foundation.base.observability.tracing import TRACE_HEADER, rpc_span, tracing_enabled
from foundation.rpc.background import run_in_background
from foundation.rpc.client_address import client_address
from foundation.rpc.errors import (
    STANDARD_ERRORS,
    DatabaseReadOnlyError,
    MethodNotAllowedError,
    RPCError,
    RPCTimeoutError,
    ServiceUnavailableError,
    UnknownError,
)
from foundation.rpc.http import ClientDisconnectedError, HTTPRequest, HTTPResponse, Stream
from foundation.rpc.inputs import read_input
from foundation.rpc.req import Req
from foundation.rpc.responses import OK_BODY, apply_cookie_changes, error_answer
from foundation.rpc.spec import AnyRoute

Call = Callable[[Req[Any]], Awaitable[Any]]
FailureObserver = Callable[[AnyRoute, BaseException], None]
"""Told of every call that ended in `UnknownError`: an exception, or an undeclared
`RPCError` (a bug either way). Tests fail on them; error reporting can hook in here."""

FAILURE_OBSERVERS: list[FailureObserver] = []
Around = Callable[[AnyRoute, Req[Any], Call], Awaitable[Any]]
"""`async def around(route, req, call)`: wraps every handler call of a router (auth, xact)."""

_NONE_TYPE = type(None)
OK_JSON = strict_json.dumps(OK_BODY).encode()


@dataclass(frozen=True, slots=True)
class RouteMetrics:
    """The `blossom_rpc_*` series of one route of one app, resolved at mount."""

    in_flight: Series
    duration: Series
    answered: tuple[Series, ...]
    """By status class: 1xx to 5xx."""

    @classmethod
    def of(cls, app: str, rpc: str) -> RouteMetrics:
        return cls(
            in_flight=metric_series("rpc_in_flight", app=app),
            duration=metric_series("rpc_duration_seconds", app=app, rpc=rpc),
            answered=tuple(
                metric_series("rpc_requests_total", app=app, rpc=rpc, status_class=f"{n}xx")
                for n in range(1, 6)
            ),
        )


async def dispatch(
    route: AnyRoute,
    around: Around | None,
    router_errors: tuple[type[RPCError], ...],
    request: HTTPRequest,
    request_id: str,
    app: str,
    metrics: RouteMetrics,
) -> HTTPResponse:
    """Answer `request` with `route`, counted and timed (`metrics`) and traced (a span,
    its id echoed in `X-Trace-ID`)."""
    started = time.perf_counter()
    metrics.in_flight.add(1)
    try:
        if not tracing_enabled():  # no span, no trace id: skip the context manager
            response = await _answer(route, around, router_errors, request, request_id, app)
        else:
            with rpc_span(app, route.name, request_id) as trace_id:
                response = await _answer(route, around, router_errors, request, request_id, app)
                if trace_id is not None:
                    response.add_header(TRACE_HEADER, trace_id)
    finally:
        metrics.in_flight.add(-1)
    metrics.answered[response.status // 100 - 1].add()
    metrics.duration.observe(time.perf_counter() - started)
    return response


async def _answer(
    route: AnyRoute,
    around: Around | None,
    router_errors: tuple[type[RPCError], ...],
    request: HTTPRequest,
    request_id: str,
    app: str,
) -> HTTPResponse:
    req: Req[Any] | None = None
    try:
        if request.method != route.method:
            raise MethodNotAllowedError(allowed=[route.method])
        data = await read_input(route, request)
        req = Req(
            data=data,
            request_id=request_id,
            headers=request.headers,
            cookies=request.cookies(),
            client=client_address(
                request.remote_addr,
                request.headers.getlist("X-Forwarded-For"),
                ENV.web_trusted_proxies,
            ),
            route=route,
        )
        output = await _call(route, req, around)
        if route.streams:
            response = HTTPResponse(200, b"", stream=streamed(route, output))
        else:
            response = HTTPResponse(200, serialize_output(route, output))
        for work in req.after_success:
            run_in_background(work, name=route.name)
    except RPCError as error:
        if type(error) not in (*route.errors, *router_errors, *STANDARD_ERRORS):
            # Raising an error the route does not declare is a bug: clients cannot expect it.
            report_error(
                error,
                "rpc raised an undeclared error",
                app=app,
                rpc=route.name,
                request_id=request_id,
                error=type(error).__name__,
            )
            _observe(route, error)
            error = UnknownError(request_id=request_id)
        response = error_answer(error)
    except ClientDisconnectedError:
        raise  # nobody to answer (the endpoint drops the call)
    except Exception as error:
        trouble = database_trouble(error)
        if trouble is not None:
            # Not a bug: Postgres is away or busy. One line, at most once a second.
            _TROUBLE_LOG.warning(
                f"database {trouble}", rpc=route.name, request_id=request_id, error=repr(error)
            )
            unavailable = (
                DatabaseReadOnlyError if trouble == "read_only" else ServiceUnavailableError
            )
            response = error_answer(unavailable(retry_after_seconds=RETRY_AFTER))
        else:
            report_error(error, "rpc failed", app=app, rpc=route.name, request_id=request_id)
            _observe(route, error)
            response = error_answer(UnknownError(request_id=request_id))
    if req is not None:
        apply_cookie_changes(response, req.cookie_changes)
    return response


RETRY_AFTER = 1
"""Seconds a client is asked to wait after a 503 (Postgres away or busy)."""

_TROUBLE_LOG = RateLimitedLog(__name__, per_seconds=1.0)


def _observe(route: AnyRoute, error: BaseException) -> None:
    for observer in FAILURE_OBSERVERS:
        observer(route, error)


class _Drain:
    """A graceful shutdown in progress: calls still running at `deadline` (loop time) end
    with 503, so their clients get a typed answer before the server closes."""

    deadline: float | None = None


def draining() -> bool:
    """Whether this process is shutting down (`begin_drain` was called)."""
    return _Drain.deadline is not None


def begin_drain(seconds: float) -> None:
    """Start draining this process: every call running now or starting later ends with
    `ServiceUnavailableError` if it is still running `seconds` from now (the server's
    graceful shutdown calls this when it stops accepting)."""
    deadline = asyncio.get_running_loop().time() + seconds
    _Drain.deadline = deadline
    deadlines().tighten(deadline)


async def _call(route: AnyRoute, req: Req[Any], around: Around | None) -> Any:
    """The handler's output (through the router's around hook), within the route's timeout
    (and the drain deadline, when the server is shutting down)."""
    seconds = route.timeout if route.timeout is not None else ENV.rpc_timeout_seconds
    deadline = deadlines().deadline(seconds)
    try:
        async with deadline:
            if around is None:
                return await route.handler(req)
            return await around(route, req, route.handler)
    except TimeoutError:
        if not deadline.expired:
            raise  # the handler's own TimeoutError (e.g. from a client library): a failure
        if _Drain.deadline is not None and deadline.when == _Drain.deadline:
            get_logger(__name__).warning(
                "rpc cut short by shutdown", rpc=route.name, request_id=req.request_id
            )
            raise ServiceUnavailableError(retry_after_seconds=RETRY_AFTER) from None
        get_logger(__name__).warning(
            "rpc timed out", rpc=route.name, request_id=req.request_id, timeout_seconds=seconds
        )
        raise RPCTimeoutError(timeout_seconds=seconds) from None


def serialize_output(route: AnyRoute, output: Any) -> bytes:
    """The JSON body of a successful call (pydantic's serializer: aware datetimes in ISO-8601
    with offset, Decimal as a string, NaN as null); an output of the wrong type is an error."""
    if route.output_type is _NONE_TYPE:
        return OK_JSON
    return route.output_adapter.dump_json(output, warnings="error")


def streamed(route: AnyRoute, output: Any) -> Stream:
    """A streamed route's answer, checked: a `Stream` of a media type the route declares."""
    if not isinstance(output, Stream) or output.media_type not in route.streams:
        raise ImpossibleError(
            "a streamed route answers a Stream of a media type it declares",
            rpc=route.name,
            declared=list(route.streams),
        )
    return output
