"""Letters and notes set out as paragraphs of their own, without quote marks:

    Katniss,
    You don't know my handwriting. ...
    Burn this.
    D.

Rules:
- A letter opens with a salutation paragraph ("Katniss,", "Dear Dad,", "> Papa,") and ends with a signature
  paragraph ("D.", "- K", "Love, Sasha") at most MAX_LETTER_PARAGRAPHS later; the paragraphs between, none
  holding a quotation, are one written utterance. Without a signature there is no letter (a name alone on a
  line with a comma is too often a vocative).
- The letter is written by the one its signature names (a name, or an initial only one character's name
  starts with) and addressed to the one its salutation names.
- A run of text signed with an initial or a sign-off ("Come if you still want to stop me. K.") is a note:
  written, whatever its style otherwise means.
"""

from __future__ import annotations

import re

from ficlens.analysis import Analysis, Quote
from ficlens.cast.names import parse_name
from ficlens.dialogue.context import Context
from ficlens.dialogue.evidence import attribute
from ficlens.dialogue.messages import message_reader

MAX_LETTER_PARAGRAPHS = 15
_BLOCKQUOTE = r"(?:>\s*)?"
_SALUTATION = re.compile(
    rf"^{_BLOCKQUOTE}(?:(?:my\s+)?(?:dear(?:est)?|to)\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}}),\s*$",
    re.I | re.M,
)
_SIGNOFF = r"(?:(?:love|yours|sincerely|always|best|cheers|regards|your\s+\w+|forever\s+yours)[\w ]*,?\s*)"
_SIGNATURE = re.compile(rf"^{_BLOCKQUOTE}{_SIGNOFF}?[-—–~]?\s*(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\.?\s*$", re.M)
_SIGNED = re.compile(rf"[.!?]\s+(?:{_SIGNOFF}|[-—–~]\s*)?(?P<name>[A-Z]\.?[A-Z]?\.?[A-Z]?)\.?(?:\s+x+)?\s*$")
_EMPTY = re.compile(rf"^{_BLOCKQUOTE}$", re.M)


def signature_of(text: str) -> str | None:
    """The initials a run is signed with: "... to stop me. K." -> "K", "... Sleep tight. JM x" -> "JM"."""
    match = _SIGNED.search(text.strip("*_ \n"))
    return match.group("name").replace(".", "") if match else None


def is_signed(text: str) -> bool:
    return signature_of(text) is not None


def find_letters(analysis: Analysis) -> None:
    """Add one written `Quote` per letter; keep `analysis.quotes` sorted by start."""
    text = analysis.text
    paragraphs = analysis.paragraphs
    added: list[Quote] = []
    quoted = {q.para for q in analysis.quotes} | {q.last_para for q in analysis.quotes}
    index = 0
    while index < len(paragraphs):
        salutation = _SALUTATION.match(text, paragraphs[index].start, paragraphs[index].end)
        if not (paragraphs[index].story and salutation):
            index += 1
            continue
        body: list[int] = []
        signature = None
        for following in range(index + 1, min(len(paragraphs), index + 2 + MAX_LETTER_PARAGRAPHS)):
            paragraph = paragraphs[following]
            if not paragraph.story or following in quoted:
                break
            if _EMPTY.match(text, paragraph.start, paragraph.end):
                continue
            signature = _SIGNATURE.match(text, paragraph.start, paragraph.end)
            if signature and body:
                break
            signature = None
            body.append(following)
        if signature is None or not body:
            index += 1
            continue
        first, last = paragraphs[body[0]], paragraphs[body[-1]]
        inner_start = first.start + len(re.match(_BLOCKQUOTE, text[first.start : first.end]).group(0))  # type: ignore[union-attr]
        quote = Quote(first.start, last.end, inner_start, last.end, body[0], body[-1], kind="written")
        quote.signature, quote.salutation = signature.group("name"), salutation.group("name")
        added.append(quote)
        index = body[-1] + 2
    if added:
        analysis.quotes = sorted(analysis.quotes + added, key=lambda q: q.start)


