"""Inputs that used to lose text silently (issue 12): decoding and deep HTML."""

from __future__ import annotations

from ficlens.ingest import read_document

QUOTED = "\u201cHello,\u201d said Naruto. \u201cBye,\u201d said Sakura.\n"


def test_stray_byte_in_utf8_stays_utf8_with_a_warning_naming_where() -> None:
    lines = [QUOTED] * 40
    data = "".join(lines).encode("utf-8")
    offset = len(data) // 2
    offset = data.index(b"\n", offset) + 1  # the start of a line
    line = data.count(b"\n", 0, offset) + 1
    data = data[:offset] + b"\x97" + data[offset:]  # a Windows-1252 dash in a UTF-8 file
    document = read_document(data)
    assert document.encoding == "utf-8"
    assert document.text.count("\u201c") == 80  # every quotation kept (was 'mac_iceland': 1 quotation)
    assert document.text.count("\ufffd") == 1
    assert any(f"byte offset {offset}" in w and f"line {line}" in w for w in document.warnings), document.warnings


def test_stray_byte_in_utf8_html() -> None:
    body = "".join(f"<p>{QUOTED.strip()}</p>" for _ in range(10))
    data = f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()
    data = data.replace(b"</p>", b"\x92</p>", 1)
    document = read_document(data)
    assert document.encoding == "utf-8" and document.text.count("\u201c") == 20
    assert any("byte offset" in w for w in document.warnings)


def test_windows_1252_english_is_not_cp1250() -> None:
    text = ("\u201cIt\u2019s time for the caf\u00e9 by the harbour,\u201d said Nadia \u2013 and she meant "
            "every word of it, because the coffee there was the best in town.\n") * 30
    document = read_document(text.encode("cp1252"))
    assert document.encoding == "cp1252"
    assert document.text == text
    assert any("decoded as cp1252" in w for w in document.warnings)


def test_utf16_with_bom_is_text_not_binary() -> None:
    text = "\u201cHi,\u201d said Naruto.\r\n\r\n\u201cHello,\u201d said Hinata.\r\n"
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        document = read_document(bom + text.encode(codec))
        assert document.text == text and document.encoding == codec


def test_html_nested_past_libxml2s_old_limit_is_read_whole() -> None:
    """An unclosed <div> per paragraph: 400 levels (was cut at 254 paragraphs, silently)."""
    html = "<html><body>" + "".join(f"<div><p>Paragraph {n}.</p>" for n in range(400)) + "</body></html>"
    document = read_document(html.encode())
    assert document.text.count("Paragraph") == 400 and document.text.endswith("Paragraph 399.")
    assert document.warnings == []


def test_html_nested_past_any_parser_limit_is_flattened_with_a_warning() -> None:
    html = "<html><body>" + "".join(f"<div><p>Paragraph <i>{n}</i>.</p>" for n in range(5000)) + "</body></html>"
    document = read_document(html.encode())
    assert document.text.count("Paragraph") == 5000
    assert any("nested deeper" in w for w in document.warnings)
    assert len(document.emphasis) == 5000


def test_deep_inline_nesting_does_not_recurse() -> None:
    html = "<html><body><p>" + "<span>" * 3000 + "deep" + "</span>" * 3000 + "</p><p>after</p></body></html>"
    document = read_document(html.encode())
    assert document.text == "deep\n\nafter"
