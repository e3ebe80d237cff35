"""The corpus store: many documents' tables, rows, facts, claims and findings in one schema.

An embedded DuckDB file by default, PostgreSQL when given a ``postgresql://`` URL; both through
SQLAlchemy Core (``schema.py``), so one set of statements serves both. Documents are read and
checked in worker processes (``tasks.py``); only the parent process writes (``writer.py``).
"""

DEFAULT_DB = "budgetlens.duckdb"  # an embedded DuckDB file in the working directory
