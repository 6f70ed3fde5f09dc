"""Vocatives: the names by which a quotation addresses someone ("Hey Naruto", "Kit, ...", "..., Mr. Darcy.")."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable

from wordfreq import zipf_frequency

from ficlens.analysis import Quote
from ficlens.cast.cast import NARRATOR
from ficlens.cast.gender import is_first_name
from ficlens.cast.junk import COMMON_ZIPF
from ficlens.cast.name_structure import member_gender
from ficlens.dialogue.context import Context, other_participant
from ficlens.dialogue.lexicon import CLAUSE_STARTS, EXPLETIVES, VOCATIVE_LEADS

NICKNAME_WORDS = 2
"""A nickname is a word or two ("Seaweed Brain"); a longer form is a full name."""
EPITHET_REACH = 30
"""How far before a name "the" and one adjective may start ("the fourteenth Commander")."""
EXCHANGE_REACH = 3
"""Lines either side of a nickname's one use whose speakers show whether two people are talking alone."""
_INFERRED = {"vocative-reply", "turn-taking", "conversation", "ranker"}
"""Rules that give a line to whoever the conversation implies: a nickname may have such lines."""
_EPITHET = re.compile(r"\b[Tt]he(?: [a-z]+)?\s$")
"""A nickname in the narration takes "the" ("the Freak had been rude"); a name does not."""


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
    if at_start and (next_char in ",!?.…—–-" or not after_stripped
                     or next_word in CLAUSE_STARTS and not _verb_of_the_name(after_stripped, next_word)):
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


_AUXILIARIES = {"is", "are", "do", "does", "did", "can", "could", "will", "would", "shall", "should", "have",
                "has", "had"}
_ASKED = {"you", "i", "we", "he", "she", "they", "it", "that", "this", "there", "ye", "thou"}
"""After "Name is/has/can ...": a question put to the one named ("Kit can you hear me") goes on with a pronoun;
a statement about them ("Freddy has taken him in") with anything else."""


def _verb_of_the_name(after: str, next_word: str) -> bool:
    """A name opening a line without a comma is its subject when an auxiliary follows it and no question
    follows that ("Cecil has told you so", "Freddy is out"), not the one addressed."""
    if next_word not in _AUXILIARIES:
        return False
    words = re.findall(r"[\w'’-]+", after[:40].lower())
    return len(words) < 2 or words[1] not in _ASKED


def _addresses(text: str, quote: Quote, start: int, end: int) -> bool:
    """A name that leads into more words ("Teme, why ...", "Kit I think ...") or closes a sentence after a
    comma ("I know, Freak."), not a lone exclamation ("Eccolo!", "Bah!") that merely looks like one."""
    if not quote.inner_start <= start < quote.inner_end:
        return False
    after = text[end : quote.inner_end].lstrip()
    if text[quote.inner_start : start].rstrip().endswith(",") and after[:1] in ("", ".", "!", "?", "…"):
        return True
    if after.startswith(","):
        return True
    next_word = (re.match(r"[\w'’-]+", after) or [""])[0].lower()
    return next_word in CLAUSE_STARTS


def merge_vocative_names(context: Context) -> None:
    """A name used only to address someone ("Teme", "Kit", "Lizzy", "Seaweed Brain"), never speaking and never
    in the narration but as an epithet ("the Freak", "the Commander"), is a nickname of the one it addresses:
    merge it into the listener (of the same gender) when at least two of its uses agree, or when its one use
    closes a sentence whose speaker and listener are known ("We're not going, Catnip.") and it is never talked
    about ("he works for Raphael" makes Raphael a person of their own)."""
    cast = context.cast
    text = context.analysis.text
    nickname = _nickname_test(context)
    uses: dict[int, list[tuple[int | None, bool]]] = {}
    for number, quote in enumerate(context.analysis.quotes):
        if quote.kind not in ("speech", "telepathy") or quote.speaker is None:
            continue  # the other participant of a line nobody speaks yet may be its own speaker
        for index in filter(nickname, quote.vocatives):
            spans = [(s, e) for s, e in cast.members[index].mentions if quote.inner_start <= s < quote.inner_end]
            if not any(_addresses(text, quote, start, end) for start, end in spans):
                continue  # "Seaweed Brain." alone may greet anyone in the room
            if quote.kind == "telepathy" and quote.head_owner is not None:
                uses.setdefault(index, []).extend([(quote.head_owner, True)] * 2)  # the one listener there is
            else:
                listener = _listener(context, number, exclude={index})
                closes = any(_closes(text, quote, start, end) for start, end in spans) and _sure_listener(
                    context, number, listener
                )
                uses.setdefault(index, []).append((listener, closes))
    for index, found in uses.items():
        known = Counter(
            listener for listener, _ in found
            if listener is not None and listener != index and cast.members[listener].kind != "unnamed"
        )  # "I know, Kurama." to "a deep voice" names the voice (speakers.py), it is no nickname of it
        if not known:
            continue
        target, votes = known.most_common(1)[0]
        alone = votes == len(found) == 1 and found[0][1] and _only_addressed(context, index) and not any(
            is_first_name(p.words[0]) for p in cast.members[index].parts
        )  # "Here, Jack." may call anyone named Jack; "Go to bed, Birdbrain." only the one there is
        genders = {member_gender(cast, index), member_gender(cast, target)} - {None}
        if (alone or votes >= 2 and votes * 3 >= 2 * len(found)) and len(genders) < 2:
            cast.merge(index, target)
            context.replace_member(index, target)


