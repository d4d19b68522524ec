"""The Quart webserver shared by both apps: `foundation.webserver.app.create_app` builds
one, `foundation.webserver.serve.serve` runs it. Nothing is imported here, so that the
CLI's `serve` commands (`foundation.webserver.cli`) stay cheap to import."""
