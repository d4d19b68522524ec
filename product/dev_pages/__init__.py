"""The development server's pages for the links in emails: `pages.add_dev_pages`."""
