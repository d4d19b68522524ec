"""Webhooks: events emitted in the transaction of a change (`events.emit`), delivered by
senders with Standard Webhooks signatures to safe targets only (`sender`, `targets`)."""
