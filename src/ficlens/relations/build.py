"""The relations step: groups, memberships, events, relationships and interactions of one work."""

from __future__ import annotations

from ficlens import ahead
from ficlens.analysis import Relations
from ficlens.model import Event, Group, Membership
from ficlens.relations.context import RelationContext, Said
from ficlens.relations.events import DEED_KINDS, FoundEvent, deed_group, find_events
from ficlens.relations.groups import find_groups, group_key, group_scans, speaker_followings
from ficlens.relations.interactions import count_interactions
from ficlens.relations.memberships import CLEAR_RULES, CONFIDENCE, Evidence, membership_evidence
from ficlens.relations.relationships import build_relationships
from ficlens.relations.sentences import index_sentences, sentence_layout


def build_relations(analysis) -> Relations:
    """Reads the text, story paragraphs, cast, quotations, segments and pack of an `Analysis`."""
    cast = analysis.cast
    ids = cast.public_ids() if cast else {}
    members = cast.kept() if cast else []
    mentions = sorted((s, e, ids[i]) for i, m in members for s, e in m.mentions)
    said = [
        Said(q.start, q.end, ids.get(q.speaker), tuple(ids[a] for a in q.addressees if a in ids), q.kind, words)
        for q, words in zip(analysis.quotes, ahead.result(analysis, quote_words), strict=True)
    ]
    return relate(
        text=analysis.text,
        paragraphs=[p for p in analysis.paragraphs if p.story],
        layout=ahead.result(analysis, sentence_layout),
        scans=ahead.result(analysis, group_scans),
        characters={ids[i]: (m.name, m.aliases, cast.provisional_gender(i)) for i, m in members},
        people={ids[i] for i, m in members if m.pack is not None} | {s.speaker for s in said if s.speaker},
        mentions=mentions,
        said=said,
        chapter_starts=sorted(s.start for s in analysis.segments if s.kind == "chapter"),
        pack=analysis.pack,
    )


def quote_words(analysis) -> list[int]:
    """The number of words of each quotation: from the quotations alone, so computed ahead (`ahead.py`)."""
    return [len(analysis.text[q.inner_start : q.inner_end].split()) for q in analysis.quotes]


def relate(text, paragraphs, layout, scans, characters, people, mentions, said, chapter_starts, pack) -> Relations:
    """`layout` is `sentences.sentence_layout` of the `paragraphs`, `scans` `groups.scan_groups` of the `text`;
    `characters` maps a character id to (name, aliases, gender); `people` are the ids surely persons (they
    speak or a pack lists them); `mentions` are (start, end, id) spans."""
    forms = {form: cid for cid, (name, aliases, _) in characters.items() if cid in people
             for form in (name, *aliases)}
    pack_forms = frozenset(f for c in (pack.characters if pack else ()) for f in (c.name, *c.aliases, *c.vocatives))
    cast_forms = {form: cid for cid, (name, aliases, _) in characters.items() for form in (name, *aliases)}
    groups = find_groups(text, pack, forms, pack_forms, cast_forms | forms, scans)
    groups = sorted(groups + speaker_followings(text, [(q.start, q.end, q.speaker) for q in said if q.speaker],
                                                {cid: name for cid, (name, _, _) in characters.items()}, groups),
                    key=lambda g: g.mentions[0])
    named = {group_key(a) for g in groups for a in g.aliases}
    # a "character" named like a group ("Marines", "Survey Corps") is the group: its mentions are the group's
    posing = {cid for cid, (name, aliases, _) in characters.items()
              if cid not in people and {group_key(f) for f in (name, *aliases)} & named}
    characters = {cid: value for cid, value in characters.items() if cid not in posing}
    mentions = [m for m in mentions if m[2] not in posing]
    sentences = index_sentences(paragraphs, layout, mentions, [(q.start, q.end, q.speaker) for q in said],
                                {cid: g for cid, (_, _, g) in characters.items() if g})
    canon = _canon(groups, characters)
    context = RelationContext(text, sentences, groups, said,
                              aliases={cid: {n, *a} for cid, (n, a, _) in characters.items()}, canon=canon)
    evidence = membership_evidence(context)
    events = _settle_events(context, find_events(context), evidence)
    opposed = _defections(context, events, evidence)
    memberships = _memberships(context, evidence, events)
    return Relations(
        groups=[Group(id=f"g{n}", name=g.name, aliases=sorted(g.aliases), kind=g.kind, mentions=g.mentions)
                for n, g in enumerate(groups)],
        memberships=memberships,
        events=[_event(context, e) for e in sorted(events, key=lambda e: (e.sentence, e.kind != "leave"))],
        relationships=build_relationships(context, memberships, opposed),
        interactions=count_interactions(said, chapter_starts),
    )


