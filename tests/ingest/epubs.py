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


def fichub_epub() -> bytes:
    """fichub: introduction.xhtml (h1, By:, description, `<p>Label: value</p>` lines), nav.xhtml, chap_N.xhtml,
    the last one the author's end notes."""
    intro = xhtml(
        "<h1>Salt and Iron</h1>\n<p><b>By: fixturewriter</b></p>\n<p>Two hunters and one very long drive.</p>\n"
        "<p>Status: complete</p>\n<p>Published: 2019-05-01</p>\n<p>Updated: 2019-06-01</p>\n<p>Words: 2,345</p>\n"
        "<p>Chapters: 3</p>\n<p>Original source:\n<a href=\"https://archiveofourown.org/works/5150\">"
        "https://archiveofourown.org/works/5150</a></p>\n"
        "<p>Exported with the assistance of <a href='https://fichub.net'>FicHub.net</a></p>",
        title="Introduction",
    )
    nav = xhtml('<nav epub:type="toc" id="id"><h2>Salt and Iron</h2><ol><li><a href="introduction.xhtml">'
                'Introduction</a></li><li><a href="chap_1.xhtml">Chapter 1</a></li></ol></nav>')
    chapters = {
        "chap_1.xhtml": xhtml('<h2>Chapter 1: Gas Station</h2>\n<p>The car coughed twice.</p>\n'
                              '<p>"Not again," said Dean.</p>'),
        "chap_2.xhtml": xhtml('<h2>Chapter 2: Motel</h2>\n<p>The sign buzzed all night.</p>\n'
                              '<p>"Sleep," said Sam.</p>'),
        "chap_3.xhtml": xhtml("<h2>End Notes</h2>\n<p>Thanks for reading this one!</p>"),
    }
    items = [("intro", "introduction.xhtml"), ("nav", "nav.xhtml")] + [
        (name.split(".")[0], name) for name in chapters]
    return build({"EPUB/content.opf": opf(items, "Salt and Iron", "fixturewriter"),
                  "EPUB/introduction.xhtml": intro, "EPUB/nav.xhtml": nav,
                  **{f"EPUB/{name}": page for name, page in chapters.items()}}, opf_path="EPUB/content.opf")


def webtoepub_ffn_epub() -> bytes:
    """WebToEpub of a fanfiction.net story: OEBPS/Text/0000_Information.xhtml holding the site's profile, the
    story URL as a URI dc:identifier, every image's source URL as a dc:source (the cover first)."""
    information = xhtml(
        '<h1>Information</h1>\n<div id="profile_top">\n<img class="cimage" src="../Images/0000_cover.jpg"/>\n'
        '<b class="xcontrast_txt">Ramen Rivals</b>\n<span class="xcontrast_txt">By:</span> '
        '<a class="xcontrast_txt" href="https://www.fanfiction.net/u/4242/fixturewriter">fixturewriter</a>\n'
        '<div class="xcontrast_txt">Two rivals, one ramen stand, and a bet.</div>\n'
        '<span class="xgray xcontrast_txt">Rated: Fiction T - English - Humor/Friendship - Naruto U., '
        "Sasuke U. - Chapters: 2 - Words: 3,000 - Reviews: 12 - Favs: 3 - Follows: 4 - Updated: 5/6/2020 - "
        "Published: 1/2/2020 - id: 999</span>\n</div>",
        title="Information",
    )
    chapter1 = xhtml('<h1>1. The Last Bowl</h1>\n<p>The stand opened at noon.</p>\n<p>"Two bowls," said Naruto.</p>')
    chapter2 = xhtml('<h1>2. The Rematch</h1>\n<p>Sasuke only sighed.</p>\n<p>"Again," said Sasuke.</p>')
    items = [("information", "Text/0000_Information.xhtml"), ("c1", "Text/0001_Chapter_1.xhtml"),
             ("c2", "Text/0002_Chapter_2.xhtml")]
    extra = ('<dc:source id="id.cover-image">https://www.fanfiction.net/image/123/180/</dc:source>'
             '<dc:source id="id.0000_cover">https://example.invalid/covers/cover.jpg</dc:source>')
    package = opf(items, "Ramen Rivals", "fixturewriter", extra).replace(
        '<dc:identifier id="uid">test-Ramen Rivals</dc:identifier>',
        '<dc:identifier id="uid" opf:scheme="URI">https://www.fanfiction.net/s/999/1/Ramen-Rivals</dc:identifier>')
    return build({"OEBPS/content.opf": package, "OEBPS/Text/0000_Information.xhtml": information,
                  "OEBPS/Text/0001_Chapter_1.xhtml": chapter1, "OEBPS/Text/0002_Chapter_2.xhtml": chapter2},
                 opf_path="OEBPS/content.opf")


