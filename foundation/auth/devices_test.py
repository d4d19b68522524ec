"""User agents in words, and what counts as the same device."""

from __future__ import annotations

from foundation.auth.devices import Device, describe, same_device

MAC_CHROME = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"


def test_a_user_agent_in_words() -> None:
    assert describe(MAC_CHROME) == Device("Chrome 120", "Mac OS X 10.15", "Mac")
    assert describe(MAC_CHROME).label == "Chrome 120 on Mac OS X 10.15"
    assert describe(WINDOWS_FIREFOX) == Device("Firefox 121", "Windows 10", "Computer")
    unknown = Device("Unknown", "Unknown", "Unknown")
    assert describe(None) == describe("") == unknown
    assert describe("curl/8.5.0") == Device("curl 8", "Unknown", "Unknown")
    assert describe("\x00 not a browser") == unknown


def test_the_same_device_whatever_the_versions() -> None:
    assert same_device(MAC_CHROME, MAC_CHROME.replace("Chrome/120", "Chrome/121"))
    assert not same_device(MAC_CHROME, WINDOWS_FIREFOX)
    assert not same_device(MAC_CHROME, MAC_CHROME.replace("Chrome/120", "Firefox/120"))
    assert same_device(None, None) and same_device(None, "")
    assert not same_device(None, MAC_CHROME)
