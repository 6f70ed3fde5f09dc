"""How sure each speaker rule is: one table from a rule to the evidence it reports and its confidence.

The evidence names are the public promise (`model.Evidence`, listed in the JSON Schema); a rule is a named
strength of evidence. Where one evidence name covers two strengths, they are two rules: a line in the
paragraph of a tagged line is surer than one after an untagged line of the same paragraph (both
"same-paragraph"), strict alternation is surer than "the one spoken to answers" (both "turn-taking"). The
ranker's confidence is its own softmax score, not a table value. A speaker shown by the narration after the
line (`cataphora.py`) reports "action-beat": a beat in the next paragraph.
"""

from __future__ import annotations

from typing import Literal

from ficlens.analysis import Quote
from ficlens.model import Evidence

Rule = Literal[
    "legend", "explicit-tag-name", "explicit-tag-description", "explicit-tag-pronoun", "same-paragraph-tag",
    "same-paragraph-line", "action-beat", "previous-narration", "vocative-reply", "turn-taking-alternation",
    "turn-taking-block", "turn-taking-listener", "conversation", "chat", "signature", "introduction",
    "cataphora",
]

RULES: dict[Rule, tuple[Evidence, float]] = {
    "legend": ("legend", 0.9),
    "explicit-tag-name": ("explicit-tag", 0.95),
    "explicit-tag-description": ("explicit-tag", 0.85),
    "explicit-tag-pronoun": ("explicit-tag", 0.8),
    "same-paragraph-tag": ("same-paragraph", 0.85),
    "same-paragraph-line": ("same-paragraph", 0.7),
    "action-beat": ("action-beat", 0.65),
    "previous-narration": ("previous-narration", 0.55),
    "vocative-reply": ("vocative-reply", 0.7),
    "turn-taking-alternation": ("turn-taking", 0.6),
    "turn-taking-block": ("turn-taking", 0.7),
    "turn-taking-listener": ("turn-taking", 0.5),
    "conversation": ("conversation", 0.3),
    "chat": ("chat", 0.95),
    "signature": ("signature", 0.8),
    "introduction": ("introduction", 0.85),
    "cataphora": ("action-beat", 0.6),
}


def attribute(quote: Quote, speaker: int, rule: Rule) -> None:
    """`speaker` says `quote`, as `rule` found."""
    quote.speaker = speaker
    quote.evidence, quote.confidence = RULES[rule]
