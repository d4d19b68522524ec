"""Shared framework: configuration, errors, logging, clock, JSON, test fixtures."""
