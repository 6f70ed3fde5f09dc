"""The ASGI app: pages, static assets and the API, behind the security headers and the Host check.

Story text is untrusted. Pages carry no story text but titles (autoescaped); the scripts build the panels
with ``textContent``; every response carries a Content-Security-Policy that allows scripts and styles from
this server only (no inline script, no eval, nothing from elsewhere). Uploads are read into memory up to a
limit, and nothing is written but the ``--cast`` roster. POSTs must carry the ``X-Ficlens`` header.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ficlens.serve import api, pages
from ficlens.serve.jobs import Jobs
from ficlens.serve.state import ServeConfig, State, safe_name

HERE = Path(__file__).parent
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


def create_app(config: ServeConfig | None = None) -> FastAPI:
    config = config or ServeConfig()
    jobs = Jobs()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        jobs.shutdown()

    app = FastAPI(title="ficlens", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.ficlens = State(config=config, jobs=jobs, roster=config.roster)
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
    app.include_router(pages.router)
    app.include_router(api.router)
    for path in config.files:
        jobs.submit(path.read_bytes(), safe_name(path.name), roster=config.roster)
    return app


def run(config: ServeConfig, host: str, port: int) -> None:
    """Serve until interrupted. An address binding all interfaces accepts any Host header."""
    import uvicorn

    if host in ("0.0.0.0", "::"):
        config.allowed_hosts = ["*"]
    elif host not in config.allowed_hosts:
        config.allowed_hosts.append(host)
    uvicorn.run(create_app(config), host=host, port=port, log_level="info")
