"""A real central API process for counter tests: migrated, seeded with the demo office, on a
free loopback port, spoken to over HTTP like in production."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.servers import Server


@dataclass
class LiveCentral:
    db_url: str
    port: int = 0
    server: Server | None = None
    seed: dict[str, Any] = field(default_factory=dict)
    log_path: Path | None = None
    wrapper: tuple[str, ...] = ()  # run the server under this command (faketime ...)

    @classmethod
    def on_sqlite(cls, folder: Path, *, wrapper: tuple[str, ...] = ()) -> LiveCentral:
        """A central on a fresh SQLite database in `folder`, seeded and started."""
        folder.mkdir(parents=True, exist_ok=True)
        live = cls(
            f"sqlite:///{folder}/central.sqlite", log_path=folder / "log", wrapper=wrapper
        ).prepare()
        live.new_code()
        return live.start()

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
                from postterm.demo.seed import seed_demo

                self.seed = seed_demo(engine, counter=label)
                return str(self.seed["enrolment"]["code"])
            office = str(self.seed["office"]["office_id"])
            return admin.create_enrolment_code(engine, office_id=office, label=label).code
        finally:
            engine.dispose()

    def start(self) -> LiveCentral:
        """`postterm central serve` on this central's port (the same port after a restart)."""
        from tests.support.servers import spawn_server, wait_ready

        log = self.log_path or Path(tempfile.mkstemp(prefix="central-", suffix=".log")[1])
        self.server = spawn_server(self.db_url, log, port=self.port or None, wrapper=self.wrapper)
        self.port = int(self.server.url.rsplit(":", 1)[1])
        wait_ready(self.server, time.monotonic() + 30)
        return self

    def stop(self) -> None:
        from tests.support.servers import stop_server

        if self.server is not None:
            stop_server(self.server)
            self.server = None
