"""Small helpers for the words of messages, shared by every layer."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``counted(1, "claim")`` -> ``1 claim``; ``counted(2, "claim")`` -> ``2 claims``."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"
