"""fanfiction.net text (a story page saved or copied as text): a header, then the story.

    Anime/Manga » Naruto                       (optional breadcrumb: the fandom)
    Title
    By: Author
    Summary line(s)
    Rated: Fiction T - English - Adventure/Friendship - [Naruto U., Sasuke U.] Kakashi H. - Chapters: 3 -
    Words: 9,000 - Reviews: 12 - Favs: 3 - Follows: 4 - Updated: 5/6/2020 - Published: 1/2/2020 - id: 123

The metadata line is split on " - "; the fields without a label are language, genres and characters
(pairings in brackets). The story after the header is split into chapters at `Chapter N` lines.
"""

from __future__ import annotations

import re

from ficlens.ingest.assemble import Chapter, Parts
from ficlens.ingest.markup import Para
from ficlens.model import Work
from ficlens.textlayout import CHAPTER, split_paragraphs

META_LINE = re.compile(
    r"^\s*Rated:\s*(?:Fiction\s+)?(?P<rating>K\+?|T|M|MA)\s+-\s+(?P<rest>.*(?:Words|Chapters|Published|id):.*)$",
    re.IGNORECASE,
)
GENRES = {
    "adventure", "angst", "crime", "drama", "family", "fantasy", "friendship", "general", "horror", "humor",
    "hurt/comfort", "mystery", "parody", "poetry", "romance", "sci-fi", "spiritual", "supernatural", "suspense",
    "tragedy", "western",
}  # fmt: skip
_LABELLED = re.compile(r"^(?P<label>[A-Za-z ]+):\s*(?P<value>.+)$")


def find_meta_line(text: str) -> re.Match[str] | None:
    for match in re.finditer(r"^.*$", text[:20000], re.M):
        meta = META_LINE.match(match.group(0))
        if meta:
            return match
    return None


def is_ffn(text: str) -> bool:
    return find_meta_line(text) is not None


def _genres(field: str) -> list[str] | None:
    pieces = [g.strip() for g in re.split(r"/(?!comfort)", field, flags=re.I) if g.strip()]
    if pieces and all(p.lower() in GENRES for p in pieces):
        return pieces
    return None


def parse_meta(line: str, work: Work) -> None:
    meta = META_LINE.match(line)
    if meta is None:
        return
    work.rating = meta.group("rating").upper()
    fields = [f.strip() for f in re.split(r"\s+-\s+", meta.group("rest")) if f.strip()]
    unlabelled = []
    for field in fields:
        labelled = _LABELLED.match(field)
        if labelled and labelled.group("label").strip().lower() in (
            "chapters", "words", "reviews", "favs", "follows", "updated", "published", "status", "id",
        ):  # fmt: skip
            label, value = labelled.group("label").strip().lower(), labelled.group("value").strip()
            if label == "chapters":
                work.chapters = value
            elif label == "words":
                digits = value.replace(",", "")
                work.words = int(digits) if digits.isdigit() else None
            elif label == "updated":
                work.updated = value
            elif label == "published":
                work.published = value
            elif label == "id" and value.isdigit():
                work.source_url = work.source_url or f"https://www.fanfiction.net/s/{value}/1/"
        else:
            unlabelled.append(field)
    if unlabelled:
        work.language = unlabelled.pop(0)
    for field in unlabelled:
        genres = _genres(field)
        if genres is not None:
            work.tags.extend(genres)
            continue
        for pairing in re.findall(r"\[([^\]]+)\]", field):
            names = [n.strip() for n in pairing.split(",") if n.strip()]
            work.relationships.append("/".join(names))
            work.characters.extend(n for n in names if n not in work.characters)
        rest = re.sub(r"\[[^\]]*\]", ",", field)
        work.characters.extend(n.strip() for n in rest.split(",") if n.strip() and n.strip() not in work.characters)


def read_ffn(text: str, encoding: str) -> Parts:
    work = Work()
    found = find_meta_line(text)
    assert found is not None
    parse_meta(found.group(0), work)
    header = [line.strip() for line in text[: found.start()].splitlines() if line.strip()]
    summary: list[str] = []
    for line in header:
        if "»" in line and not work.fandoms:
            work.fandoms = [line.split("»")[-1].strip()]
        elif re.match(r"^By:\s*", line, re.I):
            work.authors = [re.sub(r"^By:\s*", "", line, flags=re.I).strip()]
        elif work.title is None and not work.authors:
            work.title = line
        elif work.authors:
            summary.append(line)
    if summary:
        work.summary = " ".join(summary)
    parts = Parts(work=work, source_format="ffn_text", encoding=encoding)
    if work.summary:
        parts.before.append([Para("Summary:"), Para(work.summary)])
    body = text[found.end() :]
    current: Chapter | None = None
    for paragraph in split_paragraphs(body):
        chunk = body[paragraph.start : paragraph.end]
        if len(chunk) <= 100 and "\n" not in chunk and CHAPTER.match(chunk):
            current = Chapter(title=chunk.strip())
            parts.chapters.append(current)
            continue
        if current is None:
            current = Chapter(title=work.title, show_title=False)
            parts.chapters.append(current)
        current.add("text", [Para(chunk)])
    return parts
