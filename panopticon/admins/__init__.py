"""Who may use panopticon: `blossom admin grant|revoke EMAIL`."""
