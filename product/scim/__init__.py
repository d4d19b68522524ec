"""SCIM 2.0 provisioning: an organization's identity provider adds, changes and removes
its members (and their roles, as groups) at `/scim/v2/`, with a SCIM token."""
