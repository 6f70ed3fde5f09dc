"""How two characters stand with each other, in phases that change where the story turns.

A cue is a sentence or a quotation that shows a polarity between two characters:
- a quotation from one to the other with an insult (the cast keeps insults as aliases: "Freak", "Teme") or
  words aimed at the listener ("I hate you", "thank you"); a quotation naming a third character by an
  insult ("that Uzumaki bastard") is hostile between speaker and that character;
- a sentence of narration naming both, with hostile words (fights, glares, "hated") or friendly ones
  (rescues, hugs, "respected"); the side with more words wins, a tie says nothing. When one character is
  the subject of the polar verb and the other its object ("Sasuke respected Naruto") the cue is strong.
Talk and shared sentences without such words are neutral cues: a pair whose first scene (`FIRST_SCENE`) has
only those starts neutral, whatever comes later; a polar cue in it opens the relationship. A phase turns on one
strong cue or on weak ones of the other polarity weighing `TURN_WEIGHT` together before the old polarity shows
again; every phase cites its cues' spans.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

from ficlens.model import Membership, Phase, Relationship
from ficlens.nlp import SUBJECT_DEPS
from ficlens.relations.context import RelationContext
from ficlens.relations.lexicon import (
    ENDEARMENTS,
    FRIENDLY_TONES,
    FRIENDLY_WORDS,
    HOSTILE_TONES,
    HOSTILE_WORDS,
    INSULT_WORDS,
    KIN_WORDS,
    MENACE,
    MENTOR_WORDS,
    QUOTE_FRIENDLY,
    QUOTE_HOSTILE,
    ROMANCE_WORDS,
    SCORN,
    STRONG_HOSTILE,
    THREAT,
    TONE_REACH,
)
from ficlens.relations.memberships import CONFIDENCE
from ficlens.relations.sentences import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

FIRST_SCENE = 2000
"""Characters after a pair's first cue within which a polar cue still belongs to their first meeting: a pair that
meets without one starts neutral, whatever comes later."""
SAME_SCENE = 2000
"""Characters between a "sir" and a friendly word of the same pair within which the two are one scene."""
MAX_CHARACTERS = 3
"""A sentence naming more characters than this is a crowd: it says nothing about any pair."""
WEAK, STRONG = 1, 2
BANTER_REACH = 240
"""Characters of narration before a quotation (into the previous paragraph) searched for an affectionate act."""
TURN_WEIGHT = 2
"""Weight of cues of a new polarity that turns a relationship."""
TIES_CITED = 3
"""Spans cited for a tie of kin, romance or teaching that opens a relationship friendly, or for the formality
("sir") that opens one neutral."""
MAX_SIDE_MEMBERS = 8
MEMBERSHIP_EPSILON = 1e-6
"""What makes a confidence more than another (confidences are a few fixed values)."""
"""Members of a side (the most named) paired with the other side's when the text never brings them together."""
_OBJECTS = frozenset({"dobj", "pobj", "dative", "iobj"})
_SHARED_SUBJECT = frozenset({"xcomp", "conj"})
_COMPLEMENTS = frozenset({"xcomp", "acomp", "dobj", "attr", "ccomp"})
PRETENCE = frozenset("pretend pretended pretends pretending feign feigned faked".split())
SUBJECT_CLIMB = 3
"""Verbs climbed up through complements and conjuncts to find a polar verb's subject."""
_WORD = re.compile(r"[\w'’-]+")
_THREAT = re.compile(THREAT)
_WELCOME = re.compile(r"(?<!not )(?<!'re )(?<!are )\bwelcome (?:to|home|back|aboard)\b")
_SCORN = re.compile(SCORN)
ARMS = frozenset("blade dagger gun guns knife pistol rifle sword swords claymore blood bleeding cuffs handcuffs".split())
"""Weapons and blood in a sentence naming two characters say someone is armed or hurt, not at whom (one stands
guard over the other, sword drawn): blows and threats say it."""
_POLAR_WORDS = (HOSTILE_WORDS | FRIENDLY_WORDS) - ARMS
_FORMAL = re.compile(r"(?:^|[,.!?;]\s*)(?:sir|ma'am)(?=\s*(?:[,.!?;]|$))")
"""A bare "sir" or "ma'am" ("Pencil's broken, sir."), not "Sir Wendel" (a title in a name) nor a rank ("Sergeant"),
which friends use too."""
_VOCATIVE = re.compile(
    r"(?:^|[,.!?;]\s*)(?:my\s+)?(" + "|".join(sorted(ENDEARMENTS | KIN_WORDS)) + r")(?=\s*(?:[,.!?;]|$))"
)


