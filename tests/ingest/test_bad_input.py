"""Bad input: one clear InputError line, or a warning where something could still be read. Never a traceback."""

from __future__ import annotations

import io
import zipfile

import pytest

from ficlens.ingest import InputError, read_document
from ficlens.ingest import epub as epub_module
from tests.ingest import epubs


def one_line_error(data: bytes, name: str | None = None) -> str:
    with pytest.raises(InputError) as caught:
        read_document(data, name=name)
    message = str(caught.value)
    assert message and "\n" not in message
    return message


def test_truncated_zip() -> None:
    data = epubs.fff_epub()
    assert "corrupt or truncated" in one_line_error(data[: len(data) // 2], "cranes.epub")


def test_garbage_named_epub() -> None:
    assert "not a zip archive" in one_line_error(b"hello, this is not a zip at all", "story.epub")


def test_corrupt_member_is_a_warning() -> None:
    data = bytearray(epubs.fff_epub())
    start = data.find(b"OEBPS/file0002.xhtml") + len(b"OEBPS/file0002.xhtml") + 10  # inside its deflated data
    data[start : start + 20] = b"\x00" * 20
    document = read_document(bytes(data))
    assert any("file0002" in warning for warning in document.warnings)
    assert "Fold it along the line" in document.text


def test_zip_bomb_ratio() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("META-INF/container.xml", epubs.CONTAINER.format(opf="content.opf"))
        archive.writestr("content.opf", epubs.opf([("c1", "c1.xhtml")]))
        archive.writestr("c1.xhtml", b"<p>" + b" " * (8 * 2**20) + b"</p>", zipfile.ZIP_DEFLATED)
    assert "zip bomb" in one_line_error(buffer.getvalue())


def test_zip_bomb_total_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub_module, "MAX_UNZIPPED", 1000)
    assert "zip bomb" in one_line_error(epubs.fff_epub())


def test_zip_bomb_lying_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A member whose header claims a small size is still cut off at the limit while reading."""
    monkeypatch.setattr(epub_module, "MAX_MEMBER", 500)
    monkeypatch.setattr(epub_module, "MAX_UNZIPPED", 10**9)
    assert "zip" in one_line_error(epubs.fff_epub())


def test_missing_manifest_file_is_a_warning() -> None:
    document = read_document(epubs.ao3_epub(missing=True))
    assert any("Clouds_split_002.xhtml" in w and "missing" in w for w in document.warnings)
    assert '"What a drag," said Shikamaru.' in document.text
    assert "Rain began" not in document.text


def test_zip_that_is_not_an_epub() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "not an EPUB" in one_line_error(buffer.getvalue())


def test_epub_without_container_uses_opf() -> None:
    data = epubs.build(
        {"content.opf": epubs.opf([("c1", "c1.xhtml")]), "c1.xhtml": epubs.xhtml('<p>"Hi," said Naruto.</p>')},
        container=False,
    )
    document = read_document(data)
    assert document.text == '"Hi," said Naruto.'
    assert any("container.xml" in w for w in document.warnings)


def test_epub_without_text() -> None:
    data = epubs.build({"content.opf": epubs.opf([("c1", "c1.xhtml")]), "c1.xhtml": epubs.xhtml("")})
    assert "no story text" in one_line_error(data)


def test_script_laden_html() -> None:
    html = b"""<html><head><script>document.write('"Evil," said Nobody.')</script>
    <style>p { color: red }</style></head>
    <body onload="alert(1)"><p onclick="steal()">"Hello," said Naruto.</p>
    <!-- "Hidden," said Nobody. --><script type="text/javascript">var x = "<p>injected</p>";</script>
    <noscript><p>Enable scripts</p></noscript><iframe src="http://example.invalid/"></iframe>
    <p>The end.</p></body></html>"""
    document = read_document(html)
    assert document.text == '"Hello," said Naruto.\n\nThe end.'


def test_html_declared_charset() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 \u201cnoir\u201d.</p></body></html>'
    document = read_document(html.encode("cp1252"))
    assert document.text == "Caf\u00e9 \u201cnoir\u201d." and document.encoding == "windows-1252"


def test_html_utf16_bom() -> None:
    html = "<html><body><p>\u201cHi,\u201d said Naruto.</p></body></html>"
    document = read_document(b"\xff\xfe" + html.encode("utf-16-le"))
    assert document.text == "\u201cHi,\u201d said Naruto."


def test_html_bad_declared_charset_falls_back() -> None:
    html = '<html><head><meta charset="shift_jis"></head><body><p>Na\u00efve r\u00e9sum\u00e9 text.</p></body></html>'
    document = read_document(html.encode("utf-8"))
    assert "r\u00e9sum\u00e9" in document.text


def test_entities_are_decoded() -> None:
    document = read_document(b"<html><body><p>Tom &amp; Jerry&nbsp;&hellip; &#8220;ok&#8221;</p></body></html>")
    assert document.text == "Tom & Jerry\u00a0\u2026 \u201cok\u201d"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7 ...", "PDF"),
        (b"\x00" * 60 + b"BOOKMOBI" + b"\x00" * 100, "MOBI"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"", "empty"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"   \n\n  ", "no text"),
    ],
)
def test_unsupported_inputs(data: bytes, words: str) -> None:
    assert words in one_line_error(data)


def test_absurdly_large(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys.modules["ficlens.ingest.sniff"], "MAX_BYTES", 10)
    assert "too large" in one_line_error(b"x" * 11)


def test_bad_notes_mode() -> None:
    with pytest.raises(InputError):
        read_document(b"text", notes="maybe")
