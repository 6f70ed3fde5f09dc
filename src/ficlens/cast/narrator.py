"""Who "I" is: whether the story is told in the first person (then the cast has a narrator), and the name
the notes give the narrator ("Sokka narrates this one") or the others call the narrator by.

In a first-person story the narrator's own name shows up only when someone speaks to them ("Go back to
bed, Percy."); every other character is also named in the narration ("Annabeth frowned"). The character
addressed most often in the quotations and (almost) never named in the story's narration is the narrator,
when it is clearly ahead of any other such character.
"""

from __future__ import annotations

import bisect
import re

from wordfreq import zipf_frequency

from ficlens.analysis import Analysis
from ficlens.cast.cast import Cast, Member
from ficlens.cast.junk import COMMON_ZIPF, RANKS
from ficlens.cast.names import parse_name

MIN_VOCATIVES = 3
"""Times the name must address someone before it names the narrator."""
LEAD = 2
"""How many times more often than the next such name."""
NARRATED_SHARE = 0.2
"""The narration may name the narrator now and then (a newspaper report quoted in the narration: "the
discovery was made by Dr. Watson"), at most this often for each time the others address them."""
_NAME = r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
_STATED = tuple(re.compile(pattern) for pattern in (
    rf"\b{_NAME} narrates\b", rf"\b(?:[Nn]arrated|[Tt]old) by {_NAME}", rf"\b{_NAME}['’]s (?:POV|[Pp]oint of [Vv]iew)\b",
    rf"\b{_NAME} POV\b", rf"\bPOV:? {_NAME}", rf"\b[Ff]irst[- ][Pp]erson (?:POV )?{_NAME}",
))
"""How an author's note or a work's tag says who tells the story: "Sokka narrates this one", "narrated by
Percy", "Sakura's POV", "Max POV", "POV Izuku", "First Person Sokka"."""
_VOCATIVE_AFTER = re.compile(r"\s*(?:[,?!.…]|$)")
_VOCATIVE_BEFORE = re.compile(r"(?:,|^|[\"“‘'])\s*$")


def narrator_member(analysis: Analysis, cast: Cast) -> int | None:
    """The named member "I" is: the one the notes or tags say (`narrator_by_statement`), else the one the
    others address (`narrator_by_address`)."""
    stated = narrator_by_statement(analysis, cast)
    return stated if stated is not None else narrator_by_address(analysis, cast)


def narrator_by_statement(analysis: Analysis, cast: Cast) -> int | None:
    """The character the author's notes, the summary or the tags say tells the story (`_STATED`), when they
    name one only: a story whose narrator is hardly ever addressed by name ("Snoozles", once) is still theirs.
    A name the story itself never uses (only the note says it) is added to the cast, unless it is a common
    word."""
    text = analysis.text
    work = analysis.document.work
    said = [text[p.start : p.end] for p in analysis.paragraphs if p.note]
    if work is not None:
        said += [*work.tags, work.summary or ""]
    named: dict[int | str, str] = {}  # the member, or the name itself when the cast has no such member
    for sentence in said:
        for pattern in _STATED:
            for match in pattern.finditer(sentence):
                name = match.group("name")
                index = cast.lookup(name)
                if index is None and zipf_frequency(name.lower(), "en") < COMMON_ZIPF:
                    named[name.lower()] = name
                elif index is not None and cast.members[index].kind == "named":
                    named[index] = name
    if len(named) != 1:
        return None
    (key, name), = named.items()
    if isinstance(key, int):
        return key
    index = cast.add(name, parts=parse_name(name))
    cast.add_alias(index, name)
    return index


def narrator_by_address(analysis: Analysis, cast: Cast) -> int | None:
    """The member the narrator is, by the rule above; None when no name stands out."""
    text = analysis.text
    quotes = sorted((q.inner_start, q.inner_end) for q in analysis.quotes)
    starts = [s for s, _ in quotes]
    counts: dict[int, int] = {}
    for index, member in enumerate(cast.members):
        if index in cast.merged or member.kind != "named" or member.pack or _a_rank(member):
            continue
        vocatives = narrated = 0
        for start, end in member.mentions:
            position = bisect.bisect_right(starts, start) - 1
            inside = position >= 0 and quotes[position][0] <= start < quotes[position][1]
            if not inside:
                narrated += analysis.paragraphs[analysis.paragraph_at(start)].story
                continue
            inner_start, inner_end = quotes[position]
            if _VOCATIVE_AFTER.match(text[end:inner_end]) and _VOCATIVE_BEFORE.search(text[inner_start:start]) or (
                _VOCATIVE_AFTER.match(text[end:inner_end]) and text[end:end + 1] in ",?!"
            ):
                vocatives += 1
        if vocatives >= MIN_VOCATIVES and narrated <= NARRATED_SHARE * vocatives:
            counts[index] = vocatives
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or len(ranked) > 1 and ranked[0][1] < LEAD * ranked[1][1]:
        return None
    return ranked[0][0]



def _a_rank(member: Member) -> bool:
    """A rank alone ("Chief", "Captain") is how the narrator addresses someone as often as how the others
    address the narrator: it names no narrator."""
    return all(len(p.words) == 1 and p.words[0].lower() in RANKS for p in member.parts)


def narrated_in_first_person(analysis: Analysis) -> bool:
    """Narration (outside quotations) with many first-person pronouns."""
    quotes = [(q.start, q.end) for q in analysis.quotes]
    narration = first = 0
    qi = 0
    for paragraph in analysis.paragraphs:
        if paragraph.doc is None:
            continue
        for token in paragraph.doc:
            offset = paragraph.start + token.idx
            while qi < len(quotes) and quotes[qi][1] <= offset:
                qi += 1
            if qi < len(quotes) and quotes[qi][0] <= offset:
                continue
            narration += 1
            if token.text in ("I", "me", "my", "myself") and token.tag_ in ("PRP", "PRP$"):
                first += 1
    return narration > 200 and first > 0.012 * narration
