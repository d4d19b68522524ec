"""Observability: metrics (`metrics`), error reporting (`errors`), tracing (`tracing`).

A basic of `foundation` (it imports only the other basics and third-party libraries), so
every layer, `database` included, can count, time and trace. No other module imports
prometheus-client, sentry-sdk or OpenTelemetry.
"""
