# syntax=docker/dockerfile:1
# One image for every Blossom process; the command picks it (docker-compose.yml):
#   blossom product serve | blossom panopticon serve | blossom db migrate
#   blossom pipeline webserver | blossom pipeline daemon
# Build: docker build -t blossom .   Run: docker compose up (see README, "Containers").

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the runtime dependencies, exactly requirements.lock's files (hashes checked) ---
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY requirements.lock ./
COPY tools/lock.py tools/lock.py
# The runtime subset of the lock (no dev group: no pytest, ruff, pyright, ...), with hashes.
RUN python tools/lock.py --runtime > requirements.runtime.lock \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes --no-deps -r requirements.runtime.lock \
    && /opt/venv/bin/pip check

# --- final: the venv, the source, the committed admin console build; no compilers, no dev tools ---
FROM ${PYTHON_IMAGE} AS final
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BLOSSOM_ENV=production \
    WEB_HOST=0.0.0.0 \
    METRICS_HOST=0.0.0.0 \
    DAGSTER_HOME=/var/lib/blossom/dagster \
    HEALTHCHECK_URL=http://127.0.0.1:40811/ready
# xmlsec1: pysaml2 verifies SAML signatures with it (single sign-on, product/sso).
RUN apt-get update && apt-get install -y --no-install-recommends xmlsec1 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 blossom \
    && useradd --system --uid 10001 --gid blossom --home-dir /var/lib/blossom --create-home blossom \
    && mkdir -p /var/lib/blossom/dagster && chown -R blossom:blossom /var/lib/blossom
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# .env.example holds the documented defaults (read at start); .dockerignore keeps out
# .env.local, tests' artifacts, node_modules and everything else not needed at run time.
COPY --chown=root:root . /app
RUN python -m compileall -q /app /opt/venv \
    && test -f /app/panopticon/console/dist/index.html
USER blossom
# The apps (product, panopticon), Dagster's UI; the metrics ports that compose sets
# (METRICS_PORT, PANOPTICON_METRICS_PORT: GET /metrics on METRICS_HOST, all interfaces
# here, so Prometheus in another container can scrape; never publish them to the world).
EXPOSE 40811 40812 40813 40821 40822
# /ready answers 200 only while the app can serve: the database reachable, the schema not
# behind, not draining (503 otherwise). /ping is liveness only (200 while the process runs).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ['HEALTHCHECK_URL'], timeout=2)"]
# Exec form: `blossom` is PID 1's child under `docker run --init` / compose `init: true`,
# and receives SIGTERM directly; it drains in-flight requests within
# WEB_SHUTDOWN_GRACE_SECONDS (keep the stop timeout above it).
STOPSIGNAL SIGTERM
ENTRYPOINT ["python", "-m", "cli.main"]
CMD ["product", "serve"]
