"""File formats: one module per format, with its read side and its write side.

Pure code on bytes, text and plain records: no database, no services, no
SQLAlchemy (an import-linter contract in pyproject.toml keeps it so). The
import worker process loads only this package and :mod:`claimdb.schemas`.
"""
