"""Who stands with whom: groups, memberships, allegiance events, relationships and the conversation graph."""

from ficlens.relations.build import Relations, build_relations, relate
from ficlens.relations.interactions import count_interactions

__all__ = ["Relations", "build_relations", "count_interactions", "relate"]
