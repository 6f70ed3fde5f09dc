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

from lxml import etree

from ficlens.ingest.assemble import Chapter, Parts
from ficlens.ingest.markup import Para, paragraphs, text_of
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
_SITE_CONTROL = re.compile(
    r"^(?:\+?\s*Follow/Fav|Follow|Fav(?:orite)?|Review|Reviews|Share|Print|Close|Just In|Community|Forum|Forums|"
    r"Browse|Search|Login|Log In|Sign Up|Help|Menu|Beta|Crossovers?|Next\s*>|<\s*Prev|Author:.*|"
    r"(?:Fan)?Fiction\s*\|.*)$",
    re.IGNORECASE,
)
"""Lines of a copied fanfiction.net page that are site menus and buttons, never the story's title."""
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
    candidates: list[str] = []
    for line in header:
        if "»" in line:
            work.fandoms = work.fandoms or [line.split("»")[-1].strip()]
        elif re.match(r"^By:\s*", line, re.I) and not work.authors:
            work.authors = [re.sub(r"^By:\s*", "", line, flags=re.I).strip()]
        elif work.authors:
            summary.append(line)
        elif not _SITE_CONTROL.match(line):
            candidates.append(line)
    if candidates:  # the page puts the title just above "By:"; menus and buttons come before it
        work.title = candidates[-1] if work.authors else candidates[0]
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


# ------------------------------------------------------------------------------------------ a saved chapter page
# A fanfiction.net chapter saved from the browser: menus, the chapter select, review box and footer surround
# `div#profile_top` (b.xcontrast_txt title, the author link, a summary div, `span.xgray` metadata line) and
# `div#storytext` (the chapter). Only those two are read, so no site menu reaches the text.


def is_ffn_page(root: etree._Element) -> bool:
    return bool(root.xpath("//*[@id='storytext']")) and bool(root.xpath("//*[@id='profile_top']"))


def read_ffn_page(root: etree._Element, encoding: str) -> Parts:
    work = profile_meta(root.xpath("//*[@id='profile_top']")[0])
    crumbs = root.xpath("//*[@id='pre_story_links']//a | //span[contains(@class,'lc-left')]//a")
    if crumbs:
        work.fandoms = [text_of(crumbs[-1])]
    selected = next(iter(root.xpath("//select[@id='chap_select']/option[@selected]")), None)
    parts = Parts(work=work, source_format="ffn_page", encoding=encoding)
    if work.summary:
        parts.before.append([Para("Summary:"), Para(work.summary)])
    if selected is not None and text_of(selected):
        chapter = Chapter(title=text_of(selected))
    else:
        chapter = Chapter(title=work.title, show_title=False)
    chapter.add("text", paragraphs(root.xpath("//*[@id='storytext']")[0]))
    parts.chapters.append(chapter)
    return parts


def profile_meta(profile: etree._Element) -> Work:
    """The metadata in a `div#profile_top` (a saved page, or WebToEpub's Information page)."""
    work = Work()
    title = next(iter(profile.xpath(".//b")), None)
    work.title = text_of(title) if title is not None else None
    work.authors = [text_of(a) for a in profile.xpath(".//a[contains(@href,'/u/')]") if text_of(a)][:1]
    summary = [text_of(d) for d in profile.xpath("./div") if text_of(d) and not META_LINE.match(text_of(d))]
    work.summary = summary[0] if summary else None
    meta = next(iter(profile.xpath(".//span[contains(@class,'xgray')]")), None)
    if meta is None:  # WebToEpub keeps the text, not always the classes
        meta = next((el for el in profile.iter("span", "div", "p") if META_LINE.match(text_of(el))), None)
    if meta is not None:
        parse_meta(text_of(meta), work)
    return work
