"""Evidence that a character belongs to a group, sentence by sentence.

- description: the character is "a" member ("she was a Marine", "I volunteered to be a Warrior"), or the group word modifies a noun that is the character or describes the character
  ("a Konoha ninja", "Kaito, a Marine ensign", "she was a Slytherin sixth-year", "the Fatui agent");
- of: "the captain of the Survey Corps" / "Percy of Camp Half-Blood";
- belonging: the character is the subject of a belonging word with the group in its phrase
  ("served in the Corps", "loyal to the Leaf", "worked for Scotland Yard");
- possessive: "our Corps" in the character's own words, "his garrison" of the character;
- following: "Kronos's army" belongs to Kronos;
- host: the character welcomes someone to the group in speech ("Welcome to the rebellion, Darius");
- rank: a rank before the character's name ("Ensign Kaito Mizuhara") places the character in the service
  (an organisation, team or faction no character leads) named nearest to it;
- surname: the character's full name ends in the name of a family group ("Sam Winchester", "the Winchesters");
- chat: the character posts in a chat fic's group chat named for the group ("-- group chat: Gym Leaders --");
- company: the character and the group share sentences again and again (weak);
- fellows: with no other evidence, the group of the characters the character shares most sentences with,
  among those with clear evidence (the crew around a captain);
- setting: with no other evidence where the character comes in, the group named most often around the
  character's first appearances is theirs: a story set at Camp Half-Blood or aboard a crew's ship presents
  its members without saying so (weakest).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ficlens.nlp import SUBJECT_DEPS
from ficlens.relations.context import RelationContext
from ficlens.relations.groups import CHAT_HEADER, group_key
from ficlens.relations.lexicon import (
    BELONGING_WORDS,
    MEMBER_NOUNS,
    OWN_POSSESSIVES,
    RANK_TITLES,
    THIRD_POSSESSIVES,
    TRAITOR_NOUNS,
)
from ficlens.relations.sentences import Sentence

CONFIDENCE = {"description": 0.8, "of": 0.7, "belonging": 0.7, "possessive": 0.6, "following": 0.8, "chat": 0.7, "surname": 0.6, "rank": 0.5, "host": 0.6,
              "company": 0.4, "pack": 0.5, "fellows": 0.35, "setting": 0.3}
MIN_FELLOWS = 2
"""Sentences shared with members of one group that make a character one of them."""
CLEAR_RULES = frozenset({"description", "of", "belonging", "possessive", "following", "chat", "rank", "host"})
"""Rules that place a character on a side (a surname names a family, not a side)."""
SETTING_MENTIONS = 3
"""The character's first mentions whose surroundings decide the setting group."""
SETTING_REACH = 3000
"""Characters around a mention in which group names count for the setting."""
MIN_SETTING = 2
"""Group names around those mentions that make the setting group."""
MIN_COMPANY = 1
"""Sentences a character must share with a group (as the subject) for a weak membership."""


@dataclass(frozen=True)
class Evidence:
    character: str
    group: int
    start: int
    end: int
    rule: str

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule]


def membership_evidence(context: RelationContext) -> list[Evidence]:
    found: list[Evidence] = []
    company: Counter = Counter()
    first_company: dict[tuple[str, int], Sentence] = {}
    for sentence in context.sentences:
        mentions = context.groups_in(sentence.start, sentence.end)
        if not mentions:
            continue
        for start, end, group in mentions:
            head = _token_at(sentence, start, end)
            if head is None:
                continue
            for character, rule in _rules(context, sentence, head):
                found.append(Evidence(character, group, sentence.start, sentence.end, rule))
            if _names_a_thing(sentence, head) or _names_a_member(head):
                continue
            for character in _subjects(sentence):
                company[character, group] += 1
                first_company.setdefault((character, group), sentence)
    for (character, group), count in company.items():
        if count >= MIN_COMPANY and not context.groups[group].leader == character:
            sentence = first_company[character, group]
            found.append(Evidence(character, group, sentence.start, sentence.end, "company"))
    found += _chats(context)
    found += _surnames(context)
    found += _ranks(context)
    found += _fellows(context, found)
    found += _setting(context, found)
    for group_index, group in enumerate(context.groups):
        if group.leader:
            start, end = group.mentions[0]
            found.append(Evidence(group.leader, group_index, start, end, "following"))
    return found


