"""The signed-in user's own profile: name and password."""