@dataclass
class Cue:
    start: int
    end: int
    polarity: str
    weight: int = WEAK
    evidence: tuple[tuple[int, int], ...] = ()
    """The spans that support the cue when they are not the cue's own span (a group's memberships)."""

    @property
    def spans(self) -> list[tuple[int, int]]:
        return list(self.evidence) or [(self.start, self.end)]


@dataclass
class Pair:
    cues: list[Cue] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    ties: list[tuple[int, int]] = field(default_factory=list)
    """Spans that say the two are kin, lovers, or teacher and pupil."""
    formal: list[tuple[int, int]] = field(default_factory=list)
    """Quotations where one calls the other "sir" or "ma'am": the politeness of a hierarchy, not friendship."""
    since: int = 0
    """Where a pair the text never brings together starts: where both belong to their groups."""


def find_relationships(context: RelationContext) -> dict[tuple[str, str], Pair]:
    pairs: dict[tuple[str, str], Pair] = {}
    called: set[tuple[str, str, str]] = set()
    for said in context.said:
        if said.speaker is None:
            continue
        inner = context.text[said.start : said.end].lower().replace("’", "'")
        for addressee in said.addressees:
            if addressee != said.speaker:
                polarity, weight = _quote_polarity(context, inner, addressee)
                if polarity == "hostile" and _called_as_usual(context, inner, said.speaker, addressee, called):
                    weight = WEAK
                if polarity == "neutral":
                    polarity = _tone(context, said)
                elif _insulting(context, inner, addressee) and _banter(context, said):
                    polarity, weight = "friendly", WEAK
                pair = _pair(pairs, said.speaker, addressee)
                pair.cues.append(Cue(said.start, said.end, polarity, weight))
                if _FORMAL.search(inner):
                    pair.formal.append((said.start, said.end))
                kind = _called_kin(context, addressee) or _vocative_kind(inner)
                if kind:
                    pair.kinds[kind] += 1
                    pair.ties.append((said.start, said.end))
    for sentence in context.sentences:
        if sentence.quote is not None:
            _insulted(context, sentence, pairs)
            continue
        characters = sentence.characters
        if not 2 <= len(characters) <= MAX_CHARACTERS:
            continue
        words = [w for t in sentence.span if (w := t.lower_) in _POLAR_WORDS and not _unreal(t)]
        polarity = _polarity(words)
        strong = _aimed(sentence, polarity) if polarity != "neutral" else set()
        kin = _kin_links(sentence)
        for a, b in combinations(characters, 2):
            pair = _pair(pairs, a, b)
            weight = STRONG if {(a, b), (b, a)} & strong else WEAK
            pair.cues.append(Cue(sentence.start, sentence.end, polarity, weight))
            tied = [kind for kind, linked in kin if {a, b} <= linked]
            pair.kinds.update(tied)
            if tied:
                pair.ties.append((sentence.start, sentence.end))
    _paragraph_company(context, pairs)
    for pair in pairs.values():
        pair.cues.sort(key=lambda c: c.start)
    return pairs


