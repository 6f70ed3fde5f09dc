"""Utterances, their speakers and their addressees."""

from ficlens.dialogue.addressees import attribute_addressees
from ficlens.dialogue.quotes import find_quotes
from ficlens.dialogue.speakers import attribute_speakers

__all__ = ["attribute_addressees", "attribute_speakers", "find_quotes"]