def _names_a_thing(sentence: Sentence, head) -> bool:
    """A group's name modifying a thing ("a Cerulean Gym beach towel", "the Fatui embassy") says where the thing
    comes from, not who keeps the group's company."""
    noun = head.head
    return (head.dep_ == "compound" and noun.i != head.i and noun.pos_ in ("NOUN", "PROPN")
            and noun.lower_ not in MEMBER_NOUNS and noun.i not in sentence.names)


def _names_a_member(head) -> bool:
    """"The Marine believed him", "walked up to the Fatui agent": one member named by the group's singular noun
    (or by a member noun it modifies) is a person, not the group, and keeps nobody else in its company."""
    if head.dep_ in ("compound", "amod") and head.head.i != head.i:
        head = head.head  # "the Fatui agent"
    return head.lower_ in MEMBER_NOUNS and head.tag_ in ("NN", "NNP") and not head.lower_.endswith("s")


def _token_at(sentence: Sentence, start: int, end: int):
    tokens = sentence.tokens_between(start, end)
    if not tokens:
        return None
    return max(tokens, key=lambda t: t.i) if len(tokens) == 1 else _root(tokens)


def _root(tokens):
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[-1]


def _rules(context: RelationContext, sentence: Sentence, head) -> list[tuple[str, str]]:
    """Who the group mention makes a member, by which rule; in a quotation never the one spoken to ("Northland
    Bank man, Master Diluc." answers who someone else is), unless named as the subject ("Corin is a traitor");
    nobody where the clause denies it ("I'm not here for Marley", "he was never a Marine")."""
    if _denied(head):
        return []
    said = context.speaker_of(sentence)
    spoken_to = set(said.addressees) if said else set()
    spoken_to -= set(_subjects(sentence, narration_only=False))
    return [(c, rule) for c, rule in _found_rules(context, sentence, head) if rule == "possessive" or c not in spoken_to]


def _denied(head) -> bool:
    """A negation on the verb the group mention hangs from (through its preposition or noun)."""
    verb = head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in verb.children)


def _found_rules(context: RelationContext, sentence: Sentence, head) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    names = sentence.names
    said = context.speaker_of(sentence)
    speaker = said.speaker if said else None
    # description: "a Konoha ninja", "Marine ensign Kaito"
    if head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.i != head.i:
        noun = head.head
        if noun.i in names:
            found.append((names[noun.i], "description"))
        elif noun.lower_ in MEMBER_NOUNS:
            found += [(c, "description") for c in _described(sentence, noun, speaker)]
    # predicate: "Kaito was a Marine", "I volunteered to be a Warrior"
    if head.dep_ in ("attr", "oprd") and any(c.lower_ in ("a", "an") for c in head.children):
        found += [(c, "description") for c in _subject_names(sentence, head.head, speaker)]
    # of / belonging: "captain of the Corps", "served in the Corps", "loyal to the Leaf", "a traitor to Heaven"
    if head.dep_ == "pobj" and head.head.dep_ == "prep":
        owner = head.head.head
        if owner.i in names and head.head.lower_ in ("of", "from"):
            found.append((names[owner.i], "of"))
        elif (owner.lower_ in MEMBER_NOUNS and head.head.lower_ in ("of", "from", "in")
              or owner.lower_ in TRAITOR_NOUNS and head.head.lower_ in ("to", "of", "from")):
            found += [(c, "of") for c in _described(sentence, owner, speaker)]
        elif owner.lower_ in BELONGING_WORDS or head.head.lower_ in ("for",):
            found += [(c, "belonging") for c in _subject_names(sentence, owner, speaker)]
        elif owner.lower_.startswith("welcome") and head.head.lower_ in ("to", "into") and speaker:
            found.append((speaker, "host"))  # who welcomes one to the rebellion belongs to it
    # possessive: "our Corps" said by a character, "his garrison"
    for child in head.children:
        if child.dep_ == "poss":
            if child.lower_ in OWN_POSSESSIVES and speaker:
                found.append((speaker, "possessive"))
            elif child.lower_ in THIRD_POSSESSIVES and child.i in names:
                found.append((names[child.i], "possessive"))
    return found