def _paragraph_company(context: RelationContext, pairs: dict) -> None:
    """Two characters named in one paragraph of narration but never in one sentence of it: a neutral cue."""
    paragraphs: dict[int, list[Sentence]] = {}
    for sentence in context.sentences:
        if sentence.quote is None and sentence.names:
            paragraphs.setdefault(sentence.offset, []).append(sentence)
    for sentences in paragraphs.values():
        present = list(dict.fromkeys(c for s in sentences for c in s.characters))
        if not 2 <= len(present) <= MAX_CHARACTERS:
            continue
        together = {frozenset(p) for s in sentences for p in combinations(s.characters, 2)}
        for a, b in combinations(present, 2):
            if frozenset((a, b)) not in together:
                _pair(pairs, a, b).cues.append(Cue(sentences[0].start, sentences[-1].end, "neutral"))


def _pair(pairs: dict, a: str, b: str) -> Pair:
    return pairs.setdefault((a, b) if a < b else (b, a), Pair())


def _called_kin(context: RelationContext, character: str) -> str | None:
    """The kind of tie a character named only by a kinship or romance word ("Dad", "Mama") has with whoever
    speaks or writes to them."""
    for form in context.aliases.get(character, ()):
        kind = _KIND_OF.get(form.lower())
        if kind in ("family", "romantic"):
            return kind
    return None


def _vocative_kind(inner: str) -> str | None:
    """"You look terrible, brother." ties speaker and listener as kin (an endearment, "Come here, love.", is
    kind but says no tie: landladies call everyone dear)."""
    found = _VOCATIVE.search(inner)
    return None if found is None else {**_KIND_OF, "bro": "family", "sis": "family"}.get(found.group(1))


def _insults(context: RelationContext, character: str) -> set[str]:
    found = context.insults.get(character)
    if found is None:
        found = {a.lower() for a in context.aliases.get(character, ()) if set(a.lower().split()) & INSULT_WORDS}
        context.insults[character] = found
    return found


def _called_as_usual(context: RelationContext, inner: str, speaker: str, addressee: str,
                     called: set[tuple[str, str, str]]) -> bool:
    """An insult that has become the listener's name (an alias the cast keeps: "Freak", "Teme") shows
    hostility where a speaker first calls them so; after that it is what that speaker calls them, a weak cue
    that kind words around it can outweigh ("I know, Freak. I noticed." after a thank-you). `called` keeps the
    (speaker, listener, name) already heard."""
    names = [name for name in sorted(_insults(context, addressee)) if name in inner]
    spoken = set(_WORD.findall(inner)) & INSULT_WORDS
    if not names or spoken - {word for name in names for word in name.split()}:
        return False  # no name of theirs, or another insult besides it
    usual = all((speaker, addressee, name) in called for name in names)
    called.update((speaker, addressee, name) for name in names)
    return usual


def _insulting(context: RelationContext, inner: str, addressee: str) -> bool:
    return bool(set(_WORD.findall(inner)) & INSULT_WORDS) or any(i in inner for i in _insults(context, addressee))


def _quote_polarity(context: RelationContext, inner: str, addressee: str) -> tuple[str, int]:
    if _insulting(context, inner, addressee):
        return "hostile", STRONG
    if _THREAT.search(inner) or any(p in inner for p in MENACE):
        return "hostile", STRONG
    if _VOCATIVE.search(inner) or _WELCOME.search(inner):
        return "friendly", STRONG
    if any(p in inner for p in QUOTE_HOSTILE) or _SCORN.search(inner):
        return "hostile", WEAK
    if any(p in inner for p in QUOTE_FRIENDLY):
        return "friendly", WEAK
    return "neutral", WEAK


def _tone(context: RelationContext, said) -> str:
    """The tone of the narration around a quotation, up to the paragraph's edges."""
    before = context.text[max(said.start - TONE_REACH, 0) : said.start].rsplit("\n", 1)[-1]
    after = context.text[said.end : said.end + TONE_REACH].split("\n", 1)[0]
    words = set(_WORD.findall(f"{before} {after}".lower()))
    hostile, friendly = len(words & HOSTILE_TONES), len(words & FRIENDLY_TONES)
    return "hostile" if hostile > friendly else "friendly" if friendly > hostile else "neutral"


