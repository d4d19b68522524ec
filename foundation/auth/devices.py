"""What a session's user agent says in words people recognise ("Chrome 120 on Mac OS X"),
through the maintained `ua-parser` (the uap-core rules, `ua-parser-builtins`).

    device = describe(session.user_agent)   # Device(browser="Chrome 120", os="Mac OS X 10.15", ...)

`same_device` compares what stays the same across browser updates (the browser, the
operating system and the device families, without versions): a sign-in from a device
none of the user's earlier sessions came from gets a "new sign-in" email.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

UNKNOWN = "Unknown"
COMPUTER = "Computer"
"""The device of a known system that names none (a desktop or laptop browser)."""


@dataclass(frozen=True, slots=True)
class Device:
    """A user agent in words."""

    browser: str
    """The browser and its major version ("Firefox 121"), or "Unknown"."""
    os: str
    """The operating system and its version ("Windows 10", "iOS 17.1"), or "Unknown"."""
    device: str
    """The device ("iPhone", "Mac", "Computer" for other desktops and laptops), or
    "Unknown"."""

    @property
    def label(self) -> str:
        """One line: "Chrome 120 on Mac OS X 10.15"."""
        return f"{self.browser} on {self.os}"


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


@functools.lru_cache(maxsize=1024)
def describe(user_agent: str | None) -> Device:
    """The browser, operating system and device `user_agent` names ("Unknown" for what it
    does not say, or no header at all)."""
    if not user_agent:
        return Device(UNKNOWN, UNKNOWN, UNKNOWN)
    from ua_parser import parse  # its regexes load with the first user agent, not at start

    parsed = parse(user_agent)
    browser = parsed.user_agent
    system = parsed.os
    device = parsed.device
    return Device(
        browser=_join(browser.family, browser.major) if browser else UNKNOWN,
        os=(
            _join(system.family, ".".join(v for v in (system.major, system.minor) if v))
            if system
            else UNKNOWN
        ),
        device=device.family if device else COMPUTER if system else UNKNOWN,
    )


@functools.lru_cache(maxsize=1024)
def _families(user_agent: str | None) -> tuple[str, str, str]:
    if not user_agent:
        return (UNKNOWN, UNKNOWN, UNKNOWN)
    from ua_parser import parse

    parsed = parse(user_agent)
    return (
        parsed.user_agent.family if parsed.user_agent else user_agent,
        parsed.os.family if parsed.os else UNKNOWN,
        parsed.device.family if parsed.device else UNKNOWN,
    )


def same_device(one: str | None, other: str | None) -> bool:
    """Whether two user agents are the same browser on the same system and device,
    whatever their versions (an unparsable one matches only itself)."""
    return _families(one) == _families(other)
