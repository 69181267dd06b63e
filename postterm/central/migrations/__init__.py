"""Alembic migrations of the central's schema, shipped in the package and run in code."""
