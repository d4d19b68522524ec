"""`blossom lock` / `just lock`: regenerate requirements.lock and pin `uv run` to it.

requirements.lock (from `uv pip compile --generate-hashes`, no URLs) is the lock we
commit. `uv run` resolves from pyproject.toml, so the exact versions of the lock are
mirrored into `[tool.uv] constraint-dependencies`: both always install the same set.
A test fails when the two disagree.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", re.M)
GROUPS = ("dev", "embedded", "bench")
"""The dependency groups locked beside the runtime (and installed by `uv run`: `[tool.uv]
default-groups`); `runtime_lock` leaves them out of the image."""
_BLOCK = re.compile(r"(?ms)^constraint-dependencies = \[\n.*?^\]\n")


def locked_pins(text: str) -> list[str]:
    pins = sorted({f"{name.lower()}=={version}" for name, version in _PIN.findall(text)})
    return [p for p in pins if not p.startswith("blossom==")]


def constraint_pins(pyproject: str) -> list[str]:
    match = _BLOCK.search(pyproject)
    if match is None:
        return []
    return sorted(re.findall(r'"([^"]+)"', match.group(0)))


def render_constraints(pins: list[str]) -> str:
    body = "".join(f'    "{pin}",\n' for pin in pins)
    return f"constraint-dependencies = [\n{body}]\n"


def compile_lock(upgrade: bool = False) -> None:
    args = ["uv", "pip", "compile", "pyproject.toml", "--generate-hashes"]
    args += [arg for group in GROUPS for arg in ("--group", group)]
    args += ["--python-version", "3.11", "--no-header", "--quiet", "-o", str(LOCK)]
    if upgrade:
        args.append("--upgrade")
    subprocess.run(args, cwd=ROOT, check=True)


def sync_constraints() -> None:
    text = PYPROJECT.read_text()
    block = render_constraints(locked_pins(LOCK.read_text()))
    if _BLOCK.search(text):
        text = _BLOCK.sub(block, text)
    else:
        text = text.rstrip("\n") + "\n\n[tool.uv]\n" + block
    PYPROJECT.write_text(text)


_ENTRY = re.compile(
    r"(?ms)^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==.*?(?=^[A-Za-z0-9_.\-]+(?:\[[^\]]*\])?==|\Z)"
)
_VIA = re.compile(
    r"^\s*#\s+(?:via\s+)?([A-Za-z0-9_.\-]+(?: \(pyproject\.toml(?::\w+)?\))?)\s*$", re.M
)


def runtime_lock(text: str) -> str:
    """The entries of requirements.lock that the runtime needs (no dev group): those the
    project requires directly, then, to a fixed point, those a runtime entry requires (read
    from uv's `# via` annotations). Hashes are kept, so `pip install --require-hashes`
    installs exactly the locked files (the container image's build)."""
    entries = {m.group(1).lower(): m.group(0) for m in _ENTRY.finditer(text)}
    needed_by = {name: set(_VIA.findall(entry)) for name, entry in entries.items()}
    runtime = {n for n, via in needed_by.items() if "blossom (pyproject.toml)" in via}
    while True:
        more = {
            n
            for n, via in needed_by.items()
            if n not in runtime and any(v.lower() in runtime for v in via)
        }
        if not more:
            break
        runtime |= more
    return "".join(entries[n] for n in sorted(runtime))


def main() -> None:
    if "--runtime" in sys.argv:  # the image's build: print the runtime subset of the lock
        sys.stdout.write(runtime_lock(LOCK.read_text()))
        return
    compile_lock(upgrade="--upgrade" in sys.argv)
    sync_constraints()


if __name__ == "__main__":
    main()
