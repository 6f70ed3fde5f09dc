"""The JSON API the pages script: jobs (upload, poll), a work's summary, chapters and search, cast edits,
the roster file, and opening a work of the library. Uploads are read into memory up to the limit."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from ficlens.roster import save_roster
from ficlens.serve.cast_edit import CastEdit, CastEditError, apply_edit, editable_roster
from ficlens.serve.jobs import Job
from ficlens.serve.state import MIB, App, check_post, safe_name

MAX_QUERY = 200

router = APIRouter(prefix="/api")


def _accepted(job: Job) -> JSONResponse:
    return JSONResponse(job.public(), status_code=202)


@router.post("/jobs", dependencies=[Depends(check_post)])
async def create_job(app: App, request: Request, name: str = "pasted.txt") -> JSONResponse:
    limit = app.config.max_upload
    too_large = HTTPException(413, f"the file is too large (the limit is {limit // MIB} MiB)")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    if not body.strip():
        raise HTTPException(400, "nothing to analyse: the file or text is empty")
    return _accepted(app.jobs.submit(bytes(body), safe_name(name), roster=app.roster))


@router.get("/jobs/{job_id}")
def job_status(app: App, job_id: str) -> dict:
    job = app.jobs.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "no such job")
    return job.public()


@router.get("/works")
def works(app: App) -> list[dict]:
    return app.jobs.list_works()


@router.get("/works/{work_id}")
def summary(app: App, work_id: str) -> dict:
    work = app.work(work_id)
    return {"id": work.id, "name": work.name, **work.view.summary()}


@router.get("/works/{work_id}/sections/{index}")
def section(app: App, work_id: str, index: int) -> dict:
    view = app.work(work_id).view
    if not 0 <= index < len(view.sections):
        raise HTTPException(404, "no such chapter")
    return view.section(index)


@router.get("/works/{work_id}/search")
def search(app: App, work_id: str, q: str) -> dict:
    query = q.strip()
    if not query or len(query) > MAX_QUERY:
        raise HTTPException(400, f"search for 1 to {MAX_QUERY} characters")
    return app.work(work_id).view.search(query)


@router.post("/works/{work_id}/cast", dependencies=[Depends(check_post)])
def edit_cast(app: App, work_id: str, edit: CastEdit) -> JSONResponse:
    """Apply one correction, save the roster (to --cast, when given) and re-run the analysis with it."""
    work = app.work(work_id)
    try:
        roster = apply_edit(work.model, work.roster, edit)
    except CastEditError as error:
        raise HTTPException(400, str(error)) from None
    if app.config.cast_path is not None:
        save_roster(roster, app.config.cast_path)
        app.roster = roster
    return _accepted(app.jobs.submit(work.data, work.name, roster=roster))


@router.get("/works/{work_id}/roster.toml")
def roster_file(app: App, work_id: str) -> Response:
    import tomli_w

    work = app.work(work_id)
    roster = editable_roster(work.model, work.roster)
    return Response(
        tomli_w.dumps(roster.model_dump(exclude_none=True)),
        media_type="application/toml",
        headers={"Content-Disposition": 'attachment; filename="cast.toml"'},
    )


@router.post("/library/{sha256}/open", dependencies=[Depends(check_post)])
def open_stored_work(app: App, sha256: str) -> JSONResponse:
    """Analyse a work of the corpus store again, from the file the corpus run read."""
    if app.config.store is None:
        raise HTTPException(404, "no corpus store given: run `ficlens serve STORE`")
    from ficlens.serve.library import LibraryError, work_bytes

    try:
        name, data = work_bytes(app.config.store, sha256, app.config.max_upload)
    except LibraryError as error:
        raise HTTPException(404, str(error)) from None
    return _accepted(app.jobs.submit(data, safe_name(name), roster=app.roster))
