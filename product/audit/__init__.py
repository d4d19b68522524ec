"""The organization's audit log: its members' changes and Blossom staff's actions on it."""
