"""The internal admin Quart app (port 40812). Routes arrive with the RPC framework."""
