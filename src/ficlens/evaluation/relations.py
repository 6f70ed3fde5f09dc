"""Scoring the relations layer against a fan-fiction gold file (`<work>.gold.json`), as its README says.

A predicted character is a gold one when its name (else one of its aliases) is in the gold character's list;
a predicted group likewise with the gold `groups` (case, a leading "the" and the apostrophe's shape ignored).
- memberships at `start`: a predicted membership of the character and group covers the character's first
  mention; at `end`: it covers the end of the text;
- events: one of the same character, group and kind starts within `EVENT_REACH` characters of the `near`
  sentence;
- relations: the first (`start`) or last (`end`) phase of the pair's relationship has the gold polarity.
"""

from __future__ import annotations

import re

from ficlens.model import Phase, StoryModel

EVENT_REACH = 600
"""Characters between a predicted event's start and the gold `near` sentence."""
FIGURES = ("memberships_start", "memberships_end", "events", "relations_start", "relations_end")


def score_relations(gold: dict, model: StoryModel) -> dict[str, tuple[int, int]]:
    """(right, total) per figure of `FIGURES`."""
    characters = matched_characters(gold, model)
    groups = _match(gold.get("groups", {}), [(g.id, g.name, g.aliases) for g in model.groups])
    first = {c.id: min((s for s, _ in c.mentions), default=None) for c in model.characters}
    scores = {name: [0, 0] for name in FIGURES}
    for item in gold.get("memberships", []):
        figure = f"memberships_{item['at']}"
        scores[figure][1] += 1
        scores[figure][0] += _held(model, item, characters, groups, first)
    for item in gold.get("events", []):
        scores["events"][1] += 1
        scores["events"][0] += _found(model, item, characters, groups)
    for item in gold.get("relations", []):
        figure = f"relations_{item['at']}"
        scores[figure][1] += 1
        scores[figure][0] += _right(model, item, characters)
    return {name: (right, total) for name, (right, total) in scores.items()}


def matched_characters(gold: dict, model: StoryModel) -> dict[str, set[str]]:
    """Gold character key -> ids of the predicted characters that are that character."""
    return _match(gold.get("characters", {}), [(c.id, c.name, c.aliases) for c in model.characters])


def _norm(name: str) -> str:
    words = name.replace("’", "'").casefold().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _match(gold: dict[str, list[str]], predicted: list[tuple[str, str, list[str]]]) -> dict[str, set[str]]:
    """Gold key -> ids of the predicted things it is (by name, else by an alias naming exactly one key)."""
    forms = {key: {_norm(f) for f in names} for key, names in gold.items()}
    found: dict[str, set[str]] = {key: set() for key in gold}
    for pid, name, aliases in predicted:
        keys = [k for k, f in forms.items() if _norm(name) in f]
        if not keys:
            keys = list({k for k, f in forms.items() for a in aliases if _norm(a) in f})
        if len(keys) == 1:
            found[keys[0]].add(pid)
    return found


def _held(model: StoryModel, item: dict, characters, groups, first) -> bool:
    people, teams = characters.get(item["character"], set()), groups.get(item["group"], set())
    for m in model.memberships:
        if m.character in people and m.group in teams:
            at = len(model.text) if item["at"] == "end" else first.get(m.character)
            if at is not None and m.start <= at <= m.end:
                return True
    return False


def _found(model: StoryModel, item: dict, characters, groups) -> bool:
    near = _locate(model.text, item["near"])
    if near is None:
        return False
    people, teams = characters.get(item["character"], set()), groups.get(item["group"], set())
    return any(
        e.kind == item["kind"] and e.character in people and e.group in teams
        and near[0] - EVENT_REACH <= e.start <= near[1] + EVENT_REACH
        for e in model.events
    )


def _locate(text: str, snippet: str) -> tuple[int, int] | None:
    words = re.findall(r"\w+", snippet)
    if not words:
        return None
    match = re.search(r"\W+".join(map(re.escape, words)), text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def _right(model: StoryModel, item: dict, characters) -> bool:
    phase = judged_phase(model, item, characters)
    return phase is not None and phase.polarity == item["polarity"]


def judged_phase(model: StoryModel, item: dict, characters: dict[str, set[str]]) -> Phase | None:
    """The phase a gold relation is judged on: the first (`start`) or last (`end`) of the pair's relationship."""
    a, b = characters.get(item["a"], set()), characters.get(item["b"], set())
    for r in model.relationships:
        if (r.a in a and r.b in b) or (r.a in b and r.b in a):
            return r.phases[0] if item["at"] == "start" else r.phases[-1]
    return None


def judged_items(gold: dict, model: StoryModel) -> list[tuple[dict, bool, set[str]]]:
    """Each gold membership and event, whether the model has it (as `score_relations` counts it), and the
    ids of the predicted characters that are its character: to sort the misses."""
    characters = matched_characters(gold, model)
    groups = _match(gold.get("groups", {}), [(g.id, g.name, g.aliases) for g in model.groups])
    first = {c.id: min((s for s, _ in c.mentions), default=None) for c in model.characters}
    judged = [(item, _held(model, item, characters, groups, first)) for item in gold.get("memberships", [])]
    judged += [(item, _found(model, item, characters, groups)) for item in gold.get("events", [])]
    return [(item, ok, characters.get(item["character"], set())) for item, ok in judged]
