"""Deterministic training history for benchmarks and tests: `draw` makes it (pure Python, no
database), `load` writes it and lets PostgreSQL derive the rest (`manage.py generate_history`)."""
