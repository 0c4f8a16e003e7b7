"""GET /@users-search (core/directory.py)."""
