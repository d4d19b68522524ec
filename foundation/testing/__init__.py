"""Test support for every layer: the `t` fixture, typed RPC calls, factories, fakes of
external services, live servers, snapshots and the sample app the framework is tested on."""
