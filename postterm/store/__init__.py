"""The counter's own database: journal, read models, cached master data."""
