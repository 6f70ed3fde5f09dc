"""Pronoun votes for the gender of each name form, and first-name guesses where the votes say nothing."""

from __future__ import annotations

from collections import Counter, defaultdict

from ficlens.analysis import Analysis
from ficlens.cast.candidates import Candidate
from ficlens.cast.cast import Cast
from ficlens.cast.gender import first_name_gender

PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}

QUOTE_MARKS = frozenset({'"', "“", "”"})


def form_genders(analysis: Analysis, candidates: list[Candidate]) -> dict[str, Counter]:
    """Pronoun votes per name form: a name as the subject votes for the next subject pronoun or possessive
    (he, she, his, her) after it in its paragraph, unless another name or a quotation mark comes first. The
    reading goes on past a quotation mark: in a dialogue-heavy story most names stand in tags ("Usopp said,
    puffing out his chest"), and stopping at a sentence's first mark left most of such a cast without a
    gender."""
    votes: dict[str, Counter] = defaultdict(Counter)
    at = {c.start: c.parts.key for c in candidates}
    for paragraph in analysis.paragraphs:
        doc = paragraph.doc
        if doc is None:
            continue
        subject = None
        for token in doc:
            if token.text in QUOTE_MARKS:
                subject = None
                continue
            key = at.get(paragraph.start + token.idx)
            if key is not None:
                subject = key if token.dep_ in ("nsubj", "nsubjpass") or token.head.dep_ in (
                    "nsubj", "nsubjpass") else None
                continue
            gender = PRONOUN_GENDER.get(token.lower_)
            if subject is not None and gender and (
                token.tag_ == "PRP$" or (token.tag_ == "PRP" and token.dep_ in ("nsubj", "nsubjpass"))
            ):
                votes[subject][gender] += 1
                subject = None
    return votes


def guess_genders(cast: Cast) -> None:
    """A named member the text gives no gender (no title, pronoun votes too split to decide) takes its first
    name's, unless the pronouns lean the other way: "Henry" with 24 he and 21 she (a woman thinking of him) is
    a man; "Krishna" with one "he" stays unknown."""
    for member in cast.members:
        if member.gender or member.kind != "named":
            continue
        guesses = {first_name_gender(p.words[0]) for p in member.parts if p.title is None and p.words} - {None}
        if len(guesses) != 1:
            continue
        guess = guesses.pop()
        other = sum(count for gender, count in member.gender_votes.items() if gender != guess)
        if member.gender_votes[guess] >= other:
            member.gender = guess