def _banter(context: RelationContext, said) -> bool:
    """An insult said with a hug, a grin or a laugh is banter between friends (she hugs him, then "You idiot.
    Where were you?"): the narration just before the line (into the previous paragraph) or just after it shows
    affection and no anger."""
    before = context.text[max(said.start - BANTER_REACH, 0) : said.start]
    after = context.text[said.end : said.end + TONE_REACH].split("\n", 1)[0]
    words = set(_WORD.findall(f"{before} {after}".lower()))
    return bool(words & FRIENDLY_TONES) and not words & HOSTILE_TONES


def _insulted(context: RelationContext, sentence: Sentence, pairs: dict) -> None:
    """A speaker naming someone by an insult ("that demon gaki") is hostile to them."""
    said = context.speaker_of(sentence)
    if said is None or said.speaker is None or not sentence.names:
        return
    text = context.text[sentence.start : sentence.end].lower()
    words = set(_WORD.findall(text))
    for character in sentence.characters:
        if character == said.speaker or character in said.addressees:
            continue
        if words & INSULT_WORDS or any(i in text for i in _insults(context, character)):
            _pair(pairs, said.speaker, character).cues.append(Cue(sentence.start, sentence.end, "hostile", STRONG))


def _polarity(words: list[str]) -> str:
    hostile = sum((2 if w in STRONG_HOSTILE else 1) for w in words if w in HOSTILE_WORDS)
    friendly = sum(w in FRIENDLY_WORDS for w in words)
    if hostile > friendly:
        return "hostile"
    if friendly > hostile:
        return "friendly"
    return "neutral"


def _unreal(token: Token) -> bool:
    """A polar word denied, feigned or only imagined says nothing: "didn't hate him", "never thanked her",
    "pretended to hate it", "looked as though he was going to hit him" (and then hugged him)."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    head = token.head
    if token.dep_ in _COMPLEMENTS and (head.lower_ in PRETENCE or any(c.dep_ == "neg" for c in head.children)):
        return True
    for _ in range(SUBJECT_CLIMB):
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        if token.dep_ == "advcl" and ("like" in marks or "as" in marks and marks & {"if", "though"}):
            return True
        if token.dep_ != "xcomp":
            return False
        token = token.head
    return False


def _aimed(sentence: Sentence, polarity: str) -> set[tuple[str, str]]:
    """(subject, object) character pairs of the sentence's verbs of that polarity ("Sasuke respected Naruto")."""
    names = sentence.names
    words = HOSTILE_WORDS if polarity == "hostile" else FRIENDLY_WORDS
    found = set()
    for token in sentence.span:
        if token.pos_ not in ("VERB", "AUX") or token.lower_ not in words or _unreal(token):
            continue
        subjects = [names[c.i] for c in _subjects(token) if c.i in names]
        objects = [names[t.i] for t in token.subtree if t.dep_ in _OBJECTS and t.i in names]
        found |= {(s, o) for s in subjects for o in objects if s != o}
    return found


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, else those of the verb it depends on as a complement or a conjunct: "he was trying
    to kill Naruto", "she turned and slapped him" have their subject on the first verb."""
    for _ in range(SUBJECT_CLIMB):
        found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if found or verb.dep_ not in _SHARED_SUBJECT or verb.head is verb:
            return found
        verb = verb.head
    return []


def _kin_links(sentence: Sentence) -> list[tuple[str, set[str]]]:
    """(kind, characters) for each kinship, romance or mentor word and the names tied to it in the parse:
    "his sister Jane" (his, Jane), "Rook, Tam's brother" (Rook, Tam); a pair is kin when both are tied."""
    names = sentence.names
    found = []
    for token in sentence.span:
        kind = _KIND_OF.get(token.lower_)
        if kind is None:
            continue
        near = [token.head, *token.children, *(c for t in token.children if t.dep_ == "poss" for c in (t,))]
        linked = {names[t.i] for t in near if t.i in names}
        if linked:
            found.append((kind, linked))
    return found


