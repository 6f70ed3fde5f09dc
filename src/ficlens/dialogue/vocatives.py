"""Vocatives: the names by which a quotation addresses someone ("Hey Naruto", "Kit, ...", "..., Mr. Darcy.")."""

from __future__ import annotations

import re
from collections import Counter

from ficlens.analysis import Quote
from ficlens.cast.cast import NARRATOR
from ficlens.dialogue.context import Context, other_participant
from ficlens.dialogue.lexicon import CLAUSE_STARTS, EXPLETIVES, VOCATIVE_LEADS


def find_vocatives(context: Context, quote: Quote) -> list[int]:
    """Characters addressed by name in the quotation: "Hey Naruto", "Kit, ...", "..., Mr. Darcy.".

    Names come from the cast's mentions and from pack vocatives ("old man", "Teme"); a name joined by "and"
    to a vocative is one too ("old man, ero-sensei, and Tsunade-baa-chan"). A pack vocative found here
    becomes an alias and a mention of its character.
    """
    text = context.analysis.text
    spans = list(context.mentions_between(quote.inner_start, quote.inner_end))
    cast = context.cast
    if cast.vocative_pattern is not None:
        taken = [(s, e) for s, e, _ in spans]
        for match in cast.vocative_pattern.finditer(text, quote.inner_start, quote.inner_end):
            if not any(s <= match.start() < e or match.start() <= s < match.end() for s, e in taken):
                spans.append((match.start(), match.end(), cast.by_vocative[match.group(0).lower()]))
        spans.sort()
    found: list[int] = []
    previous_end = None
    for start, end, index in spans:
        joined = previous_end is not None and re.fullmatch(r"\s*,?\s*(?:and|&)?\s*", text[previous_end:start])
        if joined or is_vocative(text, quote, start, end):
            if index not in found:
                found.append(index)
            if context.member_at(start) is None:
                cast.add_alias(index, text[start:end], [(start, end)])
            previous_end = end
        else:
            previous_end = None
    return found


def is_vocative(text: str, quote: Quote, start: int, end: int) -> bool:
    before = text[quote.inner_start : start]
    after = text[end : quote.inner_end]
    before_words = re.findall(r"[\w'’-]+", before)
    previous = before_words[-1].lower() if before_words else ""
    before_stripped = before.rstrip()
    after_stripped = after.lstrip()
    next_char = after_stripped[:1]
    next_word = (re.match(r"[\w'’-]+", after_stripped) or [""])[0].lower()
    at_start = not before_words or (len(before_words) <= 2 and all(w.lower() in VOCATIVE_LEADS for w in before_words))
    after_comma = before_stripped.endswith((",", "!", "—", "–", "...", "…"))
    if after.startswith(("'s", "’s")):
        return False
    if at_start and (next_char in ",!?.…—–-" or not after_stripped or next_word in CLAUSE_STARTS):
        return True
    if after_comma and (not after_stripped or next_char in ",!?.…—–-"):
        return True
    if previous in ("you", "hey", "oh", "dear", "o", "thanks", "thank", "sorry", "bye", "goodbye", "hi", "hello",
                    "right", "yes", "no", "morning", "night", "well", "okay", "sir") and (
        not after_stripped or next_char in ",!?.…—–-" or next_word in CLAUSE_STARTS or next_word in EXPLETIVES
        or next_word in ("and", "&")
    ):
        return True
    return False


def _addresses(text: str, quote: Quote, start: int, end: int) -> bool:
    """A name that leads into more words ("Teme, why ...", "Kit I think ..."), not a lone exclamation
    ("Eccolo!", "Bah!") that merely looks like one."""
    if not quote.inner_start <= start < quote.inner_end:
        return False
    after = text[end : quote.inner_end].lstrip()
    if after.startswith(","):
        return True
    next_word = (re.match(r"[\w'’-]+", after) or [""])[0].lower()
    return next_word in CLAUSE_STARTS


def merge_vocative_names(context: Context) -> None:
    """A name used only to address someone ("Teme", "Kit", "Lizzy"), never in the narration and never
    speaking, is a nickname of the one it addresses: merge it into the listener when at least two of its uses
    agree (one use is too often an exclamation or a foreign word)."""
    cast = context.cast
    quotes = context.analysis.quotes
    narrated = {index for start, _, index in cast.mentions if not context.in_quote(start)}
    speakers = {q.speaker for q in quotes if q.speaker is not None}
    uses: dict[int, list[int | None]] = {}
    text = context.analysis.text
    for number, quote in enumerate(quotes):
        if quote.kind not in ("speech", "telepathy"):
            continue
        for index in quote.vocatives:
            if not any(_addresses(text, quote, start, end) for start, end in cast.members[index].mentions):
                continue
            member = cast.members[index]
            if member.kind != "named" or member.pack or index in cast.settled or index in narrated or index in speakers:
                continue
            if any(p.title or len(p.words) != 1 or cast.is_common_word(p.key) for p in member.parts):
                continue  # "Mrs. Long", "M. Gardiner": a person of their own, not a nickname
            if quote.kind == "telepathy" and quote.head_owner is not None:
                uses.setdefault(index, []).extend([quote.head_owner] * 2)  # the one listener there is: sure
            else:
                uses.setdefault(index, []).append(other_participant(context, number, exclude={index})[0])
    for index, listeners in uses.items():
        known = Counter(listener for listener in listeners if listener is not None and listener != index)
        if known:
            target, votes = known.most_common(1)[0]
            if votes >= 2 and votes * 3 >= 2 * len(listeners):
                cast.merge(index, target)
                context.replace_member(index, target)


def name_the_narrator(context: Context) -> None:
    """A first-person narrator is called by a name in the others' lines ("Hello, Jake," to the one who says
    "I said"): the name most often used to address the narrator — three times or more, twice as often as any
    other name, and in at least 30% of its own vocative uses — is the narrator's."""
    cast = context.cast
    narrator = cast.narrator
    if narrator is None or narrator in cast.settled or cast.members[narrator].name != NARRATOR:
        return  # settled by a roster, or named already (cast/narrator.py): "Hastings" is not also "Poirot"
    to_narrator: Counter = Counter()
    uses: Counter = Counter()
    for number, quote in enumerate(context.analysis.quotes):
        if quote.kind != "speech" or quote.speaker == narrator:
            continue
        for index in quote.vocatives:
            if index == narrator or cast.members[index].kind != "named":
                continue
            uses[index] += 1
            if other_participant(context, number, exclude={index})[0] == narrator:
                to_narrator[index] += 1
    if not to_narrator:
        return
    ranked = to_narrator.most_common(2)
    index, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if count >= 3 and 10 * count >= 3 * uses[index] and count >= 2 * runner_up:
        cast.merge(index, narrator)
        context.replace_member(index, narrator)
