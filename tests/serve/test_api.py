"""The web app's HTTP API and pages, through the ASGI test client."""

from __future__ import annotations

import re

import pytest

from ficlens.serve.app import CSP
from ficlens.serve.state import safe_name
from ficlens.serve.views import StoryView
from tests.serve.conftest import AO3, HOSTILE, POST, SAMPLE, analyse, hostile_html, hostile_text, wait


def test_pages_carry_a_strict_csp_and_no_inline_script(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
    assert page.headers["x-content-type-options"] == "nosniff"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, flags=re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"<[^>]*\son\w+\s*=", page.text)  # no inline event handlers either
    assert client.get("/static/app.js").status_code == 200


def test_sample_cast_is_ordered_by_lines_with_chapters(client, sample_bytes):
    work = analyse(client, sample_bytes, "sample.txt")
    summary = client.get(f"/api/works/{work}").json()
    cast = summary["cast"]
    assert {cast[0]["name"], cast[1]["name"]} == {"Naruto Uzumaki", "Sasuke Uchiha"}
    lines = [c["lines"] for c in cast]
    assert lines == sorted(lines, reverse=True) and lines[0] >= 3
    naruto = next(c for c in cast if c["name"] == "Naruto Uzumaki")
    assert "Naruto" in naruto["aliases"] and naruto["first"] == 0 and sum(naruto["timeline"]) == naruto["lines"]
    assert any(
        edge[:2] == [cast[0]["id"], cast[1]["id"]] or edge[:2] == [cast[1]["id"], cast[0]["id"]]
        for edge in summary["edges"]
    )


def test_section_pieces_give_the_text_back_exactly(client, sample_bytes):
    work = analyse(client, sample_bytes)
    summary = client.get(f"/api/works/{work}").json()
    text = sample_bytes.decode("utf-8")
    quoted = 0
    for index in range(len(summary["sections"])):
        section = client.get(f"/api/works/{work}/sections/{index}").json()
        for paragraph in section["paragraphs"]:
            assert "".join(t for t, *_ in paragraph["pieces"]) == text[paragraph["start"] : paragraph["end"]]
            quoted += sum(1 for _, uid, _ in paragraph["pieces"] if uid)
        assert all(u["kind"] in ("speech", "thought", "telepathy", "written") for u in section["utterances"].values())
    assert quoted >= summary["stats"]["utterances"]
    flashback = [p for p in section["paragraphs"] if any(m["kind"] == "flashback" for m in p["marks"])]
    assert flashback and flashback[0]["marks"][0]["first"]
    assert client.get(f"/api/works/{work}/sections/{len(summary['sections'])}").status_code == 404


def test_italics_of_a_download_come_with_the_pieces(client):
    work = analyse(client, AO3.read_bytes(), "ao3.html")
    sections = range(len(client.get(f"/api/works/{work}").json()["sections"]))
    paragraphs = [p for i in sections for p in client.get(f"/api/works/{work}/sections/{i}").json()["paragraphs"]]
    pieces = [piece for p in paragraphs for piece in p["pieces"]]
    assert ["Icha Icha Paradise", None, ["italic"]] in pieces
    thought = next(piece for piece in pieces if piece[0].startswith("He will never"))
    assert thought[1] is not None and thought[2] == ["italic"]  # an italic thought: a quotation, styled


def test_search_finds_every_match_with_its_chapter(client, sample_bytes):
    work = analyse(client, sample_bytes)
    hits = client.get(f"/api/works/{work}/search", params={"q": "otogakure"}).json()["hits"]
    text = sample_bytes.decode("utf-8")
    assert len(hits) == text.lower().count("otogakure") > 0
    assert all(text[h["offset"] : h["offset"] + len("otogakure")].lower() == "otogakure" for h in hits)
    assert client.get(f"/api/works/{work}/search", params={"q": " "}).status_code == 400
    assert client.get(f"/api/works/{work}/search", params={"q": "x" * 201}).status_code == 400


def test_uploads_are_size_limited(make_client):
    client = make_client(max_upload=1000)
    response = client.post("/api/jobs?name=big.txt", content=b"word " * 400, headers=POST)
    assert response.status_code == 413 and "too large" in response.json()["detail"]
    assert client.get("/api/works").json() == []


def test_posts_need_the_app_header_and_a_body(client):
    assert client.post("/api/jobs", content=b"Hello there.").status_code == 403
    assert client.post("/api/jobs", content=b"  \n", headers=POST).status_code == 400


def test_unknown_hosts_are_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_a_bad_file_ends_in_one_line(client):
    response = client.post("/api/jobs?name=broken.epub", content=b"PK\x03\x04 not really a zip", headers=POST)
    job = wait(client, response.json())
    assert job["state"] == "error" and "\n" not in job["error"] and "EPUB" in job["error"]
    assert client.get("/api/works/nope").status_code == 404 and client.get("/work/nope").status_code == 404


