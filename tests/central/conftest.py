"""Central test set-up: a migrated database per xdist worker (SQLite always, PostgreSQL when
POSTTERM_TEST_DATABASE_URL is set: a fresh database named for the worker, dropped after),
offices and enrolled terminals made through the real admin functions and HTTP API."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from postterm.central import admin
from postterm.central.app import create_app
from postterm.central.db import make_engine
from postterm.central.schema import upgrade

PG_ENV = "POSTTERM_TEST_DATABASE_URL"
# SQLite always; PostgreSQL only when CI (or you) point us at one.
BACKENDS = ["sqlite"] + (
    [pytest.param("postgresql", marks=pytest.mark.postgres)] if os.environ.get(PG_ENV) else []
)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    name = f"postterm_central_{_worker()}_{os.getpid()}"
    admin_engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin_engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("central") / "central.sqlite3"
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_url")
    assert isinstance(url, str)
    return url


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine)) as client:
        yield client


@dataclass(frozen=True)
class Enrolled:
    terminal_id: str
    office_id: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def new_office(engine: Engine, pin: str = "476337", office_type: str = "SO") -> str:
    office_id = f"T{secrets.token_hex(5)}"
    admin.create_office(
        engine, pin=pin, name=f"Test {office_id}", office_type=office_type, office_id=office_id
    )
    return office_id


def enrol(
    client: TestClient | httpx.Client, engine: Engine, office_id: str, label: str = "C1"
) -> Enrolled:
    code = admin.create_enrolment_code(engine, office_id=office_id, label=label).code
    reply = client.post("/v1/enrolment", json={"code": code, "device_key": secrets.token_hex(16)})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    return Enrolled(body["terminal_id"], body["office_id"], body["token"])


@pytest.fixture
def office(engine: Engine) -> str:
    return new_office(engine)


@pytest.fixture
def counter(client: TestClient, engine: Engine, office: str) -> Enrolled:
    return enrol(client, engine, office)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        assert isinstance(port, int)
        return port


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def start_servers(db_url: str, logs: Path, *, count: int = 1, workers: int = 1) -> list[Server]:
    """`postterm central serve` in `count` subprocesses on free ports, waited for via /healthz."""
    postterm = str(Path(sys.executable).parent / "postterm")
    servers = []
    for n in range(count):
        port = free_port()
        log = logs / f"server{n}.log"
        process = subprocess.Popen(
            [
                postterm,
                "central",
                "serve",
                "--db",
                db_url,
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        servers.append(Server(f"http://127.0.0.1:{port}", process, log))
    deadline = time.monotonic() + 30
    for server in servers:
        while True:
            if server.process.poll() is not None:
                raise RuntimeError(f"server exited: {server.log.read_text()}")
            try:
                if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                server.process.kill()
                raise RuntimeError(f"server did not start: {server.log.read_text()}")
            time.sleep(0.1)
    return servers


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
