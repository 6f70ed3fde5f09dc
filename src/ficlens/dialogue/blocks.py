"""Conversation blocks: the untagged turns between two explicitly tagged turns of a two-person exchange.

Turn-taking reads forward from the last speakers it knows, so one wrong guess (a third character who spoke
earlier) carries on until the next tag. When the tags on both sides of an untagged run name two different
speakers and strict alternation from the first reaches the second (the number of turns between them fits),
the run is that exchange: its turns alternate between the two. A run holding evidence of its own that
disagrees (a tag, an action beat, a vocative reply, a line addressing its own alternated speaker) is left alone.
"""

from __future__ import annotations

from ficlens.analysis import Quote
from ficlens.dialogue.context import Context
from ficlens.dialogue.evidence import attribute

_SURER = frozenset({"action-beat", "previous-narration", "vocative-reply", "introduction", "legend"})
"""Evidence a block does not overrule: it must agree with the alternation or the block is left alone."""
MAX_RUN = 20
"""The most untagged turns a block fills. A quick exchange of questions and answers runs long without a tag
(PDNC: 8 -> 20 moved implicit lines 64.8 -> 65.0%); a third voice joining breaks the parity check anyway."""
MAX_GAP = 1
"""The most paragraphs between two turns of a block: a longer pause lets someone else come in."""

Turn = list[Quote]


def fill_blocks(context: Context) -> None:
    for turns in _conversation_turns(context):
        anchors = [(position, _tagged(turn)) for position, turn in enumerate(turns)]
        anchors = [(position, speaker) for position, speaker in anchors if speaker is not None]
        for (first, a), (last, b) in zip(anchors, anchors[1:], strict=False):
            run = turns[first + 1 : last]
            if a == b or not run or len(run) > MAX_RUN or (last - first) % 2 == 0:
                continue
            if not _close(turns[first : last + 1]):
                continue
            wanted = [b if offset % 2 else a for offset in range(1, len(run) + 1)]
            if all(_fits(turn, speaker) for turn, speaker in zip(run, wanted, strict=True)):
                for turn, speaker in zip(run, wanted, strict=True):
                    for quote in turn:
                        attribute(quote, speaker, "turn-taking-block")


def _conversation_turns(context: Context) -> list[list[Turn]]:
    """Per conversation, its spoken lines grouped by paragraph (a turn), in reading order."""
    conversations: dict[int, list[Turn]] = {}
    for quote, conversation in zip(context.analysis.quotes, context.conversation, strict=True):
        if quote.kind != "speech" or quote.username:
            continue
        turns = conversations.setdefault(conversation, [])
        if turns and turns[-1][-1].last_para >= quote.para:
            turns[-1].append(quote)
        else:
            turns.append([quote])
    return list(conversations.values())


def _close(turns: list[Turn]) -> bool:
    return all(later[0].para - earlier[-1].last_para - 1 <= MAX_GAP for earlier, later in zip(turns, turns[1:], strict=False))


def _tagged(turn: Turn) -> int | None:
    """The one speaker the explicit tags of a turn name (None without a tag, or with two)."""
    speakers = {q.tag_speaker for q in turn if q.tag_speaker is not None and q.speaker == q.tag_speaker}
    return speakers.pop() if len(speakers) == 1 else None


def _fits(turn: Turn, speaker: int) -> bool:
    for quote in turn:
        if speaker in quote.vocatives or quote.tag_speaker not in (None, speaker):
            return False
        if quote.evidence in _SURER and quote.speaker != speaker:
            return False
    return True
