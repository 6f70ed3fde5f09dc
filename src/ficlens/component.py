"""ficlens as a spaCy component: `nlp.add_pipe("ficlens")` after a tagger and parser.

The component analyses the Doc's text as a plain-text story and parses with the pipeline it sits in: a story
paragraph the Doc's own tokens cover exactly (no hard line breaks inside) reuses the Doc's parse (`Span.as_doc`),
any other paragraph runs through the components before this one. No second spaCy model is loaded.

Results: `doc._.ficlens` (the story model, rebuilt from JSON-safe data kept in `doc.user_data`, so Docs still
serialise), `doc.spans["ficlens_quotes"]` (label = kind; `span._.speaker`, `speaker_id`, `addressees`,
`addressee_ids`, `kind`, `confidence`, `evidence`) and `doc.spans["ficlens_mentions"]` (label "CHARACTER";
`span._.character`, `character_id`). Names are the cast's canonical names; ids are the story model's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from ficlens.ingest import Document
from ficlens.ingest.sniff import plain_notes
from ficlens.model import Source, StoryModel
from ficlens.nlp import PARSER
from ficlens.pipeline import analyze_document

QUOTES = "ficlens_quotes"
MENTIONS = "ficlens_mentions"
_MODEL_KEY = "ficlens_model"
_SPAN_ATTRIBUTES = (
    "speaker", "speaker_id", "addressees", "addressee_ids", "kind", "confidence", "evidence", "character",
    "character_id",
)  # fmt: skip


def _stored_model(doc: Doc) -> StoryModel | None:
    data = doc.user_data.get(_MODEL_KEY)
    return StoryModel.model_validate(data) if data is not None else None


def _register_extensions() -> None:
    if not Doc.has_extension("ficlens"):
        Doc.set_extension("ficlens", getter=_stored_model)
    for name in _SPAN_ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


class _HostParser:
    """Parses story paragraphs for the analysis with the host pipeline (see the module's docstring)."""

    def __init__(self, nlp: Language, name: str, doc: Doc) -> None:
        self.nlp, self.name, self.doc = nlp, name, doc
        self.text = doc.text  # Doc.text joins every token at each access
        # The analysis parses paragraphs with line breaks as spaces: found here, they are reparsed, not searched for.
        self.flat = self.text.replace("\n", " ").replace("\r", " ")
        self.parsed = doc.has_annotation("DEP")
        # Span.as_doc copies the whole Doc into an array unless given one: once, not once a paragraph.
        self.attributes = doc._get_array_attrs()
        self.array = doc.to_array(self.attributes) if self.parsed else None

    def pipe(self, texts: Iterable[str], batch_size: int = 128) -> Iterator[Doc]:
        texts = list(texts)
        reused = self._reusable(texts)
        fresh = iter(self._parse([text for text, span in zip(texts, reused, strict=True) if span is None], batch_size))
        for span in reused:
            yield span.as_doc(array_head=self.attributes, array=self.array) if span is not None else next(fresh)

    def _reusable(self, texts: list[str]) -> list[Span | None]:
        """The Doc's span for each paragraph it covers token for token with the same characters, else None."""
        spans: list[Span | None] = []
        cursor = 0
        for text in texts:
            start = self.flat.find(text, cursor) if self.parsed else -1
            if start < 0:
                spans.append(None)
                continue
            cursor = start + len(text)
            same = self.text[start:cursor] == text
            spans.append(self.doc.char_span(start, cursor) if same else None)
        return spans

    def _parse(self, texts: list[str], batch_size: int) -> Iterator[Doc]:
        """The other paragraphs, in batches, through the components before this one (as `nlp.pipe` would)."""
        docs: Iterable[Doc] = (self.nlp.make_doc(text) for text in texts)
        for name, component in self.nlp.pipeline:
            if name == self.name:
                break
            if hasattr(component, "pipe"):
                docs = component.pipe(docs, batch_size=batch_size)
            else:
                docs = map(component, docs)
        return iter(docs)


class Ficlens:
    def __init__(self, nlp: Language, name: str, fandom: str | None) -> None:
        self.nlp, self.name, self.fandom = nlp, name, fandom
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[QUOTES], doc.spans[MENTIONS] = [], []
        text = doc.text
        if not text.strip():
            return doc
        data = text.encode("utf-8", "surrogatepass")
        source = Source(name=None, sha256=hashlib.sha256(data).hexdigest(), encoding="utf-8", bytes=len(data))
        token = PARSER.set(_HostParser(self.nlp, self.name, doc))
        try:
            model = analyze_document(plain_notes(Document(text=text, encoding="utf-8"), "keep"), source, self.fandom)
        finally:
            PARSER.reset(token)
        doc.user_data[_MODEL_KEY] = model.model_dump(mode="json")
        doc.spans[QUOTES] = _quote_spans(doc, model)
        doc.spans[MENTIONS] = _mention_spans(doc, model)
        return doc


def _quote_spans(doc: Doc, model: StoryModel) -> list[Span]:
    names = {c.id: c.name for c in model.characters}
    spans = []
    for u in model.utterances:
        span = doc.char_span(u.start, u.end, label=u.kind, alignment_mode="expand")
        if span is None:
            continue
        span._.speaker, span._.speaker_id = names.get(u.speaker) if u.speaker else None, u.speaker
        span._.addressees, span._.addressee_ids = [names.get(a, a) for a in u.addressees], list(u.addressees)
        span._.kind, span._.confidence, span._.evidence = u.kind, u.confidence, u.evidence
        spans.append(span)
    return spans


def _mention_spans(doc: Doc, model: StoryModel) -> list[Span]:
    spans = []
    for c in model.characters:
        for start, end in c.mentions:
            span = doc.char_span(start, end, label="CHARACTER", alignment_mode="expand")
            if span is not None:
                span._.character, span._.character_id = c.name, c.id
                spans.append(span)
    return sorted(spans, key=lambda s: (s.start, s.end))


@Language.factory(
    "ficlens",
    default_config={"fandom": None},
    assigns=["doc._.ficlens", "doc.spans"],
    requires=["token.dep", "token.tag"],
)
def make_ficlens(nlp: Language, name: str, fandom: str | None) -> Ficlens:
    """The factory behind `nlp.add_pipe("ficlens", config={"fandom": "naruto"})` (entry point `spacy_factories`)."""
    return Ficlens(nlp, name, fandom)
