"""The account lifecycle: email verification, password reset, email change, deletion."""
