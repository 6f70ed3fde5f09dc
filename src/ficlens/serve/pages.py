"""The HTML pages: Jinja2 templates with autoescape on; they carry no story text but titles (escaped)."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader

from ficlens.serve.state import MIB, App, State

router = APIRouter()


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("ficlens.serve", "templates"), autoescape=True, trim_blocks=True)


def _page(app: State, template: str, **context) -> HTMLResponse:
    context.setdefault("has_library", app.config.store is not None)
    return HTMLResponse(_environment().get_template(template).render(**context))


@router.get("/", response_class=HTMLResponse)
def index(app: App) -> HTMLResponse:
    limit = app.config.max_upload
    return _page(app, "index.html.j2", works=app.jobs.list_works(), max_upload_mb=limit // MIB, max_upload_bytes=limit)


@router.get("/work/{work_id}", response_class=HTMLResponse)
def work_page(app: App, work_id: str) -> HTMLResponse:
    work = app.work(work_id)
    return _page(app, "work.html.j2", work=work, title=work.view.title)


@router.get("/library", response_class=HTMLResponse)
def library_page(app: App) -> HTMLResponse:
    if app.config.store is None:
        raise HTTPException(404, "no corpus store given: run `ficlens serve STORE`")
    from ficlens.serve.library import library

    return _page(app, "library.html.j2", tables=library(app.config.store), store=app.config.store.name)
