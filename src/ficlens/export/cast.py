"""Who reads the script: one entry per voice (each character, the narrator, marked thoughts), with the cast's
names and gender, and the voice map users edit and pass back (`--voices`)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TypedDict

from ficlens.export.errors import ExportError
from ficlens.export.lines import Line, voice_labels
from ficlens.export.options import ExportOptions
from ficlens.model import Character, StoryModel

GENDER_SCORES = {"male": 1, "female": 10, "nonbinary": 5, "unknown": 5, None: 5}
"""audiobook-creator's 1-10 scale: 1 a male voice, 10 a female voice, 5 neutral (or not known)."""
GENDER_LEGEND = {"1": "male", "5": "neutral or unknown", "10": "female"}


class CastEntry(TypedDict):
    voice: str
    id: str | None
    name: str
    aliases: list[str]
    gender: str | None
    gender_score: int
    lines: int
    first_person_narrator: bool


def cast_entries(model: StoryModel, lines: list[Line], options: ExportOptions) -> list[CastEntry]:
    """The narrator, then every character of the cast (speaking or not), then the extra voices of marked lines."""
    labels = voice_labels(model, options.narrator)
    counts = Counter(line.voice for line in lines)
    entries = [_entry(options.narrator, None, counts)]
    entries += [_entry(labels[c.id], c, counts, narrates=c.kind == "narrator") for c in model.characters]
    known = {entry["voice"] for entry in entries}
    characters = {c.id: c for c in model.characters}
    speakers = {line.voice: characters.get(line.speaker) for line in lines if line.speaker}
    entries += [_entry(voice, speakers.get(voice), counts) for voice in sorted(counts) if voice not in known]
    return entries


def _entry(voice: str, character: Character | None, counts: Counter, narrates: bool = False) -> CastEntry:
    """A marked voice ('Sasuke (thought)') carries its character's id and gender, under its own voice name;
    `narrates` is a first-person narrator, whose own lines default to the narration's voice."""
    gender = character.gender if character else None
    return CastEntry(
        voice=voice,
        id=character.id if character else None,
        name=character.name if character else voice,
        aliases=list(character.aliases) if character else [],
        gender=gender,
        gender_score=GENDER_SCORES.get(gender, GENDER_SCORES[None]),
        lines=counts.get(voice, 0),
        first_person_narrator=narrates,
    )


def default_voice_map(entries: list[CastEntry], options: ExportOptions) -> dict[str, str]:
    """The given voice map, else placeholder voices numbered by gender ('female-2') for users to replace."""
    if options.voices:
        return {entry["voice"]: options.voices.get(entry["voice"], "") for entry in entries}
    numbered: Counter = Counter()
    voices = {}
    for entry in entries:
        if entry["id"] is None or entry["first_person_narrator"]:
            voices[entry["voice"]] = "narrator"
            continue
        gender = entry["gender"] if entry["gender"] in ("male", "female") else "neutral"
        numbered[gender] += 1
        voices[entry["voice"]] = f"{gender}-{numbered[gender]}"
    return voices


def read_voice_map(path: Path) -> dict[str, str]:
    """A voice map file: one JSON object, voice name -> engine voice (as `ficlens export --to ssml` writes it)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ExportError(f"{path}: cannot read the voice map ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportError(f"{path}: the voice map is not JSON ({error})") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ExportError(f"{path}: the voice map must be one JSON object of names to voice names")
    return data
