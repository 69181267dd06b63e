"""The central API served in-process (uvicorn on a loopback port, in a thread), so the demo
needs no second command; it can be taken offline and back to show the counter coping."""

from __future__ import annotations

import socket
import threading
import time

from sqlalchemy import Engine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class CentralThread:
    def __init__(self, engine: Engine, port: int | None = None) -> None:
        self.engine = engine
        self.port = port or free_port()
        self._server: object | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def online(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        import uvicorn

        from postterm.central.app import create_app

        config = uvicorn.Config(create_app(self.engine), host="127.0.0.1", port=self.port,
                                log_level="critical", access_log=False, lifespan="off")
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(target=server.run, name="demo-central", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        if not server.started:
            raise RuntimeError(f"the demo central did not start on port {self.port}")

    def stop(self) -> None:
        server = self._server
        if server is not None:
            server.should_exit = True  # type: ignore[attr-defined]
        if self._thread is not None:
            self._thread.join(10)
        self._server = self._thread = None
