"""The ASGI app: HTML pages (Jinja2, autoescaped), static assets, and the JSON API the pages script.

Story text is untrusted. Pages carry no story text but the title (autoescaped); the scripts build the
panels with ``textContent``; every response carries a Content-Security-Policy that allows scripts and styles
from this server only (no inline script, no network elsewhere). Uploads are read into memory up to a limit.
POST requests must carry the ``X-Ficlens`` header, which a cross-site form cannot send.
"""

from __future__ import annotations

import re
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ficlens.roster import Roster, save_roster
from ficlens.serve.cast_edit import CastEdit, CastEditError, apply_edit, editable_roster
from ficlens.serve.jobs import Jobs, Work

HERE = Path(__file__).parent
MIB = 2**20
DEFAULT_MAX_UPLOAD = 50 * MIB
MAX_QUERY = 200
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSRF_HEADER = "x-ficlens"
_UNSAFE_NAME = re.compile(r"[^\w .,()\[\]+-]")


@dataclass
class ServeConfig:
    store: Path | None = None
    files: list[Path] = field(default_factory=list)
    cast_path: Path | None = None
    roster: Roster | None = None  # the --cast file as loaded at start: every analysis applies it
    max_upload: int = DEFAULT_MAX_UPLOAD
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost", "[::1]"])


def safe_name(name: str | None) -> str:
    """The upload's file name as a label (its suffix helps to sniff the format); never used as a path."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_NAME.sub("_", base).strip(" .")[:120] or "pasted.txt"


def create_app(config: ServeConfig | None = None) -> FastAPI:
    config = config or ServeConfig()
    jobs = Jobs()
    env = Environment(loader=PackageLoader("ficlens.serve", "templates"), autoescape=True, trim_blocks=True)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        jobs.shutdown()

    app = FastAPI(title="ficlens", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.config, app.state.jobs, app.state.roster = config, jobs, config.roster
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(template: str, **context) -> HTMLResponse:
        context.setdefault("has_library", config.store is not None)
        return HTMLResponse(env.get_template(template).render(**context))

    def work_or_404(work_id: str) -> Work:
        work = jobs.work(work_id)
        if work is None:
            raise HTTPException(404, "no such work (the server keeps the latest analyses in memory only)")
        return work

    def check_post(request: Request) -> None:
        if request.headers.get(CSRF_HEADER) != "1":
            raise HTTPException(403, f"missing the {CSRF_HEADER} header")

    # -- pages ----------------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        return page(
            "index.html.j2",
            works=jobs.list_works(),
            max_upload_mb=config.max_upload // MIB,
            max_upload_bytes=config.max_upload,
        )

    @app.get("/work/{work_id}", response_class=HTMLResponse)
    def work_page(work_id: str) -> HTMLResponse:
        work = work_or_404(work_id)
        return page("work.html.j2", work=work, title=work.view.title)

    @app.get("/library", response_class=HTMLResponse)
    def library_page() -> HTMLResponse:
        if config.store is None:
            raise HTTPException(404, "no corpus store given: run `ficlens serve STORE`")
        from ficlens.serve.library import library

        return page("library.html.j2", tables=library(config.store), store=config.store.name)

    # -- API ------------------------------------------------------------------------------------------------

    @app.post("/api/jobs")
    async def create_job(request: Request, name: str = "pasted.txt") -> JSONResponse:
        check_post(request)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > config.max_upload:
            raise HTTPException(413, f"the file is too large (the limit is {config.max_upload // MIB} MiB)")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > config.max_upload:
                raise HTTPException(413, f"the file is too large (the limit is {config.max_upload // MIB} MiB)")
        if not body.strip():
            raise HTTPException(400, "nothing to analyse: the file or text is empty")
        job = jobs.submit(bytes(body), safe_name(name), roster=app.state.roster)
        return JSONResponse(job.public(), status_code=202)

    @app.get("/api/jobs/{job_id}")
    def job_status(job_id: str) -> dict:
        job = jobs.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, "no such job")
        return job.public()

    @app.get("/api/works")
    def works() -> list[dict]:
        return jobs.list_works()

    @app.get("/api/works/{work_id}")
    def summary(work_id: str) -> dict:
        work = work_or_404(work_id)
        return {"id": work.id, "name": work.name, **work.view.summary()}

    @app.get("/api/works/{work_id}/sections/{index}")
    def section(work_id: str, index: int) -> dict:
        view = work_or_404(work_id).view
        if not 0 <= index < len(view.sections):
            raise HTTPException(404, "no such chapter")
        return view.section(index)

    @app.get("/api/works/{work_id}/search")
    def search(work_id: str, q: str) -> dict:
        query = q.strip()
        if not query or len(query) > MAX_QUERY:
            raise HTTPException(400, f"search for 1 to {MAX_QUERY} characters")
        return work_or_404(work_id).view.search(query)

    @app.post("/api/works/{work_id}/cast")
    def edit_cast(work_id: str, edit: CastEdit, request: Request) -> JSONResponse:
        """Apply one correction, save the roster (to --cast, when given) and re-run the analysis with it."""
        check_post(request)
        work = work_or_404(work_id)
        try:
            roster = apply_edit(work.model, work.roster, edit)
        except CastEditError as error:
            raise HTTPException(400, str(error)) from None
        if config.cast_path is not None:
            save_roster(roster, config.cast_path)
            app.state.roster = roster
        job = jobs.submit(work.data, work.name, roster=roster)
        return JSONResponse(job.public(), status_code=202)

    @app.post("/api/library/{sha256}/open")
    def open_stored_work(sha256: str, request: Request) -> JSONResponse:
        """Analyse a work of the corpus store again, from the file the corpus run read."""
        check_post(request)
        if config.store is None:
            raise HTTPException(404, "no corpus store given: run `ficlens serve STORE`")
        from ficlens.serve.library import LibraryError, work_bytes

        try:
            name, data = work_bytes(config.store, sha256, config.max_upload)
        except LibraryError as error:
            raise HTTPException(404, str(error)) from None
        job = jobs.submit(data, safe_name(name), roster=app.state.roster)
        return JSONResponse(job.public(), status_code=202)

    @app.get("/api/works/{work_id}/roster.toml")
    def roster_file(work_id: str) -> Response:
        import tomli_w

        work = work_or_404(work_id)
        roster = editable_roster(work.model, work.roster)
        return Response(
            tomli_w.dumps(roster.model_dump(exclude_none=True)),
            media_type="application/toml",
            headers={"Content-Disposition": 'attachment; filename="cast.toml"'},
        )

    for path in config.files:
        jobs.submit(path.read_bytes(), safe_name(path.name), roster=config.roster)

    return app


def run(config: ServeConfig, host: str, port: int) -> None:
    """Serve until interrupted. Any address binding all interfaces accepts any Host header."""
    import uvicorn

    if host in ("0.0.0.0", "::"):
        config.allowed_hosts = ["*"]
    elif host not in config.allowed_hosts:
        config.allowed_hosts.append(host)
    uvicorn.run(create_app(config), host=host, port=port, log_level="info")
