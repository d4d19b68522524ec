"""Support: an LLM's short summary of a user's recent history."""
