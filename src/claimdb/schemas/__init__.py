"""Pydantic v2 schemas: the typed boundary between the CLI, files and services.

Nothing here knows about SQLAlchemy, Typer or Rich.
"""
