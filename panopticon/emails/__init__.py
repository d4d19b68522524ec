"""The email outbox as support sees it: failed deliveries first."""