DEFECTION_CONFIDENCE = 0.5
"""Of a leave inferred from a join (the join's sentence does not say the character left)."""
SETTLE_REACH = 2
"""Sentences around an event looked at for the group it does not name."""


def _canon(groups, characters) -> dict[str, list[int]]:
    canon: dict[str, list[int]] = {}
    for cid, (name, aliases, _) in characters.items():
        for number, group in enumerate(groups):
            if name in group.members or set(aliases) & set(group.members):
                canon.setdefault(cid, []).append(number)
    return canon


def _settle_events(context: RelationContext, events: list[FoundEvent], evidence: list[Evidence]) -> list[FoundEvent]:
    """Give each event without a group the one it must concern; drop those left without one, and repeats."""
    settled: list[FoundEvent] = []
    seen: set[tuple] = set()
    for event in events:
        if event.group is None and event.host:
            event.group = _group_before(context, FoundEvent("join", event.host, None, event.sentence, 0.0), evidence)
        if event.group is None:
            event.group = (_group_before(context, event, evidence) if event.kind in ("leave", "betray")
                           else _group_near(context, event, evidence))
        key = (event.kind, event.character, event.group, event.sentence)
        if event.group is None or key in seen:
            continue
        seen.add(key)
        settled.append(event)
    return _drop_repeated_joins(settled)


def _drop_repeated_joins(events: list[FoundEvent]) -> list[FoundEvent]:
    """A join to a group the character joined and has not left since tells nothing new."""
    joined: set[tuple[str, int | None]] = set()
    kept = []
    for event in sorted(events, key=lambda e: (e.sentence, e.kind != "leave")):
        key = (event.character, event.group)
        if event.kind == "join":
            if key in joined:
                continue
            joined.add(key)
        elif event.kind == "leave":
            joined.discard(key)
        kept.append(event)
    return kept


def _defections(context: RelationContext, events: list[FoundEvent], evidence: list[Evidence]) -> set[tuple[int, int]]:
    """A join takes the character out of the groups held before it (a defection is a leave and a join):
    adds those leaves, and returns the pairs of groups a defection sets against each other."""
    opposed: set[tuple[int, int]] = set()
    left = {(e.character, e.group) for e in events if e.kind == "leave"}
    for event in [e for e in events if e.kind == "join"]:
        at = context.sentences[event.sentence].start
        held = set(context.canon.get(event.character, []))
        held |= {e.group for e in evidence if e.character == event.character and e.start < at}
        for group in {g for g in held - {event.group} if context.groups[g].kind != "family"}:  # kin stay kin
            opposed |= {(group, event.group), (event.group, group)}
            if (event.character, group) not in left:
                left.add((event.character, group))
                events.append(FoundEvent("leave", event.character, group, event.sentence, DEFECTION_CONFIDENCE))
    for event in events:
        if event.kind == "leave":
            joined = [e.group for e in events if e.kind == "join" and e.character == event.character]
            opposed |= {(event.group, g) for g in joined} | {(g, event.group) for g in joined}
    opposed -= {(g, g) for g in range(len(context.groups))}
    return opposed


