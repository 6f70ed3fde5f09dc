"""Tiny EPUBs built at test time, following the real structures (no story text from anywhere)."""

from __future__ import annotations

import io
import zipfile

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def opf(items: list[tuple[str, str]], title: str = "Untitled", author: str = "nobody", extra: str = "") -> str:
    manifest = "\n".join(
        f'<item id="{i}" href="{href}" media-type="application/xhtml+xml"/>' for i, href in items
    )
    spine = "\n".join(f'<itemref idref="{i}"/>' for i, _ in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
<dc:title>{title}</dc:title><dc:creator opf:role="aut">{author}</dc:creator><dc:language>en</dc:language>
<dc:identifier id="uid">test-{title}</dc:identifier>{extra}
</metadata>
<manifest>
{manifest}
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
</manifest>
<spine toc="ncx">
{spine}
</spine>
</package>"""


def xhtml(body: str, body_class: str = "", title: str = "t") -> str:
    cls = f' class="{body_class}"' if body_class else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>{title}</title><link href="stylesheet.css" type="text/css" rel="stylesheet"/></head>
<body{cls}>
{body}
</body>
</html>"""


def build(files: dict[str, str | bytes], opf_path: str = "content.opf", container: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        if container:
            archive.writestr("META-INF/container.xml", CONTAINER.format(opf=opf_path), zipfile.ZIP_DEFLATED)
        for name, content in files.items():
            archive.writestr(name, content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def fff_epub() -> bytes:
    """FanFicFare: content.opf at the root, OEBPS/title_page.xhtml, OEBPS/fileNNNN.xhtml."""
    title_page = xhtml(
        '<h3><a href="https://archiveofourown.org/works/31337">Paper Cranes</a> by '
        '<a href="https://archiveofourown.org/users/fixturewriter">fixturewriter</a></h3>\n<div>\n'
        "<b>Fandoms:</b> Naruto<br />\n<b>Rating:</b> Teen And Up Audiences<br />\n"
        "<b>Warnings:</b> No Archive Warnings Apply<br />\n<b>Characters:</b> Uzumaki Naruto, Haruno Sakura<br />\n"
        "<b>Relationships:</b> Haruno Sakura &amp; Uzumaki Naruto<br />\n<b>Freeform Tags:</b> Fluff, Origami<br />\n"
        "<b>Language:</b> English<br />\n<b>Published:</b> 2020-06-01<br />\n<b>Updated:</b> 2020-06-08<br />\n"
        "<b>Chapters:</b> 2/2<br />\n<b>Words:</b> 2,020<br />\n<b>Summary:</b> Sakura teaches Naruto to fold.<br />\n</div>",
        "fff_titlepage",
    )
    chapter1 = xhtml(
        '<h3 class="fff_chapter_title">1. Folding</h3>\n'
        '<div class="fff_chapter_notes"><p><b>Notes for the Chapter:</b></p><blockquote><p>A short one.</p>'
        "</blockquote></div>\n"
        "<p>The paper was <i>very</i> thin.</p>\n<p>\"Fold it along the line,\" said Sakura.</p>\n"
        "<p><i>I will never get this right.</i></p>",
        "fff_chapter",
    )
    chapter2 = xhtml(
        '<h3 class="fff_chapter_title">2. Flying</h3>\n'
        "<p>\"Look, it flies!\" said Naruto.</p>\n<hr />\n<p>The crane landed on the table.</p>",
        "fff_chapter",
    )
    items = [("title_page", "OEBPS/title_page.xhtml"), ("file0001", "OEBPS/file0001.xhtml"),
             ("file0002", "OEBPS/file0002.xhtml")]
    return build(
        {
            "content.opf": opf(items, "Paper Cranes", "fixturewriter",
                               '<dc:contributor id="id-2">FanFicFare [https://github.com/JimmXinu/FanFicFare]'
                               "</dc:contributor>"),
            "OEBPS/title_page.xhtml": title_page,
            "OEBPS/file0001.xhtml": chapter1,
            "OEBPS/file0002.xhtml": chapter2,
            "toc.ncx": "<ncx/>",
        }
    )


def ao3_epub(missing: bool = False) -> bytes:
    """calibre's conversion of an AO3 download: split files, ids kept, classes rewritten to calibreN."""
    preface = xhtml(
        '<div id="preface" class="calibre1">\n<p class="message">Posted originally on the Archive of Our Own at '
        '<a href="http://archiveofourown.org/works/8080">http://archiveofourown.org/works/8080</a>.</p>\n'
        '<div class="calibre2"><dl class="calibre3">\n'
        '<dt class="calibre4">Rating:</dt><dd class="calibre5"><a href="#">Mature</a></dd>\n'
        '<dt class="calibre4">Archive Warning:</dt><dd class="calibre5"><a href="#">No Archive Warnings Apply</a></dd>\n'
        '<dt class="calibre4">Fandom:</dt><dd class="calibre5"><a href="#">Naruto</a></dd>\n'
        '<dt class="calibre4">Characters:</dt><dd class="calibre5"><a href="#">Nara Shikamaru</a>, '
        '<a href="#">Uzumaki Naruto</a></dd>\n'
        '<dt class="calibre4">Language:</dt><dd class="calibre5">English</dd>\n'
        '<dt class="calibre4">Stats:</dt><dd class="calibre5">Published: 2018-08-08 Completed: 2018-09-09 '
        "Words: 5,050 Chapters: 2/2</dd>\n</dl>\n"
        '<h1 class="calibre6">Clouds</h1>\n<div class="calibre7">by <a href="#" class="calibre8">fixturewriter</a></div>\n'
        '<p class="calibre9">Summary</p>\n<blockquote class="calibre10"><p class="calibre9">Shikamaru watches the sky.'
        "</p></blockquote>\n</div>\n</div>"
    )
    part1 = xhtml(
        '<div id="chapters" class="calibre11">\n<div class="calibre2">\n<h2 class="calibre12">Chapter 1: Up</h2>\n'
        '<p class="calibre9">Chapter Notes</p>\n<blockquote class="calibre10"><p>First notes.</p></blockquote>\n'
        '</div>\n<div class="calibre11">\n<p class="calibre9">The clouds drifted east.</p>\n'
        '<p class="calibre9">"What a drag," said Shikamaru.</p>\n</div>\n'
        '<div id="endnotes1" class="calibre2"><p class="calibre9">Chapter End Notes</p>'
        '<blockquote class="calibre10"><p>More soon.</p></blockquote></div>\n</div>'
    )
    part2 = xhtml(
        '<div class="calibre11">\n<div class="calibre2">\n<h2 class="calibre12">Chapter 2: Down</h2>\n</div>\n'
        '<div class="calibre11">\n<p class="calibre9">Rain began to fall.</p>\n'
        '<p class="calibre9">"Get inside," said Naruto.</p>\n</div>\n</div>'
    )
    items = [("titlepage", "titlepage.xhtml"), ("html1", "Clouds_split_000.xhtml"),
             ("html2", "Clouds_split_001.xhtml"), ("html3", "Clouds_split_002.xhtml")]
    files: dict[str, str | bytes] = {
        "titlepage.xhtml": xhtml('<div><img src="cover.jpeg" alt=""/></div>'),
        "Clouds_split_000.xhtml": preface,
        "Clouds_split_001.xhtml": part1,
        "Clouds_split_002.xhtml": part2,
        "toc.ncx": "<ncx/>",
    }
    if missing:
        del files["Clouds_split_002.xhtml"]
    return build({"content.opf": opf(items, "Clouds", "fixturewriter"), **files})
