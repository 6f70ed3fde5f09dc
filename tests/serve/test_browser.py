"""The web app in a real browser: Playwright driving Debian's chromium (never a downloaded browser).

Skipped, with the reason, when playwright or chromium is missing (`make test` installs them when it can).
The upload-to-first-view timings are printed (run with `-s` to see them); the novel test is marked `slow`.
Set FICLENS_SCREENSHOTS=DIR to write the README's screenshots there.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from ficlens.serve import ServeConfig, create_app
from tests.serve.conftest import HOSTILE, ROOT, SAMPLE, hostile_html, hostile_text

CHROMIUM = os.environ.get("FICLENS_CHROMIUM", "/usr/bin/chromium")
NOVEL = ROOT.parent / "shared" / "data" / "pdnc" / "novels" / "APassageToIndia" / "novel_text.txt"
NOVEL_TIMEOUT_MS = 600_000

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@contextmanager
def running(config: ServeConfig):
    """A real uvicorn server on a free port, in a thread."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", config
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server():
    with running(ServeConfig()) as started:
        yield started


@pytest.fixture
def server_with_cast(tmp_path):
    with running(ServeConfig(cast_path=tmp_path / "cast.toml")) as started:
        yield started


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        except sync_api.Error as error:
            pytest.skip(f"chromium at {CHROMIUM} does not start: {str(error).splitlines()[0]}")
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


def upload(
    page,
    base: str,
    path: Path | None = None,
    data: bytes | None = None,
    name: str = "story.txt",
    timeout_ms: int = 120_000,
) -> float:
    """Upload a file through the form; seconds from the click to the work page's first view."""
    page.goto(base + "/")
    if path is not None:
        page.set_input_files("#file", str(path))
    else:
        page.set_input_files("#file", files=[{"name": name, "mimeType": "text/plain", "buffer": data}])
    started = time.perf_counter()
    page.click("#analyse")
    page.wait_for_selector("body.ready #reader p", timeout=timeout_ms)
    return time.perf_counter() - started


def analysis_seconds(page, base: str) -> float:
    """The analysis's own time (the story model's stats) for the work page shown."""
    work = page.url.split("/work/", 1)[1].split("#", 1)[0]
    return page.request.get(f"{base}/api/works/{work}").json()["stats"]["seconds"]


def cast_lines(page) -> dict[str, int]:
    names = page.locator("#cast .who .name").all_text_contents()
    lines = page.locator("#cast .who .lines").all_text_contents()
    return {name: int(n) for name, n in zip(names, lines, strict=True)}


def test_sample_upload_cast_graph_and_linked_selection(server, page):
    if not SAMPLE.exists():
        pytest.skip("the shared sample story is not beside the repository")
    base, _ = server
    seconds = upload(page, base, SAMPLE)
    analysis = analysis_seconds(page, base)
    print(
        f"\n[timing] sample story ({SAMPLE.stat().st_size:,} bytes): upload to first view {seconds:.2f} s (analysis {analysis:.2f} s)"
    )
    cast = list(cast_lines(page))
    assert cast[:2] == ["Naruto Uzumaki", "Sasuke Uchiha"] or cast[:2] == ["Sasuke Uchiha", "Naruto Uzumaki"]
    assert page.locator("#reader .u-speech").count() >= 5 and page.locator("#reader .chip").count() >= 5
    assert page.locator("#reader .seg-flashback").count() >= 1

    page.click("#tab-graph")
    assert page.locator("#view-graph").is_visible() and not page.locator("#view-reader").is_visible()
    labels = page.locator("#graph svg .node text").all_text_contents()
    assert "Naruto Uzumaki" in labels and "Sasuke Uchiha" in labels
    assert page.locator("#graph line:not(.off)").count() >= 2

    page.locator("#graph .node", has_text="Sasuke Uchiha").click()
    sasuke = page.locator("#cast li.sel .name")
    assert sasuke.all_text_contents() == ["Sasuke Uchiha"]
    page.click("#tab-reader")
    assert page.locator("#reader .u.sel").count() >= 3

    page.locator("#reader .u-speech").first.click()
    assert page.locator("#detail").is_visible() and "confidence" in page.locator("#detail").text_content()
    assert page.problems == []


def character_id(page, name: str) -> str:
    return page.locator("#cast li", has=page.locator(".name", has_text=name)).first.get_attribute("data-char")


def test_merge_two_characters_moves_the_lines(server_with_cast, page):
    if not SAMPLE.exists():
        pytest.skip("the shared sample story is not beside the repository")
    base, config = server_with_cast
    upload(page, base, SAMPLE)
    before = cast_lines(page)
    page.click("#cast-edit summary")
    page.select_option("#edit-char", character_id(page, "Kurama"))
    page.select_option("#edit-op", "merge")
    page.select_option("#edit-target", character_id(page, "Naruto Uzumaki"))
    page.click("#edit-apply")
    page.wait_for_url("**#edited")
    page.wait_for_selector("body.ready #reader p")
    after = cast_lines(page)
    assert "Kurama" not in after
    assert after["Naruto Uzumaki"] == before["Naruto Uzumaki"] + before["Kurama"] > before["Naruto Uzumaki"]
    assert "Kyuubi" in config.cast_path.read_text(encoding="utf-8")  # saved as the --cast file
    assert page.locator("#roster-download").get_attribute("href").endswith("/roster.toml")
    assert page.problems == []