def test_hostile_titles_and_text_stay_text(client):
    for data, name in ((hostile_html(), "hostile.html"), (hostile_text(), "hostile.txt")):
        work = analyse(client, data, name)
        page = client.get(f"/work/{work}").text
        for html in (page, client.get("/").text):
            assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html
        section = client.get(f"/api/works/{work}/sections/0").json()
        text = "".join(t for p in section["paragraphs"] for t, *_ in p["pieces"])
        assert HOSTILE in text  # kept verbatim as data; the page renders it with textContent
        if name.endswith(".html"):
            assert client.get(f"/api/works/{work}").json()["title"].startswith(HOSTILE)
            assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page


def test_upload_names_are_labels_not_paths():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\x\\story.html") == "story.html"
    assert safe_name('<b onmouseover="x">.txt') == "_b onmouseover__x__.txt"
    assert safe_name("") == "pasted.txt"


def test_long_chapters_are_paged_at_paragraph_ends(sample_model):
    paragraph = "word " * 199 + "end."
    text = "\n\n".join([paragraph] * 400)
    view = StoryView(sample_model.model_copy(update={"text": text, "segments": [], "utterances": [], "characters": []}))
    assert len(view.sections) > 1
    assert view.sections[0].start == 0 and view.sections[-1].end == len(text)
    for before, after in zip(view.sections, view.sections[1:], strict=False):
        assert before.end == after.start and text[before.end - 4 : before.end] == "end."


def test_hard_wrapped_text_is_told_apart_from_long_lines(sample_model):
    wrapped = "\n\n".join(
        ["The rain fell on the roofs of the town\nand the river rose over the old mill\nat dawn."] * 12
    )
    long_lines = "\n\n".join(
        ["She wrote back the very same evening, and the letter ran on for pages. " * 2 + "\nP.S."] * 30
    )
    update = {"segments": [], "utterances": [], "characters": []}
    assert StoryView(sample_model.model_copy(update={**update, "text": wrapped})).hard_wrapped()
    assert not StoryView(sample_model.model_copy(update={**update, "text": long_lines})).hard_wrapped()
    assert not StoryView(sample_model).hard_wrapped()


def test_library_lists_works_fandoms_characters_and_pairs_and_opens_a_work(make_client, sample_model, tmp_path):
    from ficlens.corpus.store import Store
    from ficlens.corpus.tables import model_rows, to_table

    if not SAMPLE.exists():
        pytest.skip("the shared sample story is not beside the repository")
    story = tmp_path / "sample.txt"
    story.write_bytes(SAMPLE.read_bytes())
    store = Store(tmp_path / "store")
    store.create()
    rows = model_rows(sample_model, path=str(story), size=story.stat().st_size, mtime_ns=1)
    store.commit({name: to_table(name, table_rows) for name, table_rows in rows.items()}, batch="b1")
    client = make_client(store=store.root)
    page = client.get("/library")
    assert page.status_code == 200
    for expected in ("naruto", "Naruto Uzumaki", "Sasuke Uchiha", "Who talks to whom", sample_model.source.name):
        assert expected in page.text
    assert 'href="/library"' in client.get("/").text
    assert make_client().get("/library").status_code == 404

    sha = sample_model.source.sha256
    assert f'data-sha="{sha}"' in page.text
    job = wait(client, client.post(f"/api/library/{sha}/open", headers=POST).json())
    names = [c["name"] for c in client.get(f"/api/works/{job['work']}").json()["cast"]]
    assert names[:2] in (["Naruto Uzumaki", "Sasuke Uchiha"], ["Sasuke Uchiha", "Naruto Uzumaki"])
    story.write_text("changed", encoding="utf-8")
    changed = client.post(f"/api/library/{sha}/open", headers=POST)
    assert changed.status_code == 404 and "changed since the corpus run" in changed.json()["detail"]
    assert client.post("/api/library/../../etc/open", headers=POST).status_code == 404
    assert client.post(f"/api/library/{'0' * 64}/open", headers=POST).json()["detail"] == "no such work in this store"


def test_finished_job_records_are_pruned(client, monkeypatch):
    import ficlens.serve.jobs as jobs_module

    monkeypatch.setattr(jobs_module, "MAX_JOBS", 2)
    for _ in range(5):
        response = client.post("/api/jobs?name=bad.epub", content=b"not a zip", headers=POST)
        wait(client, response.json())
    assert len(client.app.state.ficlens.jobs.jobs) <= 3


def test_scripts_use_no_html_sinks():
    from ficlens.serve.app import HERE

    script = (HERE / "static" / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
    templates = "".join(p.read_text(encoding="utf-8") for p in (HERE / "templates").iterdir())
    assert "|safe" not in templates.replace(" ", "") and "<script>" not in templates
