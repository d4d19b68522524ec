"""Foundation's basics, the floor below `database`: errors, configuration (`env`), strict
JSON, the clock, logs, paths, input types, progress lines, the keyring, observability and
retries. They import nothing of ours outside this folder."""
