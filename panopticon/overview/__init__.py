"""The console's front page: counts of users, organizations, sessions, signups and invites."""
