"""Relationships between characters: who talks to whom, and how often."""

from ficlens.relations.interactions import count_interactions

__all__ = ["count_interactions"]
