"""Pure algorithms on text: anchoring, sentence splitting, check-worthiness, matching.

Functions here take strings and plain data and return plain data. They never
import the database layer, the services or SQLAlchemy (an import-linter
contract in pyproject.toml keeps it so); the use cases in
:mod:`claimdb.services` call them.
"""
