"""`/scim/v2/...` (every method) on the product app. The service itself
(`product.scim.endpoint`, built on scim2-models' pydantic models, whose import costs about
half a second of CPU) is imported by the first SCIM request a process serves, not by every
process that builds the app: servers, workers, the CLI's commands and the test servers.
"""

from __future__ import annotations

from quart import Quart, Response

from product.scim.urls import PREFIX


def install_scim(app: Quart) -> None:
    """Serve `/scim/v2/...` (every method) on the product app."""

    async def view(path: str = "") -> Response:
        from product.scim.endpoint import serve

        return await serve(path)

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    app.add_url_rule(PREFIX, endpoint="scim_root", view_func=view, methods=methods)
    app.add_url_rule(f"{PREFIX}/<path:path>", endpoint="scim", view_func=view, methods=methods)