def test_search_jumps_to_the_paragraph(server, page):
    if not SAMPLE.exists():
        pytest.skip("the shared sample story is not beside the repository")
    base, _ = server
    upload(page, base, SAMPLE)
    page.click("#tab-search")
    page.fill("#search-q", "Otogakure")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results button")
    page.locator("#search-results button").first.click()
    assert "Otogakure" in page.locator("#reader p.hit").text_content()


def test_hostile_files_run_nothing(server, page):
    base, _ = server
    page.add_init_script(
        "window.addEventListener('securitypolicyviolation', e => { window.__csp = (window.__csp || 0) + 1; });"
    )
    for data, name in ((hostile_html(), "hostile.html"), (hostile_text(), "hostile.txt")):
        upload(page, base, data=data, name=name)
        page.click("#tab-graph")
        page.click("#tab-timeline")
        page.click("#tab-search")
        page.fill("#search-q", "script")
        page.keyboard.press("Enter")
        page.wait_for_selector("#search-results button")
        page.click("#tab-reader")
        assert HOSTILE in page.locator("#reader").text_content()  # shown as text
        page.goto(base + "/")  # the list of works shows the hostile title too
        assert page.evaluate("typeof window.__pwned") == "undefined"
    page.fill("#paste", hostile_text().decode())  # pasted text takes the same path
    page.click("#analyse")
    page.wait_for_selector("body.ready #reader p")
    assert HOSTILE in page.locator("#reader").text_content()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # Not only blocked by the CSP: never injected at all (no element made, no violation reported).
    assert page.locator("img, svg[onload]").count() == 0 and page.locator("script").count() == 1
    assert page.evaluate("typeof window.__csp") == "undefined"
    assert page.problems == []


def test_phone_width_and_keyboard(server, browser):
    if not SAMPLE.exists():
        pytest.skip("the shared sample story is not beside the repository")
    base, _ = server
    context = browser.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    upload(page, base, SAMPLE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.focus("#cast .who")
    page.keyboard.press("Enter")
    assert page.locator("#cast li.sel").count() == 1
    page.focus("#tab-reader")
    page.keyboard.press("ArrowRight")
    assert page.locator("#view-graph").is_visible()
    page.locator("#graph .node").nth(1).focus()
    page.keyboard.press("Enter")  # select another character: the first one is deselected
    assert page.locator("#graph .node.sel").count() == 1 and page.locator("#cast li.sel").count() == 1
    page.keyboard.press("Enter")  # and again: nothing is selected
    assert page.locator("#cast li.sel").count() == 0
    context.close()


@pytest.mark.slow
def test_novel_upload_to_first_view(server, page):
    if not NOVEL.exists():
        pytest.skip(f"{NOVEL} is not beside the repository")
    base, _ = server
    seconds = upload(page, base, NOVEL, timeout_ms=NOVEL_TIMEOUT_MS)
    words = len(NOVEL.read_text(encoding="utf-8").split())
    analysis = analysis_seconds(page, base)
    print(
        f"\n[timing] novel {NOVEL.parent.name} ({words:,} words): upload to first view {seconds:.2f} s (analysis {analysis:.2f} s)"
    )
    assert page.locator("#chapter-select option").count() > 10
    page.select_option("#chapter-select", "5")
    title = page.locator("#chapter-select option").nth(5).text_content()
    sync_api.expect(page.locator("#reader .chapter-title")).to_have_text(title)  # the text's own heading, once
    assert page.locator("#reader").text_content().count(title) == 1
    page.click("#next")
    sync_api.expect(page.locator("#chapter-select")).to_have_value("6")  # (CSP forbids wait_for_function's eval)
    assert page.locator("#reader p").count() > 3 and page.locator("#reader .u").count() > 3
    assert page.problems == []


@pytest.mark.skipif(not os.environ.get("FICLENS_SCREENSHOTS"), reason="set FICLENS_SCREENSHOTS=DIR to write them")
def test_write_screenshots(server, browser):
    out = Path(os.environ["FICLENS_SCREENSHOTS"])
    out.mkdir(parents=True, exist_ok=True)
    base, _ = server
    for width, height, suffix in ((1280, 860, "desktop"), (400, 800, "phone")):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        upload(page, base, SAMPLE)
        page.screenshot(path=str(out / f"serve-reader-{suffix}.png"))
        page.click("#tab-graph")
        page.locator("#graph .node", has_text="Naruto Uzumaki").click()
        page.locator("#view-graph").scroll_into_view_if_needed()
        page.screenshot(path=str(out / f"serve-graph-{suffix}.png"))
        context.close()
    if NOVEL.exists():
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        page = context.new_page()
        upload(page, base, NOVEL, timeout_ms=NOVEL_TIMEOUT_MS)
        page.click("#tab-graph")
        page.fill("#graph-slider", "12")
        page.screenshot(path=str(out / "serve-novel-graph-desktop.png"))
        context.close()


def test_report_graph_slider_hides_later_chapters(page):
    from ficlens.report import render_html
    from tests.test_report_graph import two_chapters

    page.set_content(render_html(two_chapters()))
    page.fill(".graph-upto input", "1")
    assert page.locator(".graph-upto output").text_content() == "1"
    assert page.locator('line[data-b="c2"]').get_attribute("stroke-width") == "0"
    assert float(page.locator('line[data-b="c1"]').get_attribute("stroke-width")) > 0
    assert page.locator('.gnode[data-s="c2"]').get_attribute("class").endswith("later")
    assert page.problems == []
