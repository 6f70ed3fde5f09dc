"""Utterances, their speakers and their addressees: one step per module."""

from ficlens.dialogue.addressees import attribute_addressees
from ficlens.dialogue.emphasis import emphasis_utterances
from ficlens.dialogue.quotes import find_quotes
from ficlens.dialogue.ranker import rank_speakers
from ficlens.dialogue.speakers import attribute_speakers

__all__ = ["attribute_addressees", "attribute_speakers", "emphasis_utterances", "find_quotes", "rank_speakers"]
