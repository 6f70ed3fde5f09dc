"""Self-checks of the attribution, reported with the story model's stats (and by `ficlens eval`)."""

from __future__ import annotations

from ficlens.analysis import Analysis


def tag_conflicts(analysis: Analysis) -> int:
    """Utterances whose explicit tag named one character and whose final speaker is another (after merges:
    a tag naming a nickname later folded into its character agrees with that character; a tag naming only a
    description, "said a voice", that the text later links to a name agrees with that name)."""
    cast = analysis.cast
    if cast is None:
        return 0

    def final(member: int | None) -> int | None:
        while member is not None and member in cast.merged:
            member = cast.merged[member]
        return member

    return sum(
        1
        for q in analysis.quotes
        if q.tag_speaker is not None
        and final(q.tag_speaker) != final(q.speaker)
        and cast.members[q.tag_speaker].kind != "unnamed"  # "said a voice", later named: a link, not a conflict
    )
