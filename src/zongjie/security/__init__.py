"""Small security helpers shared by pages, API and imports: uploads, login limits, audit log."""
