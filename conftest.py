"""Root pytest configuration: the test plugin, and the apps `t.rpc` calls."""

from foundation.testing.rpc import register_app
from panopticon.app import create_panopticon_app
from panopticon.framework import PANOPTICON
from product.app import create_product_app
from product.framework import PRODUCT

pytest_plugins = ["foundation.testing.plugin"]

register_app(create_product_app, PRODUCT)
register_app(create_panopticon_app, PANOPTICON)
