"""`postterm central serve` in subprocesses on free ports, for tests over real HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


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
