"""A real central API process for counter tests: migrated, seeded with the demo office, on a
free loopback port, spoken to over HTTP like in production."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveCentral:
    db_url: str
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    seed: dict[str, Any] = field(default_factory=dict)
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self) -> LiveCentral:
        from postterm.central.db import make_engine
        from postterm.central.schema import upgrade

        engine = make_engine(self.db_url)
        upgrade(engine)
        engine.dispose()
        return self

    def new_code(self, label: str = "C1") -> str:
        from postterm.central import admin
        from postterm.central.db import make_engine

        engine = make_engine(self.db_url)
        try:
            if not self.seed:
                self.seed = admin.seed_demo(engine, counter=label)
                return str(self.seed["enrolment"]["code"])
            office = str(self.seed["office"]["office_id"])
            return admin.create_enrolment_code(engine, office_id=office, label=label).code
        finally:
            engine.dispose()

    def start(self) -> LiveCentral:
        self.port = self.port or free_port()
        env = dict(os.environ, POSTTERM_CENTRAL_DB=self.db_url)
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "postterm.central.app:app_from_env",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            env=env, stdout=log, stderr=log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("central did not come up")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
