"""The customer-facing Quart app (port 40811). Routes arrive with the RPC framework."""
