"""Chat and text-message lines written without quote marks: `icyhot: nobody asked u`.

Rules:
- Between marker lines such as `-- group chat: Avengers --` and `-- end --`, every `handle: message` line is
  a written utterance by the owner of the handle.
- Without markers, a run of at least MIN_RUN `handle: message` lines (or one, by a handle the text uses again)
  filling whole consecutive paragraphs (one paragraph of lines, or one-line paragraphs) is a chat log; a
  paragraph with any other line is not
  (`she whispered to herself, as though she had forgotten I was\nthere:    These few words`), and a label line
  of a header (`Rating: T`) never is.
- The handle's owner: a character the cast already knows by that name (`sabrina`), else the one the narration
  maps to it ("Misty is 'CeruleanQueen'", "'Viridian_G' is Giovanni", "R-2290 was Vera"), else the one
  character whose name it is built on ("TENYA_IIDA_CLASS_REP"); the handle becomes that character's alias. A
  handle nobody owns is a character of its own.
- Quotation marks inside a chat line belong to the message: no quotation is found inside a chat line.
- A chat line is addressed to whom it names (a vocative), else to the author of the previous line of the log
  when that is someone else (a reply).
"""

from __future__ import annotations

import re

from ficlens.analysis import Analysis, Quote
from ficlens.cast.name_structure import handle_owner
from ficlens.cast.names import parse_name
from ficlens.dialogue.context import Context
from ficlens.dialogue.evidence import attribute

MIN_RUN = 2
"""Consecutive `handle: message` lines that make a chat log without marker lines."""

_MARKER = re.compile(r"^\s*[-=~*_]{2,}\s*(?P<label>[^-=~*_\n][^\n]*?)?\s*[-=~*_]{2,}\s*$")
_OPENS = re.compile(r"\b(?:chat|text(?:s|ing)?|messages?|group|dms?|thread|sms|log|channel|server|im)\b", re.I)
_CLOSES = re.compile(r"^\s*(?:end|/chat|end of chat|logged off|offline)\b", re.I)
_LINE = re.compile(r"^\s*(?P<handle>[\w@#.\-]+(?: [\w@#.\-]+){0,2})\s*:\s+(?P<message>\S.*?)\s*$")
_LABELS = {
    "summary", "rating", "fandom", "fandoms", "characters", "character", "warning", "warnings", "chapter", "chapters",
    "a/n", "an", "note", "notes", "disclaimer", "legend", "title", "author", "by", "words", "word count", "status",
    "published", "updated", "tags", "relationships", "relationship", "category", "categories", "language",
    "series", "genre", "genres", "source", "p.s", "ps", "pairing", "pairings", "beta", "edit", "update", "key",
    "stats", "completed", "posted", "prompt", "dedication", "epilogue", "prologue", "part", "book", "act",
}
_QUOTED = r"['\"‘“]?{handle}['\"’”]?"
_NAME = r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"


def _is_chat_line(match: re.Match[str] | None) -> bool:
    if match is None:
        return False
    handle = match.group("handle")
    if handle.lower().rstrip(".") in _LABELS or handle[:1] == "-":
        return False
    return not re.search(r"[\"“”]", handle)


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    lines, position = [], start
    for line in text[start:end].split("\n"):
        lines.append((position, line))
        position += len(line) + 1
    return lines


