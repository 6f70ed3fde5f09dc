"""Interrupted speech: a quotation cut off with a dash and no closing mark ("Sherlock, what the hell are you—")
ends where its paragraph ends. The next paragraph opening with a quote mark is someone else cutting in, not
the same speech continued (the novel convention of leaving a quotation open across paragraphs never ends the
first paragraph on a dash).
"""

from __future__ import annotations

import re

_CUT_OFF = re.compile(r"(?:[-—–]|\.\.\.|…)[\s*_]*$")


def is_cut_off(text: str, start: int, end: int) -> bool:
    """Whether the unclosed quotation text[start:end] ends on a dash (or an ellipsis): it was interrupted."""
    return _CUT_OFF.search(text, start, end) is not None
