"""Where the SCIM service answers (`product.scim.mount` serves it there, the endpoint
writes it into `meta.location`)."""

from __future__ import annotations

PREFIX = "/scim/v2"
