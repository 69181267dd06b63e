"""Central test set-up: a migrated database per xdist worker (SQLite always, PostgreSQL when
POSTTERM_TEST_DATABASE_URL is set: a fresh database named for the worker, dropped after),
offices and enrolled terminals made through the real admin functions and HTTP API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from postterm.central.app import create_app
from postterm.central.db import make_engine
from postterm.central.schema import upgrade
from tests.central.terminals import Enrolled, enrol, new_office
from tests.support.postgres import BACKENDS, fresh_database
from tests.support.slow import slow


@pytest.fixture(scope="session")
@slow
def pg_url() -> Iterator[str]:
    with fresh_database("postterm_central") as url:
        yield url


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
