"""Fandom knowledge packs: TOML files shipped in `ficlens/cast/packs/`.

A pack names a fandom's canonical characters with their aliases (used anywhere in the text), vocatives
(nicknames and insults that name the character only when someone is addressed: "Kit", "Teme"), gender,
its places and factions, which are never characters, and its groups (villages, factions) with
their canonical members, where a story starts unless it says otherwise. `--fandom NAME` picks a pack; without it a pack is
chosen when enough of its `detect` words occur in the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ficlens.document import Document
from ficlens.errors import UnknownFandom


@dataclass(frozen=True)
class PackCharacter:
    name: str
    aliases: tuple[str, ...]
    vocatives: tuple[str, ...] = ()
    gender: str | None = None


@dataclass(frozen=True)
class PackGroup:
    """A village, faction or organisation of the fandom, with its names and its canonical members."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    detect: tuple[str, ...]
    characters: tuple[PackCharacter, ...]
    places: tuple[str, ...] = ()
    factions: tuple[str, ...] = ()
    not_names: frozenset[str] = field(default_factory=frozenset)
    groups: tuple[PackGroup, ...] = ()

    def non_characters(self) -> set[str]:
        return {p.lower() for p in (*self.places, *self.factions)} | set(self.not_names)


def available_packs() -> list[str]:
    folder = resources.files("ficlens.cast") / "packs"
    return sorted(entry.name.removesuffix(".toml") for entry in folder.iterdir() if entry.name.endswith(".toml"))


@cache
def pack_named(name: str) -> Pack:
    key = name.strip().lower().replace(" ", "-")
    if key not in available_packs():
        raise UnknownFandom(f"no fandom pack named {name!r} (available: {', '.join(available_packs())})")
    raw = tomllib.loads((resources.files("ficlens.cast") / "packs" / f"{key}.toml").read_text("utf-8"))
    fandom = raw["fandom"]
    return Pack(
        name=key,
        title=fandom["title"],
        detect=tuple(fandom.get("detect", ())),
        characters=tuple(
            PackCharacter(
                name=c["name"],
                aliases=tuple(c.get("aliases", ())),
                vocatives=tuple(c.get("vocatives", ())),
                gender=c.get("gender"),
            )
            for c in raw.get("characters", ())
        ),
        places=tuple(fandom.get("places", ())),
        factions=tuple(fandom.get("factions", ())),
        not_names=frozenset(w.lower() for w in fandom.get("not_names", ())),
        groups=tuple(
            PackGroup(name=g["name"], kind=g.get("kind", "faction"), aliases=tuple(g.get("aliases", ())),
                      members=tuple(g.get("members", ())))
            for g in raw.get("groups", ())
        ),
    )


def detect_pack(text: str, document: Document | None = None) -> Pack | None:
    """The pack whose detection words (and fandom tags, when the work has them) best fit the text."""
    fandom_tags = " ".join(document.work.fandoms).lower() if document else ""
    best, best_score = None, 0
    sample = text[:2_000_000]
    for name in available_packs():
        pack = pack_named(name)
        if fandom_tags and any(word.lower() in fandom_tags for word in (pack.title, pack.name)):
            return pack
        hits = sum(1 for word in pack.detect if re.search(rf"\b{re.escape(word)}\b", sample))
        if hits >= 3 and hits > best_score:
            best, best_score = pack, hits
    return best


def load_pack(fandom: str | None, document: Document | None = None) -> Pack | None:
    if fandom:
        if fandom.lower() in ("none", "no", "off"):
            return None
        return pack_named(fandom)
    return detect_pack(document.text, document) if document else None
