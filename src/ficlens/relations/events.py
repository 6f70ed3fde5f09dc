"""Allegiance changes: a character joins, leaves, betrays or allies with a group, in the sentence that says it.

The character is the subject of the sentence's trigger (a name, a pronoun resolved to one, or "I" in the
speaker's own words); the group is one named in the sentence, else the group of a character named there
("join Orochimaru", "swore himself to Kronos"), else it is settled later from the memberships (`None` here);
a leave or betrayal told by a phrase ("took off the", "unlocked the cell") is always of the character's own
group.
A promise in speech ("I'll join you") counts only when a later sentence of narration puts the speaker
with that group. A defection is a leave and a join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficlens.nlp import SUBJECT_DEPS
from ficlens.relations.context import RelationContext
from ficlens.relations.lexicon import (
    ALLY_PHRASES,
    ALLY_VERBS,
    BETRAY_PHRASES,
    BETRAY_VERBS,
    BORDER_NOUNS,
    CROSS_PREPOSITIONS,
    CROSS_VERBS,
    DEPARTURE_PHRASES,
    DEPARTURE_WORDS,
    FREE_VERBS,
    GROUP_HEADS,
    HOME_WORDS,
    JOIN_PHRASES,
    JOIN_VERBS,
    LEAVE_NEEDS_GROUP,
    LEAVE_PHRASES,
    LEAVE_VERBS,
    LINKING_VERBS,
    NEEDS_PARTICLE,
    PRISON_NOUNS,
    PROMISE_MARKS,
    QUIT_PHRASES,
    SHED_VERBS,
    UNIFORM_NOUNS,
)
from ficlens.relations.memberships import SERVICE_KINDS
from ficlens.relations.sentences import Sentence

CONFIDENCE = {"verb": 0.8, "phrase": 0.6, "defection": 0.7}
_TRIGGERS = (
    ("join", JOIN_VERBS, JOIN_PHRASES),
    ("leave", LEAVE_VERBS, LEAVE_PHRASES),
    ("betray", BETRAY_VERBS, BETRAY_PHRASES),
    ("ally", ALLY_VERBS, ALLY_PHRASES),
)
_DEFECT = frozenset({"defect", "defected", "defects", "defecting", "defection"})


@dataclass
class FoundEvent:
    kind: str
    character: str
    group: int | None
    sentence: int
    confidence: float
    host: str | None = None
    """Who welcomed the character in ("Welcome aboard"): the group is the host's when the words name none."""
    deed: str | None = None
    """The act that tells a change without naming its group, which says what kind of group it concerns:
    "uniform" (a badge or uniform marks a service), "prison" (prisoners are a side's), "border" (a place)."""


_TRIGGER_WORDS = frozenset(w for _, verbs, _ in _TRIGGERS for w in verbs)
_PHRASES = tuple(p for _, _, phrases in _TRIGGERS for p in phrases)
_PHRASE_WORDS = frozenset(p.split()[0] for p in _PHRASES)
_WORD = re.compile(r"[\w'-]+")
_DEED_WORDS = UNIFORM_NOUNS | PRISON_NOUNS | BORDER_NOUNS
DEPARTURE_REACH = 8
"""Sentences after a crossing in which the story must show a departure for it to be a leave."""


def _candidates(context: RelationContext) -> list[int]:
    """Sentences holding a trigger word or phrase (most hold none): plain string work, no token walk."""
    found = []
    text = context.text
    for number, sentence in enumerate(context.sentences):
        lowered = text[sentence.start : sentence.end].lower().replace("’", "'")
        words = set(_WORD.findall(lowered))
        if words & _TRIGGER_WORDS or (words & _PHRASE_WORDS and any(p in lowered for p in _PHRASES)):
            found.append(number)
    return found


