"""`postterm central serve` in subprocesses on free ports, for tests over real HTTP."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
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


def spawn_server(
    db_url: str,
    log: Path,
    *,
    port: int | None = None,
    workers: int = 1,
    wrapper: Sequence[str] = (),
) -> Server:
    """`postterm central serve` in a subprocess (returns at once; see `wait_ready`).
    `wrapper` runs it under another command, e.g. `faketime -f +10m` for a skewed clock."""
    port = port or free_port()
    postterm = str(Path(sys.executable).parent / "postterm")
    process = subprocess.Popen(
        [
            *wrapper,
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
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a wrapper (faketime) forks the server: stop the whole group
    )
    return Server(f"http://127.0.0.1:{port}", process, log)


def wait_ready(server: Server, deadline: float) -> None:
    """Until /healthz answers 200; a server that exits or misses the deadline is an error."""
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited: {server.log.read_text()}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            server.process.kill()
            raise RuntimeError(f"server did not start: {server.log.read_text()}")
        time.sleep(0.1)


def start_servers(db_url: str, logs: Path, *, count: int = 1, workers: int = 1) -> list[Server]:
    """`count` servers on free ports, started together, each waited for via /healthz."""
    servers = [spawn_server(db_url, logs / f"server{n}.log", workers=workers) for n in range(count)]
    deadline = time.monotonic() + 30
    for server in servers:
        wait_ready(server, deadline)
    return servers


def stop_server(server: Server) -> None:
    """Stop the server and whatever its wrapper started (the process group it leads)."""
    _signal_group(server, signal.SIGTERM)
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _signal_group(server, signal.SIGKILL)
        server.process.wait()
    _signal_group(server, signal.SIGKILL)  # a wrapped server outliving its wrapper


def _signal_group(server: Server, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(server.process.pid, signum)