def _described(sentence: Sentence, noun, speaker: str | None) -> list[str]:
    """The characters a member noun describes: its apposition, the subject it is said of (the speaker's "I"
    in a quotation), or its owner."""
    names = sentence.names
    found = [names[t.i] for t in noun.children if t.dep_ in ("appos", "compound", "poss") and t.i in names]
    if noun.dep_ == "appos" and noun.head.i in names:
        found.append(names[noun.head.i])
    if noun.dep_ in ("attr", "npadvmod", "oprd"):
        found += _subject_names(sentence, noun.head, speaker)
    if noun.dep_ in SUBJECT_DEPS and noun.i in names:
        found.append(names[noun.i])
    return found




def _subject_names(sentence: Sentence, verb, speaker: str | None = None) -> list[str]:
    """The characters the verb's subject names; "I" or "we" in a quotation is its speaker ("I serve in ...")."""
    names = sentence.names
    while verb.dep_ in ("xcomp", "ccomp", "acomp", "prep", "conj") and verb.head.i != verb.i:
        if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            break
        verb = verb.head
    found = []
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            for t in (child, *child.conjuncts):
                if t.i in names:
                    found.append(names[t.i])
                elif speaker and t.lower_ in ("i", "we"):
                    found.append(speaker)
    return found


def _subjects(sentence: Sentence, narration_only: bool = True) -> list[str]:
    """Characters that are a subject anywhere in the sentence (in narration only, unless told), in order: only
    its name tokens are looked at."""
    if narration_only and sentence.quote is not None:
        return []
    doc = sentence.paragraph.doc
    return list(dict.fromkeys(cid for i, cid in sentence.names.items() if doc[i].dep_ in SUBJECT_DEPS))


SERVICE_KINDS = frozenset({"organisation", "faction", "team"})


def _ranks(context: RelationContext) -> list[Evidence]:
    """A character's first rank-and-name ("Ensign Kaito Mizuhara") puts them in the nearest service named
    within `SETTING_REACH`."""
    services = [(s, g) for s, _, g in context.group_spans
                if context.groups[g].kind in SERVICE_KINDS and context.groups[g].leader is None]
    found: dict[str, Evidence] = {}
    for sentence in context.sentences:
        if sentence.quote is not None:
            continue
        # the token before each name token of the sentence, in order (no other can be a rank before a name)
        for i in sorted({i - 1 for i in sentence.names if i > sentence.first}):
            after = sentence.names[i + 1]
            if after in found or sentence.names.get(i, after) != after:
                continue
            token = sentence.paragraph.doc[i]
            if not token.is_title or token.lower_ not in RANK_TITLES:
                continue
            at = sentence.at(token)
            near = min(services, key=lambda m: abs(m[0] - at), default=None)
            if near is not None and abs(near[0] - at) <= SETTING_REACH:
                name = sentence.paragraph.doc[i + 1]
                found[after] = Evidence(after, near[1], at, sentence.at(name) + len(name.text), "rank")
    return list(found.values())


def _surnames(context: RelationContext) -> list[Evidence]:
    """A group named like a surname ("the Winchesters") is the family of every character whose full name ends
    in it, cited by the first use of that full name."""
    found = []
    for number, group in enumerate(context.groups):
        keys = {group_key(a) for a in group.aliases} - {k for k in map(group_key, group.aliases) if " " in k}
        for character, forms in context.aliases.items():
            full = next((f for f in sorted(forms, key=lambda f: (-len(f), f))  # ties by text: never by hash order
                         if len(f.split()) > 1 and {group_key(f.split()[-1]), group_key(f.split()[-1] + "es")} & keys),
                        None)
            at = context.text.find(full) if full else -1
            if full and at >= 0:
                found.append(Evidence(character, number, at, at + len(full), "surname"))
    return found


