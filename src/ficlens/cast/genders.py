"""Pronoun votes for the gender of each name form."""

from __future__ import annotations

from collections import Counter, defaultdict

from ficlens.analysis import Analysis
from ficlens.cast.candidates import Candidate

PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}


def form_genders(analysis: Analysis, candidates: list[Candidate]) -> dict[str, Counter]:
    """Pronoun votes per name form: a name as the subject votes for the next subject pronoun or possessive
    (he, she, his, her) in its sentence or the next one, unless another name comes first."""
    votes: dict[str, Counter] = defaultdict(Counter)
    at = {c.start: c.parts.key for c in candidates}
    for paragraph in analysis.paragraphs:
        doc = paragraph.doc
        if doc is None:
            continue
        subject = None
        for sentence in doc.sents:
            for token in sentence:
                if token.text in ('"', "“", "”"):
                    subject = None
                    break
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
