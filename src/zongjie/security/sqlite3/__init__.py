"""The SQLite backend, which still opens a database on a read-only disk (read-only)."""
