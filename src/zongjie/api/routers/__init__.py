"""One router per domain; each is thin over the services of its app."""
