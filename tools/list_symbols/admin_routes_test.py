from tools.list_symbols.admin_routes import admin_routes, render
from tools.list_symbols.errors import routers


def test_admin_routes_are_listed_per_app() -> None:
    apps = {name: admin_routes(router) for name, router in routers().items()}
    product = {name: authorization for name, authorization, _ in apps["product"]}
    assert product["organization_create"] == "user" and product["login"] == "public"
    assert "organization_update" not in product  # a customer (RLS) route
    text = render(apps)
    assert text.startswith("product: ") and "panopticon: " in text
