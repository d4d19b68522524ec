"""API keys: personal and organization keys for scripts and servers calling the API."""
