"""Product authentication: init, signup, login, logout, sessions."""
