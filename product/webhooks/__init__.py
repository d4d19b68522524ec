"""Webhooks: the organization's endpoints, the deliveries of its events, and retries."""
