pytest_plugins = ["foundation.testing.plugin"]