def find_events(context: RelationContext) -> list[FoundEvent]:
    events: list[FoundEvent] = []
    for number, sentence in enumerate(context.sentences):
        words = set(_WORD.findall(context.text[sentence.start : sentence.end].lower()))
        if words & _DEED_WORDS:
            events += _acts(context, number)
        if sentence.quote is not None and words & _QUIT_WORDS:
            events += _quits(context, number)
    for number in _candidates(context):
        sentence = context.sentences[number]
        for kind, verbs, phrases in _TRIGGERS:
            found = _trigger(sentence, verbs, phrases)
            if found is None:
                continue
            token, how = found
            if any(c.dep_ == "neg" for c in (*token.children, *token.head.children)):
                continue
            if token.head.i != token.i and token.head.lower_ in LINKING_VERBS:
                continue
            if any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in token.children):
                continue  # "he could have sworn", "she would never betray them": not done
            following = {c.lower_ for c in token.children}
            if how == "verb" and token.lower_ in NEEDS_PARTICLE and (
                not following & NEEDS_PARTICLE[token.lower_] or "off" in following
            ):
                continue
            if token.lower_ in LEAVE_NEEDS_GROUP and not _object_groups(context, sentence, token):
                continue
            if kind == "join" and (_joins_people(context, sentence, token) or _welcome_elsewhere(context, sentence, token)):
                continue
            for character in _actors(context, sentence, token, kind):
                group = (None if how == "phrase" and kind in ("leave", "betray")
                         else _group(context, sentence, token, character, kind))
                if sentence.quote is not None and _asked(sentence):
                    continue
                if sentence.quote is not None and not _declared(sentence) and not _carried_out(
                    context, number, character, group
                ):
                    continue
                if any(t.lower_ in _DEFECT for t in sentence.span):
                    events.append(FoundEvent("leave", character, None, number, CONFIDENCE["defection"]))
                    if group is not None:
                        events.append(FoundEvent("join", character, group, number, CONFIDENCE["defection"]))
                    continue
                shed = how == "phrase" and kind == "leave" and any(t.lower_ in UNIFORM_NOUNS for t in sentence.span)
                events.append(FoundEvent(kind, character, group, number, CONFIDENCE[how], _host(context, sentence),
                                         "uniform" if shed else None))
                if kind == "leave" and group is not None and sentence.quote is None:
                    events += [FoundEvent("join", character, g, number, CONFIDENCE["defection"])
                               for g in _went_over(context, sentence, token, group)]
    return events


_QUIT_WORDS = frozenset(p.split()[0] for p in QUIT_PHRASES)


def _quits(context: RelationContext, number: int) -> list[FoundEvent]:
    """A quitting line ("Find yourself another sergeant"): its speaker leaves the side the one spoken to leads,
    else the side the speaker held (settled later)."""
    sentence = context.sentences[number]
    said = context.speaker_of(sentence)
    lowered = sentence.span.text.lower().replace("’", "'")
    if said is None or not said.speaker or not any(p in lowered for p in QUIT_PHRASES):
        return []
    led = [g for a in said.addressees if a != said.speaker for g in context.led_groups(a)]
    return [FoundEvent("leave", said.speaker, led[0] if led else None, number, CONFIDENCE["phrase"])]


