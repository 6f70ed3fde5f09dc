"""Pronoun votes for the gender of each name form, and first-name guesses where the votes say nothing."""

from __future__ import annotations

from collections import Counter, defaultdict

from ficlens.analysis import Analysis
from ficlens.cast.candidates import Candidate
from ficlens.cast.cast import Cast
from ficlens.cast.gender import first_name_gender

PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}
QUOTE_MARKS = {"“": True, "”": False, '"': None}
"""Whether a double quotation mark opens (True) or closes (False) a quotation; a straight one toggles (None)."""


def form_genders(analysis: Analysis, candidates: list[Candidate]) -> dict[str, Counter]:
    """Pronoun votes per name form: a name as the subject votes for the next subject pronoun or possessive
    (he, she, his, her) of the narration after it in its paragraph, unless another name comes first. The words
    of a quotation are skipped, not the rest of its paragraph: in a dialogue-heavy story most names stand in
    tags ("Usopp said, puffing out his chest"), and reading no further than a quotation's first mark left most
    of its cast without a gender."""
    votes: dict[str, Counter] = defaultdict(Counter)
    at = {c.start: c.parts.key for c in candidates}
    for paragraph in analysis.paragraphs:
        doc = paragraph.doc
        if doc is None:
            continue
        subject, quoted = None, False
        for sentence in doc.sents:
            for token in sentence:
                if token.text in QUOTE_MARKS:
                    opens = QUOTE_MARKS[token.text]
                    subject, quoted = None, (not quoted) if opens is None else opens
                    continue
                if quoted:
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
