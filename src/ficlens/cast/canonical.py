"""The one name a character is shown by."""

from __future__ import annotations

from collections import Counter

from ficlens.cast.cast import Member
from ficlens.cast.names import display_form


def canonical_name(member: Member, text: str) -> str:
    """The pack's name; else the longest full name ("Elizabeth Bennet"); else the form used most ("Mr. Darcy")."""
    if member.pack:
        return member.pack.name
    if member.preferred:
        return member.preferred
    if member.kind != "named":
        return member.name
    parts = [p for p in member.parts if not p.surface.isupper()] or member.parts
    full = [p for p in parts if p.title is None and len(p.words) > 1 and not p.honorific]
    if full:
        return " ".join(max(full, key=lambda p: len(p.words)).words)
    used = Counter(display_form(text[start:end]) for start, end in member.mentions)
    for surface, _ in used.most_common():
        if not surface.isupper():
            return surface
    return display_form(member.name)
