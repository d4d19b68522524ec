"""Organizations and their members: create, switch, rename, list, change roles, remove, leave."""
