import re

from tools.lock import LOCK, PYPROJECT, constraint_pins, locked_pins


def test_uv_constraints_match_requirements_lock() -> None:
    assert constraint_pins(PYPROJECT.read_text()) == locked_pins(
        LOCK.read_text()
    ), "pyproject.toml's constraint-dependencies differ from requirements.lock: run `just lock`"


def test_lock_is_hashed_and_names_no_download_host() -> None:
    text = LOCK.read_text()
    assert not re.search(r"(https?|file)://", text)
    pins = re.findall(r"^\S+==\S+", text, re.M)
    assert pins and text.count("--hash=sha256:") >= len(pins)