def _went_over(context: RelationContext, sentence: Sentence, token, left: int) -> list[int]:
    """The other side a leave's own sentence takes the character to: a group named after the one left, in a
    verb joined to the leave ("deserted the Corps and turned up at the rebels' camp")."""
    joined = {t.i for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB" for t in c.subtree}
    return list(dict.fromkeys(g for s, _, g in context.groups_in(sentence.start, sentence.end) if g != left
                              and any(sentence.at(t) == s for t in sentence.span if t.i in joined)))


def _acts(context: RelationContext, number: int) -> list[FoundEvent]:
    """Allegiance changed by deed in narration: shedding the uniform or badge is a leave, setting prisoners free
    a betrayal, of the group the character held before; crossing the border of a place on the way out (the
    story shows the departure) leaves the place (groups settled later)."""
    sentence = context.sentences[number]
    if sentence.quote is not None:
        return []
    found = []
    for token in sentence.span:
        objects = {c.lower_ for c in token.children if c.dep_ in ("dobj", "nsubjpass")}
        if token.lower_ in SHED_VERBS and objects & UNIFORM_NOUNS:
            kind, deed = "leave", "uniform"
        elif token.lower_ in FREE_VERBS and objects & PRISON_NOUNS:
            kind, deed = "betray", "prison"
        elif token.lower_ in BORDER_NOUNS and _crossed(token) and _departs(context, number):
            kind, deed = "leave", "border"
        else:
            continue
        if any(c.dep_ == "neg" for c in _verb_of(token).children):
            continue
        found += [FoundEvent(kind, c, None, number, CONFIDENCE["phrase"], deed=deed)
                  for c in _actors(context, sentence, token, kind)]
    return found


DEED_KINDS = {"uniform": SERVICE_KINDS, "prison": SERVICE_KINDS, "border": frozenset({"place"})}
"""The kinds of group each deed can concern: nobody sheds a family's uniform or crosses a faction's border."""
BADGE_REACH = 3000
"""Characters back to the organisation a badge is thrown down for, when the character's own is unknown."""


def deed_group(context: RelationContext, event: FoundEvent) -> int | None:
    """A shed badge or uniform of one who holds no known service is the organisation's the story names last
    before it ("He threw his badge on the Grand Master's desk" after pages of the knights)."""
    if event.deed != "uniform":
        return None
    at = context.sentences[event.sentence].start
    named = [(s, g) for s, _, g in context.groups_in(at - BADGE_REACH, at)
             if context.groups[g].kind == "organisation" and context.groups[g].leader is None]
    return named[-1][1] if named else None


def _crossed(token) -> bool:
    """The border is crossed: "crossed the border", "climbed over the wall", "on the other side of the line"."""
    head = token.head
    if token.dep_ == "dobj":
        return head.lower_ in CROSS_VERBS
    if token.dep_ != "pobj":
        return False
    if head.lower_ == "of" and head.head.lower_ == "side":
        return any(c.lower_ in ("other", "far") for c in head.head.children)
    return head.lower_ in CROSS_PREPOSITIONS and head.head.pos_ in ("VERB", "AUX")


def _verb_of(token):
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _departs(context: RelationContext, number: int) -> bool:
    """The crossing's sentence or the few after it tell a departure ("and never looked back", "wanting to leave")."""
    for sentence in context.sentences[number : number + DEPARTURE_REACH + 1]:
        lowered = context.text[sentence.start : sentence.end].lower().replace("’", "'")
        if set(_WORD.findall(lowered)) & DEPARTURE_WORDS or any(p in lowered for p in DEPARTURE_PHRASES):
            return True
    return False


def _trigger(sentence: Sentence, verbs: frozenset[str], phrases: tuple[str, ...]):
    """The trigger token (a verb of the list, else the head of a listed phrase's first word) and how found."""
    for token in sentence.span:
        # an adjective tells a state, not a change ("she seemed resigned", "always welcome here")
        if token.lower_ in verbs and token.pos_ in ("VERB", "AUX", "NOUN"):
            return token, "verb"
    lowered = sentence.span.text.lower().replace("’", "'")
    for phrase in phrases:
        at = lowered.find(phrase)
        if at >= 0:
            token = sentence.span.char_span(at, at + len(phrase), alignment_mode="expand")
            return (token.root if token is not None else sentence.span.root), "phrase"
    return None


def _actors(context: RelationContext, sentence: Sentence, token, kind: str) -> list[str]:
    """Who does it: the trigger's subject (with its conjuncts), "I" as the speaker, else the one name there."""
    said = context.speaker_of(sentence)
    if kind == "join" and said is not None and said.addressees and "welcome" in sentence.span.text.lower():
        return [a for a in said.addressees if a != said.speaker]  # the one welcomed joins
    # "Kaito's joining!": the name the tagger hangs on the verb as its owner is who does it
    owners = [c for c in token.children if c.dep_ == "poss" and c.i in sentence.names]
    for head in (token, *token.ancestors):
        subjects = owners or [c for c in head.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            break
    else:
        subjects = []
    actors: list[str] = []
    for subject in subjects:
        for t in (subject, *subject.conjuncts):
            if t.i in sentence.names:
                actors.append(sentence.names[t.i])
            elif t.lower_ in ("i", "we") and said and said.speaker:
                actors.append(said.speaker)
    if not actors and said is None and len(sentence.characters) == 1:
        actors = sentence.characters
    return list(dict.fromkeys(actors))


def _group(context: RelationContext, sentence: Sentence, token, character: str, kind: str) -> int | None:
    """The group in the trigger's own phrase; else, for a join or an alliance, the nearest one named. A welcome
    names its group only after "to" or "into" ("Welcome aboard, Marine": the host's group, settled later)."""
    if token.lower_.startswith("welcome"):
        places = {sentence.at(t) for c in token.children if c.lower_ in ("to", "into") for t in c.subtree}
        return next((g for s, _, g in context.groups_in(sentence.start, sentence.end) if s in places), None)
    inside = _object_groups(context, sentence, token)
    if inside:
        return inside[0][2]
    mentioned = context.groups_in(sentence.start, sentence.end)
    if mentioned and kind in ("join", "ally"):
        at = sentence.at(token)
        return min(mentioned, key=lambda m: (m[0] < at, abs(m[0] - at)))[2]
    for t in token.subtree:
        other = sentence.names.get(t.i)
        if other and other != character and context.led_groups(other):
            return context.led_groups(other)[0]
    return None


def _joins_people(context: RelationContext, sentence: Sentence, token) -> bool:
    """"joined them", "joined her at the window", "joined in": company, not allegiance (unless a group or its
    leader)."""
    if _object_groups(context, sentence, token):
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("in", "with") for c in token.children):
        return True  # "join in the laughter", "joined with her usual cheerfulness"
    objects = [c for c in token.children if c.dep_ == "dobj" and not c.lower_.endswith(("self", "selves"))]
    if not objects:
        return False
    leaders = [sentence.names.get(o.i) for o in objects]
    return not any(cid and context.led_groups(cid) for cid in leaders)


def _welcome_elsewhere(context: RelationContext, sentence: Sentence, token) -> bool:
    """"Welcome to the club", "welcome to the rest of your life": a welcome to something that is no group."""
    if not token.lower_.startswith("welcome"):
        return False
    places = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"]
    if not places or _object_groups(context, sentence, token):
        return False
    return not any(t.lower_ in GROUP_HEADS or t.lower_ in HOME_WORDS for p in places for t in p.subtree)


def _object_groups(context: RelationContext, sentence: Sentence, token) -> list[tuple[int, int, int]]:
    """Group mentions in the trigger's phrase, leaving out its subject ("the Cart Titan joined the Corps")."""
    subjects = {t.i for c in token.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
    phrase = {sentence.at(t) for t in token.subtree if t.i not in subjects and t.i != token.i}
    return [m for m in context.groups_in(sentence.start, sentence.end) if m[0] in phrase]


def _declared(sentence: Sentence) -> bool:
    """Said as done ("I quit", "I have just left Heaven"), not promised, asked or urged."""
    words = [t.lower_ for t in sentence.span]
    if "welcome" in words:  # a welcome does what it says
        return True
    return (
        bool({"i", "we"} & set(words))
        and not any(w in PROMISE_MARKS or w in _MODALS for w in words)
    )


def _host(context: RelationContext, sentence: Sentence) -> str | None:
    said = context.speaker_of(sentence)
    return said.speaker if said and "welcome" in sentence.span.text.lower() else None


def _asked(sentence: Sentence) -> bool:
    return sentence.span.text.rstrip(" \"'”’").endswith("?")


_HYPOTHETICAL = frozenset({"could", "would", "might", "may", "should", "must"})
_MODALS = frozenset({"should", "could", "would", "might", "want", "wanna", "may", "must", "if", "can"})


def _carried_out(context: RelationContext, number: int, character: str, group: int | None) -> bool:
    """A later sentence of narration names the character with the group (or one of its leaders)."""
    if group is None:
        return False
    for later in context.sentences[number + 1 :]:
        if later.quote is not None or character not in later.names.values():
            continue
        if any(g == group for _, _, g in context.groups_in(later.start, later.end)):
            return True
    return False
