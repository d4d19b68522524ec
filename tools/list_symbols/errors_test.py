import dataclasses

from product.organizations.roles import InsufficientRoleError
from tools.list_symbols.errors import errors_of, render, routers


def test_every_error_of_every_route_is_listed_with_status_and_fields() -> None:
    for app, router in routers().items():
        listed = {e.name: e for e in errors_of(router)}
        for route in router.routes():
            for error in route.errors:
                entry = listed[error.__name__]
                assert entry.status == error.status, (app, error)
                expected = dataclasses.fields(error) if dataclasses.is_dataclass(error) else ()
                assert entry.fields == tuple(f.name for f in expected)
                assert route.name in entry.routes or entry.routes == ("(every route)",)


def test_product_and_panopticon_errors() -> None:
    apps = {app: {e.name: e for e in errors_of(r)} for app, r in routers().items()}
    role = apps["product"]["InsufficientRoleError"]
    assert (role.status, role.fields) == (InsufficientRoleError.status, ("role",))
    assert "organization_update" in role.routes
    assert apps["product"]["InputValidationError"].routes == ("(every route)",)
    assert "AdminInsufficientRoleError" in apps["panopticon"]
    assert "AdminInsufficientRoleError" not in apps["product"]
    text = render({"product": list(apps["product"].values())})
    assert text.startswith("product: ") and "data: role" in text
