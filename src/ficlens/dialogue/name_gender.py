"""What a given name says of its bearer's gender, for a tag's pronoun when the text never said it ("Right,"
she said: not the man beside her). Only a tie-breaker: the cast's own gender, from titles and pronouns,
always comes first. gender-guesser's name lists are offline and load once per process: the cast's own
detector (`cast.gender`), not a second copy of the lists (0.14 CPU s and 20 MB).
"""

from __future__ import annotations

from functools import lru_cache

from ficlens.cast.gender import leaning_gender


@lru_cache(maxsize=4096)
def name_gender(name: str) -> str | None:
    """'female', 'male' or None for a character's name, read from its first word."""
    words = name.split()
    if not words or not words[0][:1].isupper():
        return None
    return leaning_gender(words[0].strip(".,'’"))
