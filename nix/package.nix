# The `blossom` command and `blossom-product` (the product server) as a Nix package.
# requirements.lock pins the Python dependencies with hashes (several, dagster's
# included, are not in nixpkgs at these versions), so the wrapper installs exactly that
# lock with uv into a per-version cache on first run (`uv pip install --require-hashes`),
# then runs the source from the Nix store.
{ pkgs, src }:

let
  python = pkgs.python311;
  source = pkgs.lib.cleanSourceWith {
    inherit src;
    filter = path: type:
      let name = baseNameOf path; in
      !(builtins.elem name [ ".git" ".venv" ".local" "node_modules" ".env.local" ]);
  };
  runtime = pkgs.lib.makeBinPath [ python pkgs.uv pkgs.coreutils ];
  wrapper = name: command: pkgs.writeShellScriptBin name ''
    set -euo pipefail
    export PATH=${runtime}:$PATH
    venv="''${XDG_CACHE_HOME:-$HOME/.cache}/blossom/venv-${builtins.substring 0 12 (builtins.hashFile "sha256" ../requirements.lock)}"
    if [ ! -x "$venv/bin/python" ]; then
      uv venv --quiet --python ${python}/bin/python3.11 "$venv"
      ${python}/bin/python3.11 ${source}/tools/lock.py --runtime > "$venv/requirements.runtime.lock"
      uv pip install --quiet --python "$venv/bin/python" --require-hashes --no-deps \
        -r "$venv/requirements.runtime.lock"
    fi
    export PYTHONPATH=${source}
    exec "$venv/bin/python" -m cli.main ${command} "$@"
  '';
in
pkgs.symlinkJoin {
  name = "blossom";
  paths = [
    (wrapper "blossom" "")
    (wrapper "blossom-product" "product serve")
  ];
}