def _sure_listener(context: Context, number: int, listener: int | None) -> bool:
    """The one use of a nickname names `listener` only when the listener is the first-person narrator (whom
    the others' lines keep addressing, "Seaweed Brain"), when a tag or a beat named the listener's line it
    answers ("'How touching.' Mr. D sighed."), or when the lines around quotation `number` of its conversation
    are spoken by its speaker and `listener` alone ("We're not going, Catnip."). In a room of five, a line
    given to the wrong one of them by turn-taking gave the nickname to that one ("Sparky" said to Zuko became
    a name of the girl who spoke before him)."""
    if listener is None:
        return False
    if context.cast.members[listener].kind == "narrator":
        return True
    quotes, conversation = context.analysis.quotes, context.conversation
    for before in range(number - 1, -1, -1):  # the listener's last line before, in this conversation
        if conversation[before] != conversation[number]:
            break
        if quotes[before].speaker == listener:
            if quotes[before].evidence not in _INFERRED:
                return True
            break
    first, last = max(0, number - EXCHANGE_REACH), min(len(quotes), number + EXCHANGE_REACH + 1)
    voices = {quotes[n].speaker for n in range(first, last) if conversation[n] == conversation[number]}
    return voices <= {quotes[number].speaker, listener, None}


def _listener(context: Context, number: int, exclude: set[int]) -> int | None:
    """Whom a line calls by a nickname: the one character (not its speaker) the narration just before it
    shows acting, whose act the line answers ("Tam shrugged.\n\n'Don't you dare, Pigeon.'"), else the one who
    spoke last: a third person in the room may have spoken last."""
    quote = context.analysis.quotes[number]
    paragraphs = context.analysis.paragraphs
    floor = paragraphs[max(0, quote.para - 1)].start
    if number:
        floor = max(floor, context.analysis.quotes[number - 1].end)
    actors = list(dict.fromkeys(
        index for start, end, index in context.narration_mentions(floor, quote.start)
        if index not in exclude and index != quote.speaker
        and any(offset in context.subject_offsets for offset in range(start, end))
    ))
    return actors[0] if len(actors) == 1 else other_participant(context, number, exclude)[0]


def _nickname_test(context: Context) -> Callable[[int], bool]:
    """Whether a vocative may be a nickname: a named form of a word or two, no title, from no pack or roster,
    never in the narration but after "the", never the speaker of a line by a tag or a beat."""
    cast = context.cast
    text = context.analysis.text
    narrated = {index for start, _, index in cast.mentions if not context.in_quote(start) and not _EPITHET.search(
        text, max(0, start - EPITHET_REACH), start
    )}
    speakers = {q.speaker for q in context.analysis.quotes if q.speaker is not None and q.evidence not in _INFERRED}

    def test(index: int) -> bool:
        member = cast.members[index]
        return (
            member.kind == "named" and not member.pack and index not in cast.settled
            and index not in narrated and index not in speakers
            and not any(p.title or len(p.words) > NICKNAME_WORDS or len(p.words) > 1 and not _made_of_words(p.words)
                        for p in member.parts)  # "Mrs. Long", "John Holder": a person of their own
        )

    return test


def _closes(text: str, quote: Quote, start: int, end: int) -> bool:
    """The name closes a sentence after a comma ("We're not going, Catnip."): an opening word may be an
    exclamation, and "Here, Sarah, take this" may turn to someone else in the room."""
    after = text[end : quote.inner_end].strip()
    return text[quote.inner_start : start].rstrip().endswith(",") and (after in ("", ",") or after[0] in ".!?…")


def _made_of_words(words: tuple[str, ...]) -> bool:
    """A nickname of two words is made of English words ("Seaweed Brain"); "Mahomet Singh" is a full name."""
    return not is_first_name(words[0]) and all(zipf_frequency(w.lower(), "en") >= COMMON_ZIPF for w in words)


def _only_addressed(context: Context, index: int) -> bool:
    """Every mention of the member addresses someone: a name also talked about ("he works for Raphael") is a
    person of their own, even when it is never in the narration."""
    text = context.analysis.text
    quotes = context.analysis.quotes
    for start, end in context.cast.members[index].mentions:
        position = bisect.bisect_right(context.quote_starts, start) - 1
        quote = quotes[position] if position >= 0 else None
        if quote is None or not quote.inner_start <= start < quote.inner_end or not is_vocative(text, quote, start, end):
            return False
    return True


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