def _group_before(context: RelationContext, event: FoundEvent, evidence: list[Evidence]) -> int | None:
    """The group the character belonged to most clearly before the event (sharing sentences with a group
    counts only where nothing else does); one leaves or betrays a side
    (an organisation, a team, a faction) rather than a place, where the character held one."""
    at = context.sentences[event.sentence].start
    votes: dict[int, float] = {g: CONFIDENCE["pack"] for g in context.canon.get(event.character, [])}
    before = [e for e in evidence if e.character == event.character and e.start <= at]
    kinds = DEED_KINDS.get(event.deed or "")
    if kinds:
        votes = {g: v for g, v in votes.items() if context.groups[g].kind in kinds}
        before = [e for e in before if context.groups[e.group].kind in kinds]
    elif event.kind in ("leave", "betray"):
        votes = {g: v for g, v in votes.items() if context.groups[g].kind != "place"}
        sides = [e for e in before if context.groups[e.group].kind != "place"]
        before = sides if sides or votes else before
    if any(e.rule in CLEAR_RULES for e in before):
        before = [e for e in before if e.rule in CLEAR_RULES]
    elif not votes and deed_group(context, event) is not None:
        return deed_group(context, event)  # the badge's organisation outweighs company and setting
    first: dict[int, int] = {}
    for item in before:
        votes[item.group] = votes.get(item.group, 0.0) + item.confidence
        first[item.group] = min(first.get(item.group, item.start), item.start)
    return max(votes, key=lambda g: (votes[g], -first.get(g, -1), -g)) if votes else None


def _group_near(context: RelationContext, event: FoundEvent, evidence: list[Evidence]) -> int | None:
    """The nearest group named around the event that the character did not already belong to."""
    before = _group_before(context, event, evidence)
    sentences = context.sentences
    for distance in range(1, SETTLE_REACH + 1):
        for number in (event.sentence + distance, event.sentence - distance):
            if 0 <= number < len(sentences):
                near = [g for _, _, g in context.groups_in(sentences[number].start, sentences[number].end) if g != before]
                if near:
                    return near[0]
    return None


def _event(context: RelationContext, event: FoundEvent) -> Event:
    sentence = context.sentences[event.sentence]
    return Event(kind=event.kind, character=event.character, group=f"g{event.group}", start=sentence.start,
                 end=sentence.end, text=context.text[sentence.start : sentence.end], confidence=event.confidence)


def _memberships(context: RelationContext, evidence: list[Evidence], events: list[FoundEvent]) -> list[Membership]:
    """Spans of belonging: from the start when evidence (or the pack) comes before any join; a join's sentence
    opens one, a leave's sentence closes it."""
    length = len(context.text)
    keys = {(e.character, e.group) for e in evidence} | {(e.character, e.group) for e in events
                                                          if e.kind in ("join", "leave")}
    keys |= {(c, g) for c, groups in context.canon.items() for g in groups}
    result: list[Membership] = []
    for character, group in sorted(keys, key=lambda k: (k[0], k[1])):
        found = sorted((e for e in evidence if e.character == character and e.group == group), key=lambda e: e.start)
        changes = sorted(
            ((context.sentences[e.sentence].start, context.sentences[e.sentence].end, e.kind) for e in events
             if e.character == character and e.group == group and e.kind in ("join", "leave")),
        )
        first_join = next((s for s, _, k in changes if k == "join"), length)
        # one who leaves a group first belonged to it ("I have just left Heaven")
        opened: int | None = 0 if (group in context.canon.get(character, []) or (changes and changes[0][2] == "leave")
                                   or any(e.start < first_join and _belongs_before_join(e, first_join, length)
                                          for e in found)) else None
        spans: list[tuple[int, int]] = []
        for start, _, kind in changes:
            if kind == "join" and opened is None:
                opened = start
            elif kind == "leave" and opened is not None:
                spans.append((opened, max(start, opened)))
                opened = None
        if opened is not None:
            spans.append((opened, length))
        for start, end in spans:
            cited = [(e.start, e.end) for e in found if start <= e.start < end]
            cited += [(s, e) for s, e, _ in changes if start <= s <= end]
            if not cited:
                cited = [context.groups[group].mentions[0]]
            confidence = max([e.confidence for e in found if start <= e.start < end] or [CONFIDENCE["pack"]])
            result.append(Membership(character=character, group=f"g{group}", start=start, end=end,
                                     evidence=sorted(set(cited)), confidence=confidence))
    return result


def _belongs_before_join(evidence: Evidence, first_join: int, length: int) -> bool:
    """Evidence before a join the story tells says the character belonged before it only when it is more than
    company: a guard who shares every sentence with his prisoners and later joins their crew was not one of them
    while he guarded them."""
    return first_join == length or evidence.confidence > CONFIDENCE["company"]


def find_relations(analysis) -> None:
    """The relations step (see `pipeline.STEPS`): assigns `analysis.relations`."""
    analysis.relations = build_relations(analysis)
