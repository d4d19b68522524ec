"""Cryptography facades: the keyring and the secrets vault."""
