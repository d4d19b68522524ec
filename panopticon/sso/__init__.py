"""Organizations' single sign-on connections in the admin console: seen (never the
client secret), removed by superadmins with a reason."""
