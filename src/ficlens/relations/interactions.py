"""Speaker -> addressee counts over the utterances of a story model."""

from __future__ import annotations

from collections import Counter

from ficlens.model import Interaction, Utterance


def count_interactions(utterances: list[Utterance]) -> list[Interaction]:
    pairs = Counter(
        (u.speaker, addressee) for u in utterances if u.speaker for addressee in u.addressees if addressee != u.speaker
    )
    return [Interaction(speaker=s, addressee=a, count=n) for (s, a), n in sorted(pairs.items(), key=lambda kv: -kv[1])]
