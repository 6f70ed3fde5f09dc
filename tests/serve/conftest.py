"""Helpers for the web-app tests: an app per test, a story analysed through the API, hostile stories."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ficlens.serve import ServeConfig, create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT.parent / "shared" / "data" / "samples" / "000_ebd54658bc8c22b7.txt"
AO3 = ROOT / "tests" / "fixtures" / "ingest" / "ao3_single.html"
BASE_URL = "http://127.0.0.1:8000"
POST = {"X-Ficlens": "1"}
# Markup that would run if any story text reached the page as HTML: each sets window.__pwned.
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><svg onload="window.__pwned=3">'


def hostile_html() -> bytes:
    """An AO3 download whose title, summary and text carry the hostile markup (escaped in the file, so the
    story's own text is literally that markup)."""
    from html import escape

    page = AO3.read_text(encoding="utf-8")
    page = page.replace("A Quiet Morning", escape(HOSTILE) + " Morning")
    page = page.replace("Kakashi reads; Iruka does not.", escape(HOSTILE))
    page = page.replace('"I like the ending," said Kakashi.', f'"{escape(HOSTILE)}," said Kakashi.')
    return page.encode("utf-8")


def hostile_text() -> bytes:
    return f'{HOSTILE}\n\n"Run {HOSTILE}!" Anna shouted at Tom.\n\n"Why?" Tom asked Anna.\n'.encode()


@pytest.fixture
def sample_bytes() -> bytes:
    if not SAMPLE.exists():
        pytest.skip("the shared sample story is not beside the repository")
    return SAMPLE.read_bytes()


@pytest.fixture
def make_client():
    clients = []

    def make(**config) -> TestClient:
        client = TestClient(create_app(ServeConfig(**config)), base_url=BASE_URL)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


def wait(client: TestClient, job: dict, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, f"job {job} did not finish"
        time.sleep(0.05)
        job = client.get(f"/api/jobs/{job['id']}").json()
    return job


def analyse(client: TestClient, data: bytes, name: str = "story.txt") -> str:
    """Upload `data`, wait for the analysis, return the work id."""
    response = client.post(f"/api/jobs?name={name}", content=data, headers=POST)
    assert response.status_code == 202, response.text
    job = wait(client, response.json())
    assert job["state"] == "done", job
    return job["work"]
