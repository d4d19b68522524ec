"""Root pytest configuration: the test plugin, and the apps `t.rpc` calls."""

from foundation.testing.rpc import register_app
from panopticon.app import create_panopticon_app
from product.app import create_product_app

pytest_plugins = ["foundation.testing.plugin"]

register_app("product", create_product_app)
register_app("panopticon", create_panopticon_app)