def epubmerge_epub() -> bytes:
    """EpubMerge of two FanFicFare EPUBs: each book's files under its own folder, all in one spine."""
    files: dict[str, str | bytes] = {}
    items = []
    books = [("First Snow", ["Flakes", "Drifts"]), ("Spring Thaw", ["Mud", "Buds", "Rain"])]
    for number, (title, chapter_titles) in enumerate(books):
        page = xhtml(f'<h3><a href="https://archiveofourown.org/works/{number + 1}">{title}</a> by '
                     f'<a href="https://archiveofourown.org/users/fixturewriter">fixturewriter</a></h3>\n'
                     f"<div><b>Chapters:</b> {len(chapter_titles)}<br />\n<b>Words:</b> 900<br /></div>",
                     "fff_titlepage")
        files[f"{number}/OEBPS/title_page.xhtml"] = page
        items.append((f"a{number}title", f"{number}/OEBPS/title_page.xhtml"))
        for index, chapter_title in enumerate(chapter_titles, 1):
            name = f"{number}/OEBPS/file{index:04d}.xhtml"
            files[name] = xhtml(f'<h3 class="fff_chapter_title">{chapter_title}</h3>\n'
                                f'<p>"{chapter_title} again," said Naruto.</p>', "fff_chapter")
            items.append((f"a{number}c{index}", name))
    return build({"content.opf": opf(items, "Anthology", "fixturewriter"), **files})


def ao3_split_preface_epub() -> bytes:
    """calibre's split of an AO3 download where the preface itself spans two files."""
    tags = xhtml(
        '<div id="preface" class="calibre1">\n<p class="message">Posted originally on the Archive of Our Own at '
        '<a href="http://archiveofourown.org/works/9090">http://archiveofourown.org/works/9090</a>.</p>\n'
        '<div class="calibre2"><dl class="calibre3">\n'
        '<dt class="calibre4">Fandom:</dt><dd class="calibre5"><a href="#">Naruto</a></dd>\n'
        '<dt class="calibre4">Stats:</dt><dd class="calibre5">Published: 2018-08-08 Words: 1,000 Chapters: 1/1'
        "</dd>\n</dl></div></div>"
    )
    rest = xhtml(
        '<div class="calibre1">\n<h1 class="calibre6">Kites</h1>\n<div class="calibre7">by <a href="#">fixturewriter'
        '</a></div>\n<p class="calibre9">Summary</p>\n<blockquote class="calibre10"><p>A windy day.</p></blockquote>\n'
        '<p class="calibre9">Notes</p>\n<blockquote class="calibre10"><p>For the kite club.</p></blockquote>\n</div>'
    )
    chapters = xhtml(
        '<div id="chapters" class="calibre11">\n<div class="calibre11">\n<p>The string pulled hard.</p>\n'
        '<p>"Hold on," said Naruto.</p>\n</div>\n</div>'
    )
    items = [("p1", "Kites_split_000.xhtml"), ("p2", "Kites_split_001.xhtml"), ("c", "Kites_split_002.xhtml")]
    return build({"content.opf": opf(items, "Kites", "fixturewriter"), "Kites_split_000.xhtml": tags,
                  "Kites_split_001.xhtml": rest, "Kites_split_002.xhtml": chapters})


def br_paragraphs_epub() -> bytes:
    """A whole chapter in one `<p>`, paragraphs separated by `<br/>` (and a verse stanza that must stay)."""
    lines = [f'"Line {n} of the argument goes on for a while, as arguments do," said <i>Naruto</i> at last.'
             for n in range(1, 7)]
    body = "<h2>Chapter 1</h2>\n<p>" + "<br/>\n".join(lines) + "</p>\n<p>Roses<br/>are<br/>red<br/>still</p>"
    return build({"content.opf": opf([("c1", "c1.xhtml")], "Breaks"), "c1.xhtml": xhtml(body)})
