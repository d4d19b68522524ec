"""`python -m tools.list_symbols symbols [PACKAGE ...]` | `... errors` | `... admin-routes` |
`... permissions`."""

import sys

from tools.list_symbols import admin_routes, errors, permissions, symbols


def main(argv: list[str]) -> int:
    what, *rest = argv or ["symbols"]
    if what == "symbols":
        packages = tuple(rest) or symbols.DEFAULT_PACKAGES
        sys.stdout.write(symbols.render(symbols.list_symbols(packages)))
        return 0
    if what == "errors":
        apps = {name: errors.errors_of(router) for name, router in errors.routers().items()}
        sys.stdout.write(errors.render(apps))
        return 0
    if what == "admin-routes":
        routes = {name: admin_routes.admin_routes(r) for name, r in errors.routers().items()}
        sys.stdout.write(admin_routes.render(routes))
        return 0
    if what == "permissions":
        sys.stdout.write(permissions.render(permissions.matrix(errors.routers()["product"])))
        return 0
    print(
        "usage: python -m tools.list_symbols symbols [PACKAGE ...] | errors | admin-routes"
        " | permissions",
        file=sys.stderr,
    )
    return 2


sys.exit(main(sys.argv[1:]))
