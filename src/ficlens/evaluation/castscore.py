"""Cast figures shared by the corpus scorers: per gold character found once / split / merged / missing, and junk.

A gold cast is a list of characters, each with every surface form that names it. A predicted character
*names* a gold character when its name or any alias equals one of the gold forms (compared after
`normalise`); a predicted narrator also names the character the gold says narrates. The outcome of each gold
character (mutually exclusive, in this order): missing (no predicted character names it), split (two or more
do), merged (exactly one does, and that one names another gold character too), found (exactly one does, and it
names no other). Junk is a predicted character that names no gold character: a listed thing that is nobody.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ficlens.evaluation.spans import normalise, ratio
from ficlens.model import Character


class GoldCast:
    """Gold character key -> its forms, searchable from a predicted character's names."""

    def __init__(self, forms: Mapping[str, Iterable[str]], narrator: str | None = None) -> None:
        self.keys = list(forms)
        self.narrator = narrator
        self.by_form: dict[str, set[str]] = {}
        for key, names in forms.items():
            for name in names:
                form = normalise(name)
                if form:
                    self.by_form.setdefault(form, set()).add(key)

    def named(self, character: Character) -> set[str]:
        """The gold keys a predicted character's name and aliases name."""
        keys: set[str] = set()
        for name in (character.name, *character.aliases):
            keys |= self.by_form.get(normalise(name), set())
        if character.kind == "narrator" and self.narrator:
            keys.add(self.narrator)
        return keys

    def identify(self, character: Character | None) -> str | None:
        """The one gold character a predicted character is, or None when it names none or several."""
        if character is None:
            return None
        keys = self.named(character)
        return next(iter(keys)) if len(keys) == 1 else None


@dataclass
class CastFigures:
    gold: int = 0
    found: int = 0
    split: int = 0
    merged: int = 0
    missing: int = 0
    speakers: int = 0
    """Gold characters with at least one line (where the gold has lines)."""
    speakers_once: int = 0
    """... of them found once: named by exactly one predicted character that names nobody else."""
    listed: int = 0
    """Predicted characters."""
    junk: int = 0
    """Predicted characters that name no gold character."""
    junk_names: list[str] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)
    """Gold key -> outcome."""

    @property
    def people(self) -> int:
        return self.listed - self.junk

    def metrics(self) -> dict[str, float | None]:
        return {
            "cast_found": ratio(self.found, self.gold),
            "speakers_once": ratio(self.speakers_once, self.speakers),
            "listed_people": ratio(self.people, self.listed),
        }

    def add(self, other: CastFigures) -> None:
        for name in ("gold", "found", "split", "merged", "missing", "speakers", "speakers_once", "listed", "junk"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> str:
        return f"{self.found}/{self.split}/{self.merged}/{self.missing}"


def score_cast(
    predicted: list[Character], gold: GoldCast, speakers: set[str] | None = None, scored: set[str] | None = None
) -> CastFigures:
    """Cast figures of `predicted` against `gold`; `speakers`: gold keys with lines; `scored`: the gold keys
    to give an outcome (default all; junk is always judged against the whole gold cast)."""
    figures = CastFigures(listed=len(predicted))
    named_by: dict[str, list[str]] = {key: [] for key in gold.keys}
    names_count: dict[str, int] = {}
    for character in predicted:
        keys = gold.named(character)
        names_count[character.id] = len(keys)
        for key in keys:
            named_by[key].append(character.id)
        if not keys:
            figures.junk += 1
            figures.junk_names.append(character.name)
    for key in gold.keys:
        if scored is not None and key not in scored:
            continue
        figures.gold += 1
        matches = named_by[key]
        if not matches:
            outcome = "missing"
        elif len(matches) > 1:
            outcome = "split"
        elif names_count[matches[0]] > 1:
            outcome = "merged"
        else:
            outcome = "found"
        setattr(figures, outcome, getattr(figures, outcome) + 1)
        figures.details[key] = outcome
        if speakers is not None and key in speakers:
            figures.speakers += 1
            figures.speakers_once += outcome == "found"
    return figures
