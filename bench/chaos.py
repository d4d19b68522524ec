"""`just chaos`: fault injection against real servers, printing the figures.

Each scenario runs real processes on this machine (hypercorn servers, an embedded
Postgres of their own) and measures from outside, as a client would:

1. SIGTERM with requests in flight: how many are dropped, with 1, 2 and 4 workers, when
   the server alone or its whole process group is signalled; how long the process takes
   to exit when requests outlive the grace period (they get 503).
2. Postgres stopped under load: time to the first 503, log volume during the outage,
   time to recover after Postgres is back.
3. A table locked by another session with 30 requests piled on it: latency and 503s of
   anonymous `init` meanwhile, with the per-route bulkhead (DATABASE_ROUTE_MAX_SHARE)
   off and on, and how the requests that need the table are answered.
4. Login guessing: passwords evaluated when 30 and 100 wrong guesses arrive at once.
5. The owner and a guesser (issue 23, finding 3): 40 wrong logins from one address, then
   the owner from another.
6. An anonymous flood of password reset completions (finding 8): the login median of a
   legitimate user alone and during the flood, as a ratio.
7. Second-factor guessing (finding 15): wrong TOTP codes evaluated for one user when every
   guess comes from a fresh address with a fresh challenge, and whether a recovery code
   still signs the owner in.

    uv run just chaos [sigterm outage locked guessing owner flood totp]   # all, or those named
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from database.connection import database_url  # noqa: E402
from database.testing.contention import table_locked  # noqa: E402
from database.testing.databases import dedicated_cluster  # noqa: E402
from foundation.base.clock import CLOCK  # noqa: E402
from foundation.testing.drain_app import NAP_STARTED  # noqa: E402
from foundation.testing.live_server import live_server  # noqa: E402

PASSWORD = "a long enough password"
PRODUCT = ["-m", "cli.main", "product", "serve"]


def row(*cells: object) -> None:
    print("  " + "".join(f"{c!s:<26}" for c in cells))


async def _until(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("a scenario did not reach its next step in time")
        await asyncio.sleep(0.01)


async def _drain_run(workers: int, whole_group: bool, nap: float, grace: float) -> tuple:
    """(dropped, answered 503, seconds from SIGTERM to exit) for 32 requests in flight."""
    env = {"WEB_SHUTDOWN_GRACE_SECONDS": str(grace), "LOG_FORMAT": "json"}
    args = ["-m", "foundation.testing.drain_app", "--workers", str(workers)]
    with live_server(args, env, own_process_group=True) as server:
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(base_url=server.url, timeout=120, limits=limits) as http:
            naps = [
                asyncio.ensure_future(http.post("/rpc/nap", json={"seconds": nap}))
                for _ in range(32)
            ]
            await _until(lambda: server.output().count(NAP_STARTED) >= 32)
            started = time.monotonic()
            if whole_group:
                os.killpg(server.process.pid, signal.SIGTERM)
            else:
                server.process.send_signal(signal.SIGTERM)
            answers = await asyncio.gather(*naps, return_exceptions=True)
            await _until(lambda: server.process.poll() is not None, 120)
            exited = time.monotonic() - started
    statuses = [a.status_code if isinstance(a, httpx.Response) else None for a in answers]
    return statuses.count(None), statuses.count(503), exited


async def sigterm() -> None:
    print("\n1. SIGTERM with 32 requests in flight (2 s each, grace 10 s)")
    print("   before (issue): 2 workers dropped 13-17 of 32 (server signalled), 23-24 (group)")
    row("workers", "signalled", "dropped", "exit after SIGTERM")
    for workers in (1, 2, 4):
        for group in (False, True):
            dropped, _, exited = await _drain_run(workers, group, nap=2, grace=10)
            row(
                workers,
                "process group" if group else "server",
                f"{dropped} of 32",
                f"{exited:.1f} s",
            )
    dropped, unavailable, exited = await _drain_run(2, True, nap=60, grace=10)
    print("   requests outliving a 10 s grace (before: the process lingered 23.7 s):")
    row("2 workers, group", f"dropped {dropped}", f"503 {unavailable}", f"exit {exited:.1f} s")


async def outage(directory: Path) -> None:
    print("\n2. Postgres stopped under load (product server, its own embedded Postgres)")
    print("   before (issue): 500 UnknownError with a 3 KB traceback each, 5 MB of log in 7 s")
    with (
        dedicated_cluster(directory) as (cluster, url),
        live_server(PRODUCT, {"DATABASE_URL": url, "LOG_FORMAT": "json"}) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            logged_before = len(server.output())
            stopped = time.monotonic()
            cluster.stop()
            while (await http.get("/rpc/init")).status_code != 503:
                pass
            first_503 = time.monotonic() - stopped
            requests, outage_started = 0, time.monotonic()
            while time.monotonic() - outage_started < 7:
                await asyncio.gather(*(http.get("/rpc/init") for _ in range(10)))
                requests += 10
            outage_log = server.output()[logged_before:]
            warnings = outage_log.count('"database unavailable"')
            cluster.ensure_running()
            back = time.monotonic()
            while (await http.get("/rpc/init")).status_code != 200:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            recovered = time.monotonic() - back
    row("first 503 after stop", f"{first_503 * 1000:.0f} ms")
    row(
        "7 s outage",
        f"{requests} requests",
        f"{warnings} warning lines",
        f"log {len(outage_log) / 1024:.0f} KB (access log incl.)",
    )
    print(f"   tracebacks in the outage log: {outage_log.count('Traceback')}")
    row("recovery after start", f"{recovered * 1000:.0f} ms")


PILE = 30
INITS = 20


async def _pile_on_locked_table(url: str, share: float, run: int) -> dict[str, float]:
    """A product server with DATABASE_ROUTE_MAX_SHARE `share` (default pool of 10, 5 s
    acquire, lock_timeout 2 s): PILE members lists stuck on a locked table, and INITS
    anonymous inits sent meanwhile, one every 50 ms (each timed on its own)."""
    env = {
        "DATABASE_URL": url,
        "LOG_FORMAT": "json",
        "DATABASE_ROUTE_MAX_SHARE": str(share),
        "PWNED_PASSWORDS": "off",  # signups measure this machine, not a remote API
    }
    with live_server(PRODUCT, env) as server:
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=60) as http,
            httpx.AsyncClient(base_url=server.url, timeout=60) as anonymous,  # no cookie jar
        ):
            signup = await http.post(
                "/rpc/signup",
                json={
                    "name": "Ada",
                    "email": f"ada-{run}@example.test",
                    "password": PASSWORD,
                    "organization_name": "Co",
                },
            )
            cookie = {"blossom_session": signup.cookies["blossom_session"]}

            async def timed(call) -> tuple[int, float]:  # type: ignore[no-untyped-def]
                started = time.monotonic()
                answer = await call()
                return answer.status_code, (time.monotonic() - started) * 1000

            with table_locked(url, "organizations_users"):
                stuck = [
                    asyncio.ensure_future(
                        timed(lambda: http.get("/rpc/organization_members_list", cookies=cookie))
                    )
                    for _ in range(PILE)
                ]
                await asyncio.sleep(0.1)
                inits = []
                for _ in range(INITS):
                    inits.append(asyncio.ensure_future(timed(lambda: anonymous.get("/rpc/init"))))
                    await asyncio.sleep(0.05)
                init_answers = await asyncio.gather(*inits)
                stuck_answers = await asyncio.gather(*stuck)
    init_ms = sorted(ms for _, ms in init_answers)
    return {
        "p50": statistics.median(init_ms),
        "p99": statistics.quantiles(init_ms, n=100, method="inclusive")[98],
        "max": init_ms[-1],
        "init 503": sum(status == 503 for status, _ in init_answers),
        "init other": sum(status not in (200, 503) for status, _ in init_answers),
        "stuck 200": sum(status == 200 for status, _ in stuck_answers),
        "stuck 503": sum(status == 503 for status, _ in stuck_answers),
        "stuck max": max(ms for _, ms in stuck_answers),
    }


async def locked_table(directory: Path) -> None:
    print("\n3. A table locked by another session (lock_timeout 2 s, pool of 10, 5 s acquire)")
    print("   before (issue 1): every RPC, anonymous init included, waited 30 s, then 504")
    print("   before (issue 2): 30 piled on it, init waited up to 5 s and 2 of 21 got 503")
    print(
        f"   {PILE} members lists stuck on the table, {INITS} anonymous inits meanwhile "
        "(one every 50 ms):"
    )
    row("bulkhead", "init p50 / p99 / max", "init 503", "stuck: 200 / 503, max")
    figures = {}
    with dedicated_cluster(directory) as (_, url):
        for run, (label, share) in enumerate((("off (share 1.0)", 1.0), ("on (share 0.5)", 0.5))):
            f = figures[share] = await _pile_on_locked_table(url, share, run)
            row(
                label,
                f"{f['p50']:.0f} / {f['p99']:.0f} / {f['max']:.0f} ms",
                f"{f['init 503']:.0f} of {INITS}"
                + (f" ({f['init other']:.0f} other)" if f["init other"] else ""),
                f"{f['stuck 200']:.0f} / {f['stuck 503']:.0f}, {f['stuck max'] / 1000:.1f} s",
            )
    off, on = figures[1.0], figures[0.5]
    print(
        "   init latency off / on: "
        + ", ".join(f"{k} {off[k] / on[k]:.0f}x" for k in ("p50", "p99", "max"))
    )


async def guessing(directory: Path) -> None:
    print("\n4. Concurrent wrong passwords for one email from one client")
    print("   before (issue): every guess of a burst evaluated (30 of 30, 100 of 100)")
    with (
        dedicated_cluster(directory) as (_, url),
        live_server(PRODUCT, {"DATABASE_URL": url, "LOG_FORMAT": "json"}) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as http:
            for burst in (30, 100):
                email = f"burst-{burst}@example.test"
                await http.post(
                    "/rpc/signup",
                    json={
                        "name": "A",
                        "email": email,
                        "password": PASSWORD,
                        "organization_name": "Co",
                    },
                )
                answers = await asyncio.gather(
                    *(
                        http.post("/rpc/login", json={"email": email, "password": f"no {n}!"})
                        for n in range(burst)
                    )
                )
                evaluated = sum(a.json().get("error") == "InvalidCredentialsError" for a in answers)
                row(f"burst of {burst}", f"{evaluated} evaluated")


BEHIND_A_PROXY = {
    "LOG_FORMAT": "json",
    "WEB_TRUSTED_PROXIES": "1",
    "RATE_LIMITS": "",
    "PWNED_PASSWORDS": "off",  # signups measure this machine, not a remote API
}
"""Clients told apart by X-Forwarded-For, the documented rate limits (DEFAULT_LIMITS)."""


def _address(n: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250 + 1}"}


async def _signup(http: httpx.AsyncClient, email: str, n: int) -> httpx.Response:
    body = {"name": "A", "email": email, "password": PASSWORD, "organization_name": "Co"}
    return await http.post("/rpc/signup", json=body, headers=_address(n))


async def owner(directory: Path) -> None:
    print("\n5. 40 wrong logins for one email from one address, then its owner from another")
    print("   before (issue 23): the 31st wrong login locked the owner out everywhere, 15 min")
    with (
        dedicated_cluster(directory) as (_, url),
        live_server(PRODUCT, {"DATABASE_URL": url, **BEHIND_A_PROXY}) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
            email = "owner@example.test"
            await _signup(http, email, 1)
            wrong = {"email": email, "password": "not the password"}
            errors = [
                (await http.post("/rpc/login", json=wrong, headers=_address(2))).json()["error"]
                for _ in range(40)
            ]
            right = {"email": email, "password": PASSWORD}
            answer = await http.post("/rpc/login", json=right, headers=_address(3))
    row(
        "guesser",
        f"{errors.count('InvalidCredentialsError')} evaluated, "
        f"{errors.count('TooManyAttemptsError')} refused",
    )
    row(
        "owner, elsewhere",
        f"HTTP {answer.status_code}" + (" (signed in)" if answer.is_success else ""),
    )


async def _login_seconds(http: httpx.AsyncClient, email: str, n: int) -> list[float]:
    """`n` logins of the user, each from an address of its own (the rate limits are not
    what is measured)."""
    seconds = []
    for _ in range(n):
        started = time.perf_counter()
        answer = await http.post(
            "/rpc/login",
            json={"email": email, "password": PASSWORD},
            headers=_address(int(started * 1e6) % 10**6 + 2000),
        )
        seconds.append(time.perf_counter() - started)
        assert answer.is_success, answer.text
    return seconds


async def flood(directory: Path) -> None:
    print("\n6. Logins of one user while anonymous clients flood password_reset_complete")
    print("   before (issue 23): the login median went from 0.48 s to 3.2 s (argon2 for every")
    print("   guess, before the code was looked up, with no rate limit)")
    flooders, each = 40, 10
    with (
        dedicated_cluster(directory) as (_, url),
        live_server(PRODUCT, {"DATABASE_URL": url, **BEHIND_A_PROXY}) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as http:
            email = "flooded@example.test"
            await _signup(http, email, 5)
            await _login_seconds(http, email, 2)  # warm
            alone = await _login_seconds(http, email, 15)
            answers: list[str] = []

            async def flooder(n: int) -> None:
                for k in range(each):
                    body = {"code": f"guess-{n}-{k}", "new_password": "a new long password"}
                    res = await http.post(
                        "/rpc/password_reset_complete", json=body, headers=_address(1000 + n)
                    )
                    answers.append(res.json().get("error", "ok"))

            flooding = asyncio.gather(*(flooder(n) for n in range(flooders)))
            during = await _login_seconds(http, email, 15)
            await flooding
    median_alone, median_during = statistics.median(alone), statistics.median(during)
    row("login median alone", f"{median_alone * 1000:.0f} ms")
    row("during the flood", f"{median_during * 1000:.0f} ms ({median_during / median_alone:.2f}x)")
    row(
        "flood answers",
        ", ".join(f"{answers.count(e)} {e}" for e in sorted(set(answers))),
    )


async def totp(directory: Path) -> None:
    print("\n7. Wrong TOTP codes for one user, each from a fresh address and a fresh challenge")
    print("   before (issue 23): about 100 evaluated in the first minute")
    from pyotp.totp import TOTP

    with (
        dedicated_cluster(directory) as (_, url),
        live_server(PRODUCT, {"DATABASE_URL": url, **BEHIND_A_PROXY}) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
            email = "totp@example.test"
            session = (await _signup(http, email, 9)).cookies["blossom_session"]
            cookie = {"Cookie": f"blossom_session={session}"}  # Secure: sent by hand on http
            enrolled = await http.post(
                "/rpc/mfa_totp_enroll",
                content=b"null",
                headers={**cookie, "Content-Type": "application/json"},
            )
            assert enrolled.is_success, enrolled.text
            secret = enrolled.json()["secret"]
            confirmed = await http.post(
                "/rpc/mfa_totp_confirm", json={"code": TOTP(secret).now()}, headers=cookie
            )
            recovery = confirmed.json()["recovery_codes"][0]
            http.cookies.clear()

            def wrong() -> str:
                right = {TOTP(secret).at(CLOCK.now(), counter_offset=o) for o in (-1, 0, 1)}
                return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in right)

            errors = []
            started = time.monotonic()
            n = 100
            while time.monotonic() - started < 60 and len(errors) < 120:
                n += 1
                login = await http.post(
                    "/rpc/login", json={"email": email, "password": PASSWORD}, headers=_address(n)
                )
                challenge = login.json()["data"]["challenge"]
                guess = await http.post(
                    "/rpc/login_mfa",
                    json={"challenge": challenge, "code": wrong()},
                    headers=_address(n),
                )
                errors.append(guess.json()["error"])
                if (
                    errors[-1] == "TooManyAttemptsError"
                    and errors.count("TooManyAttemptsError") > 20
                ):
                    break
            n += 1
            login = await http.post(
                "/rpc/login", json={"email": email, "password": PASSWORD}, headers=_address(n)
            )
            rescue = await http.post(
                "/rpc/login_mfa",
                json={"challenge": login.json()["data"]["challenge"], "recovery_code": recovery},
                headers=_address(n),
            )
    row("wrong codes evaluated", f"{errors.count('MFACodeInvalidError')} of {len(errors)} guesses")
    row("refused by the lockout", f"{errors.count('TooManyAttemptsError')}")
    row(
        "owner's recovery code",
        f"HTTP {rescue.status_code}" + (" (signed in)" if rescue.is_success else ""),
    )


SECTIONS = ("sigterm", "outage", "locked", "guessing", "owner", "flood", "totp")


async def main(sections: list[str]) -> None:
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown sections {sorted(unknown)}: choose from {', '.join(SECTIONS)}")
    chosen = sections or SECTIONS
    os.environ.setdefault("DATABASE_URL", database_url())
    if "sigterm" in chosen:
        await sigterm()
    with tempfile.TemporaryDirectory() as scratch:
        if "outage" in chosen:
            await outage(Path(scratch) / "outage")
        if "locked" in chosen:
            await locked_table(Path(scratch) / "locked")
        if "guessing" in chosen:
            await guessing(Path(scratch) / "guessing")
        if "owner" in chosen:
            await owner(Path(scratch) / "owner")
        if "flood" in chosen:
            await flood(Path(scratch) / "flood")
        if "totp" in chosen:
            await totp(Path(scratch) / "totp")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