def _chats(context: RelationContext) -> list[Evidence]:
    """Everyone who posts in a group chat named for a group (up to the chat's first blank line) is a member,
    cited by their first line there."""
    keys = {group_key(a): g for g, group in enumerate(context.groups) for a in group.aliases}
    found: dict[tuple[str, int], Evidence] = {}
    for match in CHAT_HEADER.finditer(context.text):
        group = keys.get(group_key(match.group(1).strip()))
        if group is None:
            continue
        blank = context.text.find("\n\n", match.end())
        end = blank if blank >= 0 else len(context.text)
        for said in context.said:
            if match.end() <= said.start < end and said.speaker:
                found.setdefault((said.speaker, group), Evidence(said.speaker, group, said.start, said.end, "chat"))
    return list(found.values())


def _setting(context: RelationContext, found: list[Evidence]) -> list[Evidence]:
    firsts: dict[str, list[int]] = {}
    for sentence in context.sentences:
        for character in sentence.characters:
            spots = firsts.setdefault(character, [])
            if len(spots) < SETTING_MENTIONS:
                spots.append(sentence.start)
    settled = {e.character for e in found if e.rule not in ("company", "surname")} | set(context.canon)
    result = []
    for character, spots in firsts.items():
        if character in settled:
            continue
        votes: Counter = Counter()
        for spot in spots:
            votes.update(g for _, _, g in context.groups_in(spot - SETTING_REACH, spot + SETTING_REACH))
        if votes:
            group = max(votes, key=lambda g: (votes[g], -g))
            count = votes[group]
            # a family is joined by birth or marriage, never by the company named around one's first mentions
            if count >= MIN_SETTING and context.groups[group].leader != character and context.groups[group].kind != "family":
                nearest = min(context.groups[group].mentions, key=lambda m: abs(m[0] - spots[0]))
                result.append(Evidence(character, group, nearest[0], nearest[1], "setting"))
    return result


def _fellows(context: RelationContext, found: list[Evidence]) -> list[Evidence]:
    clear: dict[str, set[int]] = {}
    settled: set[str] = set()
    for e in found:
        if e.rule in CLEAR_RULES:
            settled.add(e.character)
            if e.rule != "rank":  # a rank alone is too weak to pass on to the company one keeps
                clear.setdefault(e.character, set()).add(e.group)
    for character, groups in context.canon.items():
        clear.setdefault(character, set()).update(groups)
    votes: dict[str, Counter] = {}
    companions: dict[tuple[str, int], set[str]] = {}
    where: dict[tuple[str, int], tuple[int, int]] = {}
    for start, end, present in _paragraphs(context.sentences):
        for character in present:
            if character in clear or character in settled:
                continue
            for other in present:
                for group in clear.get(other, ()):
                    if context.groups[group].kind == "place":
                        continue  # a companion's home says little of one's own side
                    votes.setdefault(character, Counter())[group] += 1
                    companions.setdefault((character, group), set()).add(other)
                    where.setdefault((character, group), (start, end))
    result = []
    for character, counted in votes.items():
        # the side of most of the members one keeps company with, not of the one met most (a captor, a captain)
        group = max(counted, key=lambda g: (len(companions[character, g]), counted[g], -g))
        if counted[group] >= MIN_FELLOWS:
            start, end = where[character, group]
            result.append(Evidence(character, group, start, end, "fellows"))
    return result


def _paragraphs(sentences: list[Sentence]) -> list[tuple[int, int, list[str]]]:
    """(start, end, characters named) of each paragraph: a scene's company shows over a paragraph, where
    speech and its tag share it, more than in one sentence."""
    found: list[tuple[int, int, list[str]]] = []
    offset = None
    for sentence in sentences:
        if sentence.offset != offset:
            found.append((sentence.start, sentence.end, []))
            offset = sentence.offset
        start, _, present = found[-1]
        found[-1] = (start, sentence.end, present + [c for c in sentence.characters if c not in present])
    return found
