"""Central test set-up: a migrated database per xdist worker (SQLite always, PostgreSQL when
POSTTERM_TEST_DATABASE_URL is set: a fresh database named for the worker, dropped after),
offices and enrolled terminals made through the real admin functions and HTTP API."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from postterm.central.app import create_app
from postterm.central.db import make_engine
from postterm.central.schema import upgrade
from tests.central.terminals import Enrolled, enrol, new_office

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


@pytest.fixture
def office(engine: Engine) -> str:
    return new_office(engine)


@pytest.fixture
def counter(client: TestClient, engine: Engine, office: str) -> Enrolled:
    return enrol(client, engine, office)
