"""`blossom dev seed`: a demo world for a fresh checkout (`seed.py`)."""