def find_chat_lines(analysis: Analysis) -> None:
    """Add a written `Quote` for every chat line (its `username` set) and drop quotations found inside them."""
    text = analysis.text
    candidates: list[tuple[int, int, int, str]] = []  # (para, message start, message end, handle)
    inside_log = False
    run: list[tuple[int, int, int, str]] = []
    for index, paragraph in enumerate(analysis.paragraphs):
        if not paragraph.story:
            inside_log = False
            _close_run(run, candidates, text)
            continue
        unmarked: list[tuple[int, int, int, str]] = []
        whole = True  # every line of the paragraph outside a marked log is a chat line
        for offset, line in _lines(text, paragraph.start, paragraph.end):
            marker = _MARKER.match(line)
            if marker:
                label = marker.group("label") or ""
                inside_log = bool(_OPENS.search(label)) and not _CLOSES.match(label)
                whole = False
                continue
            match = _LINE.match(line)
            if not _is_chat_line(match):
                whole = whole and (inside_log or not line.strip())
                continue
            assert match is not None
            entry = (index, offset + match.start("message"), offset + match.end("message"), match.group("handle"))
            (candidates if inside_log else unmarked).append(entry)
        if whole and unmarked:
            run.extend(unmarked)
        else:
            _close_run(run, candidates, text)
    _close_run(run, candidates, text)
    if not candidates:
        return
    spans = [(start, end) for _, start, end, _ in candidates]
    kept = [q for q in analysis.quotes if not any(q.start < end and start < q.end for start, end in spans)]
    added = []
    for para, start, end, handle in candidates:
        quote = Quote(start, end, start, end, para, para, kind="written")
        quote.username = handle
        added.append(quote)
    analysis.quotes = sorted(kept + added, key=lambda q: q.start)


def _close_run(run: list[tuple[int, int, int, str]], candidates: list[tuple[int, int, int, str]], text: str) -> None:
    """A run of unmarked `handle: message` lines is a chat log when long enough, or when its one line is by a
    handle the text uses again ("allmight_no1fan: i'll check on him!" after "Izuku was allmight_no1fan")."""
    if len(run) >= MIN_RUN or len(run) == 1 and _handle_used_again(run[0][3], text):
        candidates.extend(run)
    run.clear()


def _handle_used_again(handle: str, text: str) -> bool:
    """A handle no word, label or name looks like (a mark or digit inside: "allmight_no1fan", "ochako.u") that
    the text writes more than once ("there:    These few words" of a novel is no chat line)."""
    if not re.search(r"\w[_.\d]", handle) or " " in handle:
        return False
    return len(re.findall(rf"(?<![\w-]){re.escape(handle)}(?![\w-])", text)) > 1


def attribute_chat(context: Context) -> None:
    """Chat lines are written by the owner of their handle; addressed to whom they name or reply to."""
    quotes = [q for q in context.analysis.quotes if q.username]
    owners: dict[str, int] = {}
    for quote in quotes:
        handle = quote.username or ""
        if handle not in owners:
            owners[handle] = _owner(context, handle)
        attribute(quote, owners[handle], "chat")


def chat_addressees(context: Context) -> None:
    """A chat line names whom it addresses, else it replies to the previous line's author."""
    previous: Quote | None = None
    for quote in context.analysis.quotes:
        if not quote.username:
            previous = None
            continue
        vocatives = [v for v in quote.vocatives if v != quote.speaker]
        if vocatives:
            quote.addressees, quote.addressee_evidence = vocatives, "vocative"
        elif previous is not None and previous.speaker not in (None, quote.speaker) and previous.para == quote.para:
            quote.addressees, quote.addressee_evidence = [previous.speaker], "chat-reply"  # type: ignore[list-item]
        previous = quote


def _owner(context: Context, handle: str) -> int:
    cast = context.cast
    text = context.analysis.text
    named = _mapped_name(text, handle)
    owner = cast.lookup(named) if named else cast.lookup(handle) or handle_owner(cast, handle)
    if owner is None:
        owner = cast.add_late(named or handle, parse_name(named or handle))
    cast.add_alias(owner, handle, [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w-]){re.escape(handle)}(?![\w-])", text)])
    return owner


def _mapped_name(text: str, handle: str) -> str | None:
    """The name the narration gives a handle: "Misty is 'CeruleanQueen'", "'Viridian_G' is Giovanni"."""
    quoted = _QUOTED.format(handle=re.escape(handle))
    patterns = (
        rf"{_NAME}\s+(?:is|was|had been|became|goes by|as)\s+(?:just\s+)?{quoted}(?![\w-])",
        rf"(?<![\w-]){quoted}\s+(?:is|was|=|being)\s+(?:just\s+)?{_NAME}",
        rf"(?<![\w-]){quoted}\s*\(\s*{_NAME}\s*\)",
    )
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            return match.group("name")
    return None
