"""Checks before an export is written: the complaints of audiobook makers, caught before they listen.

`validate` refuses a model whose ids do not match its cast (a character's lines would go to the narrator) or
whose characters have no name; `check_voice_map` refuses a voice map that misses a voice of the script;
`check_tags` warns where an utterance's speaker disagrees with the tag right beside it ('"Go," said Ben.'
given to Anna).
"""

from __future__ import annotations

import re
from collections import Counter

from ficlens.dialogue.lexicon import SPEECH_VERBS
from ficlens.export.errors import ExportError
from ficlens.export.lines import Line, voice_labels
from ficlens.export.options import ExportOptions
from ficlens.model import StoryModel

_NAME = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*"
_TAG_AFTER = re.compile(rf"^[\s,]*(?:(?P<verb>[a-z]+)\s+(?P<name>{_NAME})|(?P<name2>{_NAME})\s+(?P<verb2>[a-z]+))\b")
_TAG_BEFORE = re.compile(rf"(?P<name>{_NAME})\s+(?P<verb>[a-z]+)[,:]?\s*$")


def validate(model: StoryModel) -> None:
    """Refuse a model whose lines would be read in the wrong voice: ids outside the cast, unnamed characters."""
    ids = [c.id for c in model.characters]
    problems = []
    if duplicated := sorted(i for i, n in Counter(ids).items() if n > 1):
        problems.append(f"character ids used twice: {', '.join(duplicated)}")
    if unnamed := [c.id for c in model.characters if not c.name.strip()]:
        problems.append(f"characters without a name: {', '.join(unnamed)}")
    known = set(ids)
    outside = sorted(
        {u.speaker for u in model.utterances if u.speaker and u.speaker not in known}
        | {a for u in model.utterances for a in u.addressees if a not in known}
    )
    if outside:
        problems.append(f"utterances name ids outside the cast: {', '.join(outside)}")
    if problems:
        raise ExportError("; ".join(problems))


def check_voice_map(model: StoryModel, lines: list[Line], options: ExportOptions) -> list[str]:
    """A voice map must give every voice of the script a voice (or that character would be read by the default
    voice unnoticed); names in the map that are no voice of this story are only warned about."""
    if not options.voices:
        return []
    needed = {line.voice for line in lines}
    if missing := sorted(needed - set(options.voices)):
        raise ExportError(f"the voice map has no voice for: {', '.join(missing)}")
    labels = set(voice_labels(model, options.narrator).values()) | needed
    return [f"the voice map names {name!r}, no voice of this story" for name in sorted(set(options.voices) - labels)]


def check_tags(model: StoryModel, lines: list[Line]) -> list[str]:
    """Utterances whose adjacent speech tag names another character of the cast, and only that character."""
    owners: dict[str, set[str]] = {}
    for c in model.characters:
        for alias in {c.name, *c.aliases}:
            owners.setdefault(alias, set()).add(c.id)
    warnings = []
    for number, line in enumerate(lines):
        if line.utterance is None:
            continue
        tagged = _tagged(lines, number, owners)
        if tagged and line.speaker not in tagged[1]:
            given = line.speaker_name or "no one"
            warnings.append(f"{line.utterance} is given to {given}, but the tag beside it says {tagged[0]!r}")
    return warnings


def _tagged(lines: list[Line], number: int, owners: dict[str, set[str]]) -> tuple[str, set[str]] | None:
    """The tag right after the utterance in its paragraph ('said Ben', 'Ben said'), else right before it."""
    line = lines[number]
    after = lines[number + 1] if number + 1 < len(lines) else None
    if after is not None and after.kind == "narration" and after.paragraph == line.paragraph:
        match = _TAG_AFTER.match(after.text)
        if match:
            verb, name = match["verb"] or match["verb2"], match["name"] or match["name2"]
            if verb in SPEECH_VERBS and name in owners:
                return match.group(0).strip(" ,"), owners[name]
    before = lines[number - 1] if number else None
    if before is not None and before.kind == "narration" and before.paragraph == line.paragraph:
        match = _TAG_BEFORE.search(before.text)
        if match and match["verb"] in SPEECH_VERBS and match["name"] in owners:
            return match.group(0).strip(" ,:"), owners[match["name"]]
    return None
