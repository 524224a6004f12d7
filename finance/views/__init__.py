"""Finance's pages: parse, check permission, call a selector or a service, render."""