def attribute_letters(context: Context) -> None:
    """The signature names the writer, the salutation the one written to."""
    text = context.analysis.text
    for quote in context.analysis.quotes:
        if quote.kind != "written" or quote.username:
            continue
        signature = quote.signature or signature_of(text[quote.inner_start : quote.inner_end])
        if not signature:
            continue
        writer = _signer(context, signature)
        if writer is not None:
            attribute(quote, writer, "signature")
        reader = _reader(context, quote.salutation) if quote.salutation else None
        if reader is not None and reader != writer:
            quote.addressees, quote.addressee_evidence = [reader], "salutation"


def _signer(context: Context, signature: str) -> int | None:
    cast = context.cast
    found = cast.lookup(signature)
    if found is not None or not re.fullmatch(r"[A-Z]{1,3}", signature):
        return found
    owners = [i for i, m in enumerate(cast.members) if m.kind == "named" and i not in cast.merged and m.mentions
              and _initials_fit(m, signature)]
    return owners[0] if len(owners) == 1 else None


def _initials_fit(member, initials: str) -> bool:
    """Whether a member's names give these initials: "K" (Kaeya), "JM" (Jim Moriarty)."""
    for alias in {member.name, *member.aliases}:
        words = [w for w in re.split(r"[\s.]+", alias) if w[:1].isupper()]
        if len(initials) == 1 and words and words[0][0] == initials:
            return True
        if len(initials) > 1 and "".join(w[0] for w in words) == initials:
            return True
    return False


def _reader(context: Context, salutation: str) -> int | None:
    """The one a salutation names; a name the cast lacks ("Dad", "Papa") is the absent reader, made once."""
    cast = context.cast
    found = cast.lookup(salutation)
    if found is None and len(salutation.split()) == 1:
        found = cast.add_late(salutation, parse_name(salutation))
    return found


def written_addressees(context: Context) -> None:
    """A letter is addressed to the one its salutation (its own paragraph just before it) names, and so is
    the rest of the same writer's letter later on. A message the narration next to it shows someone
    receiving or reading ("Sherlock's phone buzzed") is to that reader (`messages.py`). Text messages answer
    each other: any other written message with no one named in it is addressed to the writer of the nearer
    of the written messages just before and just after it in the scene, when that is someone else."""
    analysis = context.analysis
    text = analysis.text
    written = [q for q in analysis.quotes if q.kind == "written" and not q.username and q.speaker is not None]
    letter_to: dict[int, int] = {}
    for number, quote in enumerate(written):
        if quote.addressees:
            if quote.addressee_evidence == "salutation":
                letter_to.setdefault(quote.speaker, quote.addressees[0])  # type: ignore[arg-type]
            continue
        previous = analysis.paragraphs[quote.para - 1] if quote.para else None
        salutation = _SALUTATION.match(text[previous.start : previous.end].strip("_* ")) if previous else None
        if salutation is not None:
            reader = _reader(context, salutation.group("name"))
            if reader is not None and reader != quote.speaker:
                quote.addressees, quote.addressee_evidence = [reader], "salutation"
                letter_to[quote.speaker] = reader  # type: ignore[index]
                continue
        if quote.speaker in letter_to:
            quote.addressees, quote.addressee_evidence = [letter_to[quote.speaker]], "salutation"  # type: ignore[index]
            continue
        reader = message_reader(context, quote)
        if reader is not None:
            quote.addressees, quote.addressee_evidence = [reader], "narration"
            continue
        scene = analysis.paragraphs[quote.para].scene
        neighbours = [written[i] for i in (number - 1, number + 1) if 0 <= i < len(written)]
        neighbours.sort(key=lambda other: abs(other.para - quote.para))
        for other in neighbours:
            if other.speaker != quote.speaker and analysis.paragraphs[other.para].scene == scene:
                quote.addressees, quote.addressee_evidence = [other.speaker], "message-reply"  # type: ignore[list-item]
                break
