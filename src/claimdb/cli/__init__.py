"""The command-line interface: parse, call one service, render.

Each command group is a Typer sub-app in its own module; :mod:`claimdb.cli.main`
only wires them together. Services, and through them SQLAlchemy and Alembic,
are imported inside the command functions so that ``claimdb --help`` and
commands that do not touch data start fast.
"""
