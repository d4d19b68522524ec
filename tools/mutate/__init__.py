"""`just mutate`: mutation testing of the security core over a declared list of mutations."""