_KIND_OF = {**dict.fromkeys(MENTOR_WORDS, "mentor"), **dict.fromkeys(ROMANCE_WORDS, "romantic"),
            **dict.fromkeys(KIN_WORDS, "family")}


def phases(pair: Pair, start_prior=None, end_prior=None) -> list[tuple[int, int, str, list[tuple[int, int]]]]:
    """(start, end, polarity, evidence) runs.

    `start_prior` (polarity, evidence) is what the characters' groups say where the pair first meets: it opens
    the relationship, and the text turns it like any phase (one passing word does not), unless the pair's first
    polar cue is a strong one against it (an insult, a threat, a blow between them). Without it the
    relationship opens on the first polar cue of the pair's first scene, else neutral.
    `end_prior` (offset, polarity, evidence) is what the groups say after the last change of membership: a
    strong cue there.
    """
    cues = list(pair.cues)
    first = cues[0].start if cues else 0
    if end_prior is not None:
        at, polarity, evidence = end_prior
        cues.append(Cue(at, at, polarity, STRONG, tuple(evidence)))
        cues.sort(key=lambda c: c.start)
    polar = [c for c in cues if c.polarity != "neutral"]
    result: list[tuple[int, int, str, list[tuple[int, int]]]] = []
    lead = [c for c in cues if not polar or c.start < polar[0].start]
    if start_prior is not None and polar and polar[0].polarity == "hostile" != start_prior[0] and polar[0].weight >= STRONG:
        start_prior = None  # the pair meets in a clash that sharing a group did not foretell
    if start_prior is not None:
        polarity, evidence = start_prior
        result.append((first, first, polarity, list(evidence)))
    elif lead and (not polar or polar[0].start - lead[0].start > FIRST_SCENE):
        result.append((lead[0].start, lead[-1].end, "neutral", [(c.start, c.end) for c in lead]))
    pending: list[Cue] = []
    for cue in polar:
        current = result[-1][2] if result and result[-1][2] != "neutral" else None
        if current is None or cue.polarity == current:
            if current is None:
                result.append((cue.start, cue.end, cue.polarity, cue.spans))
            else:
                start, _, polarity, evidence = result[-1]
                result[-1] = (start, max(cue.end, result[-1][1]), polarity, [*evidence, *cue.spans])
            pending = []
            continue
        pending.append(cue)
        if sum(c.weight for c in pending) >= TURN_WEIGHT:
            result.append((pending[0].start, cue.end, cue.polarity, [s for c in pending for s in c.spans]))
            pending = []
    return result


def relationship_kind(pair: Pair, last_polarity: str) -> str | None:
    kind, count = pair.kinds.most_common(1)[0] if pair.kinds else (None, 0)
    if kind:
        return kind
    return {"hostile": "enemy", "friendly": "friend"}.get(last_polarity) if len(pair.cues) > 2 else None


def build_relationships(context: RelationContext, memberships: list[Membership],
                        opposed: set[tuple[int, int]]) -> list[Relationship]:
    """Each pair the text brings together, its phases opened and closed by what the pair's groups say
    (`_group_stance`) and turned by the text's cues. A shared side opens neutral, not friendly, between a
    subordinate and the one called "sir", and between colleagues who end as enemies (`_colleagues_turned`)."""
    result = []
    held: dict[str, list[Membership]] = {}
    for m in memberships:
        held.setdefault(m.character, []).append(m)
    pairs = find_relationships(context)
    _sided_pairs(context, held, opposed, pairs)
    for (a, b), pair in sorted(pairs.items()):
        first = pair.cues[0].start if pair.cues else pair.since
        changes = [m.start for c in (a, b) for m in held.get(c, []) if m.start > first]
        changes += [m.end for c in (a, b) for m in held.get(c, []) if first < m.end < len(context.text)]
        stance = _group_stance(held, opposed, a, b, first)
        start_prior = stance or _tie_stance(pair)
        end_prior = _group_stance(held, opposed, a, b, len(context.text), at_end=True) if changes else None
        if end_prior and start_prior and end_prior[0] == start_prior[0]:
            end_prior = None
        runs = phases(pair, start_prior, (max(changes), *end_prior) if end_prior else None)
        if not runs:
            continue
        formal = _cold_formality(pair)
        if stance and stance[0] == "friendly" and not pair.ties and (formal or _colleagues_turned(pair, runs, end_prior)):
            runs[0] = (runs[0][0], runs[0][1], "neutral", [*runs[0][3], *formal[:TIES_CITED]])
        built = [
            Phase(start=start, end=runs[n + 1][0] if n + 1 < len(runs) else end, polarity=polarity,
                  evidence=evidence)
            for n, (start, end, polarity, evidence) in enumerate(runs)
        ]
        result.append(Relationship(a=a, b=b, kind=relationship_kind(pair, built[-1].polarity), phases=built))
    return _balanced(result)


