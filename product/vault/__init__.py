"""The organization's secrets vault: values are encrypted at rest and never leave by RPC."""
