"""Congress scheduling and logistics service (FastAPI application and persistence)."""
