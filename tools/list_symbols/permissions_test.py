from tools.list_symbols.errors import routers
from tools.list_symbols.permissions import matrix, render


def test_the_permission_matrix_lists_roles_and_routes() -> None:
    rows = {name: (holders, routes) for name, holders, routes, _ in matrix(routers()["product"])}
    assert rows["vault:write"] == (
        (True, True, False),
        ["vault_secret_create", "vault_secret_delete"],
    )
    assert rows["roles:manage"][0] == (True, False, False)
    assert rows["billing:manage"][1] == []
    text = render(matrix(routers()["product"]))
    assert text.startswith("permission") and "members:read" in text
