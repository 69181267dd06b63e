"""The reference central API (FastAPI + SQLModel)."""
