"""The DuckDB build: extracted records + curated facts + reference data → one checked database file."""