def _cold_formality(pair: Pair) -> list[tuple[int, int]]:
    """The lines that call the other "sir" with no friendly word between the two in the same scene ("Good
    work, Sally." ... "A snout, sir."): there a "sir" is a warm subordinate's courtesy, not distance."""
    warm = [c.start for c in pair.cues if c.polarity == "friendly"]
    return [f for f in pair.formal if not any(abs(at - f[0]) <= SAME_SCENE for at in warm)]


def _colleagues_turned(pair: Pair, runs: list, end_prior: tuple[str, list[tuple[int, int]]] | None) -> bool:
    """Sharing a side presumes two get along; a pair that ends as enemies on a clear turn (a strong cue: an
    insult, a blow, a change of side) with less than `TURN_WEIGHT` of kind words between them before it were
    colleagues, not friends (the commander a soldier defies, the knight who sells his comrades): their start is
    neutral."""
    if runs[-1][2] != "hostile" or runs[0][2] != "friendly" or len(runs) < 2:
        return False
    turn = next(start for start, _, polarity, _ in runs if polarity == "hostile")
    clear = (end_prior is not None and end_prior[0] == "hostile") or any(
        c.polarity == "hostile" and c.weight >= STRONG and c.start >= turn for c in pair.cues)
    kind = sum(c.weight for c in pair.cues if c.polarity == "friendly" and c.start < turn)
    return clear and kind < TURN_WEIGHT


def _balanced(relationships: list[Relationship]) -> list[Relationship]:
    """A pair the text gives no polarity takes the one their common acquaintances imply (structural balance:
    the friend of a friend is a friend, the friend of an enemy an enemy), when those agree; the two
    relationships that imply it are its evidence."""
    polar = {(r.a, r.b): r.phases[-1] for r in relationships if r.phases[-1].polarity != "neutral"}
    known: dict[str, dict[str, Phase]] = {}
    for (a, b), phase in polar.items():
        known.setdefault(a, {})[b] = phase
        known.setdefault(b, {})[a] = phase
    result = []
    for r in relationships:
        if any(p.polarity != "neutral" for p in r.phases):
            result.append(r)
            continue
        votes: dict[str, list[tuple[int, int]]] = {}
        for c in [c for c in known.get(r.a, {}) if c in known.get(r.b, {})]:  # ordered, not a set: deterministic
            first, second = known[r.a][c], known[r.b][c]
            if "friendly" in (first.polarity, second.polarity):
                implied = "friendly" if first.polarity == second.polarity else "hostile"
                votes.setdefault(implied, []).extend([*first.evidence[:1], *second.evidence[:1]])
        if len(votes) == 1:
            (polarity, evidence), = votes.items()
            phases = [p.model_copy(update={"polarity": polarity, "evidence": [*p.evidence, *evidence]})
                      for p in r.phases]
            r = r.model_copy(update={"phases": phases})
        result.append(r)
    return result


