"""Page views, one module per area; each is thin over services and querysets."""
