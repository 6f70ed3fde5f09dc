"""Characters known before the text is read: a fandom pack's, and the work's character and relationship tags."""

from __future__ import annotations

import re

from ficlens.cast.cast import Cast
from ficlens.cast.names import parse_name
from ficlens.cast.packs import Pack
from ficlens.model import Work


def seed_pack(cast: Cast, pack: Pack | None) -> None:
    if not pack:
        return
    for character in pack.characters:
        index = cast.add(character.name, gender=character.gender, pack=character)
        cast.members[index].evidence.add("pack")
        for alias in (character.name, *character.aliases):
            cast.bind(index, parse_name(alias))
            cast.members[index].seeds.add(alias)
        for vocative in character.vocatives:
            cast.by_vocative.setdefault(vocative.lower(), index)
            if parse_name(vocative).key not in cast.by_key:  # a capitalised "Kit" in a Naruto story is Naruto
                cast.bind(index, parse_name(vocative))
    cast.compile_vocatives()


def seed_work_tags(cast: Cast, work: Work) -> None:
    """Character and relationship tags of a download name the cast: "Kyuubi | Nine-tails | Kurama" is one
    character, "Naruto U." is Naruto (the initial is dropped), "Naruto Uzumaki/Sasuke Uchiha" names two."""
    tags = list(work.characters)
    for relationship in work.relationships:
        tags.extend(part for part in re.split(r"\s*[/&]\s*", relationship) if part)
    for tag in tags:
        forms = [f.strip() for f in re.sub(r"\([^)]*\)", "", tag).split("|") if f.strip()]
        forms = [re.sub(r"\s+[A-Z]\.$", "", form) for form in forms]
        if not forms:
            continue
        index = next((found for form in forms if (found := cast.lookup(form)) is not None), None)
        if index is None:
            index = cast.add(forms[0])
            cast.members[index].preferred = forms[0]
        cast.members[index].seeds.update(forms)
        cast.members[index].evidence.add("tag")
        for form in forms:
            parts = parse_name(form)
            if parts.key not in cast.by_key:
                cast.bind(index, parts)
            if len(parts.words) > 1 and parts.title is None and parts.words[0].lower() not in cast.by_key:
                cast.bind(index, parse_name(parts.words[0]))