def _sided_pairs(context: RelationContext, held: dict[str, list[Membership]], opposed: set[tuple[int, int]],
                 pairs: dict[tuple[str, str], Pair]) -> None:
    """Members of two sides a defection set against each other are enemies though the text never brings them
    together (a hero and the villain's lieutenant); only the most named members of each side that surely
    belong to it, so a crowd adds no pairs."""
    named = Counter(c for sentence in context.sentences for c in sentence.characters)
    sides: dict[int, list[Membership]] = {}
    for memberships in held.values():
        for m in memberships:
            if m.confidence > CONFIDENCE["company"]:
                sides.setdefault(int(m.group[1:]), []).append(m)
    for members in sides.values():
        members.sort(key=lambda m: -named[m.character])
        del members[MAX_SIDE_MEMBERS:]
    for first, second in opposed:
        for m in sides.get(first, []):
            for n in sides.get(second, []):
                start = max(m.start, n.start)
                if m.character != n.character and start < min(m.end, n.end):
                    key = (m.character, n.character) if m.character < n.character else (n.character, m.character)
                    pairs.setdefault(key, Pair(since=start))


def _tie_stance(pair: Pair) -> tuple[str, list[tuple[int, int]]] | None:
    """Kin, lovers, teacher and pupil start friendly where no group says otherwise: the text turns them."""
    return ("friendly", pair.ties[:TIES_CITED]) if pair.ties else None


def _group_stance(held: dict[str, list[Membership]], opposed: set[tuple[int, int]], a: str, b: str,
                 at: int, at_end: bool = False) -> tuple[str, list[tuple[int, int]]] | None:
    """Hostile when the two belong at `at` to groups a defection set against each other, where both memberships
    have at least the company they keep to go on and no shared group is surer (a group the whole cast seems to
    share is mostly the story's setting: opposition is the rarer and stronger sign); else friendly when both
    belong to one group; with the memberships' evidence. After either changed membership (a join or a leave
    before `at`) more than company is needed, which is mostly gathered before the change (a voice in a
    defector's head kept company with his old village, and is no enemy of his for that)."""
    ours = [m for m in held.get(a, []) if m.start <= at <= m.end]
    theirs = [m for m in held.get(b, []) if m.start <= at <= m.end]
    shared = _strongest([(m, n) for m in ours for n in theirs if m.group == n.group])
    against = _strongest([(m, n) for m in ours for n in theirs if (int(m.group[1:]), int(n.group[1:])) in opposed])
    changed = any(0 < m.start <= at or m.end < at for c in (a, b) for m in held.get(c, []))
    needed = CONFIDENCE["company"] + (MEMBERSHIP_EPSILON if changed else 0.0)
    if against and against[0] >= needed and (not shared or against[0] >= shared[0]):
        return "hostile", against[1]
    deserted = at_end and (_deserted(held, opposed, a, b, at) or _deserted(held, opposed, b, a, at))
    if deserted:
        return "hostile", deserted
    if shared:
        return "friendly", shared[1]
    return None




def _deserted(held: dict[str, list[Membership]], opposed: set[tuple[int, int]], leaver: str, stayer: str,
              at: int) -> list[tuple[int, int]] | None:
    """A defector and those who stay loyal to the side they left end as enemies (a deserter's old captain hunts
    him), though the text never names the new side with the loyal ones: the leaver's membership of a side a
    defection set against another ends before `at` where the stayer surely holds it; with both memberships'
    evidence."""
    sides = {first for first, _ in opposed}
    for m in held.get(leaver, []):
        if m.end >= at or int(m.group[1:]) not in sides:
            continue
        for n in held.get(stayer, []):
            if n.group == m.group and n.start <= at <= n.end and n.confidence > CONFIDENCE["company"]:
                return sorted({*m.evidence[-1:], *n.evidence[:1]})
    return None


def _strongest(pairs: list[tuple[Membership, Membership]]) -> tuple[float, list[tuple[int, int]]] | None:
    """The surest pair of memberships (the lower confidence of the two) and its first evidence of each."""
    if not pairs:
        return None
    m, n = max(pairs, key=lambda p: min(p[0].confidence, p[1].confidence))
    return min(m.confidence, n.confidence), sorted({*m.evidence[:1], *n.evidence[:1]})
