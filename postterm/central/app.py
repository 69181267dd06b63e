"""The central API application: routes under /v1, OpenAPI at /openapi.json, /healthz.

`create_app(engine)` builds it on an engine; `app_from_env()` is the factory uvicorn workers
call (`postterm central serve`), reading the database URL from POSTTERM_CENTRAL_DB. The app
keeps no state of its own beyond the engine, so any number of workers or hosts can serve one
database.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Engine, text
from starlette.exceptions import HTTPException as StarletteHTTPException

from postterm.central import (
    enrolment,
    ingest,
    journal_reads,
    master,
    payments,
    reports,
    tracking,
    users,
    utrs,
)
from postterm.central.access_log import AccessLog, BodyLimit, configure
from postterm.central.db import make_engine, url_from_env
from postterm.central.migration import opening
from postterm.central.refusals import Refused


class Health(BaseModel):
    status: str
    database: str


def _one_line(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    more = len(exc.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def create_app(engine: Engine) -> FastAPI:
    app = FastAPI(
        title="postterm central",
        version="1",
        description="Enrolment, journal replication, master data, tracking, payments, reports.",
    )
    app.state.engine = engine
    app.add_middleware(BodyLimit)
    app.add_middleware(AccessLog)

    @app.exception_handler(Refused)
    async def refused(_: Request, exc: Refused) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(
            {"detail": exc.reason, **exc.extra}, status_code=exc.status, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _one_line(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
        )

    @app.get("/healthz", response_model=Health, tags=["health"])
    def healthz() -> Health | JSONResponse:
        """Alive, and the database answers."""
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # the database is down: say so, do not crash
            return JSONResponse(
                {"status": "degraded", "database": type(exc).__name__}, status_code=503
            )
        return Health(status="ok", database="ok")

    for module in (
        enrolment,
        ingest,
        journal_reads,
        master,
        tracking,
        payments,
        reports,
        opening,
        users,
        utrs,
    ):
        app.include_router(module.router)
    return app


def app_from_env() -> FastAPI:
    """The uvicorn factory: one engine per worker process, on POSTTERM_CENTRAL_DB."""
    configure()
    return create_app(make_engine(url_from_env()))
