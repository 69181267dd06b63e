"""The demo's central API as its own process on a loopback port: migrated, seeded with the
demo office once (the seed, with ids, PINs, an enrolment code and the demo's UPI callback
secret, is written to a file in the demo directory), then served, with the demo's simulated
UPI customer paying pending requests. Its imports run on the other core while the counter
starts, and stopping the process takes the central offline the way a real outage does.

Run as: python -m postterm.demo.central_process DB_URL PORT SEED_FILE [UPI_AUTO_PAY_S]
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class CentralProcess:
    def __init__(
        self,
        db_url: str,
        seed_path: Path,
        log_path: Path,
        port: int | None = None,
        *,
        upi_auto_pay_s: float = 5.0,
    ) -> None:
        self.db_url = db_url
        self.upi_auto_pay_s = upi_auto_pay_s
        self.seed_path = seed_path
        self.log_path = log_path
        self.port = port or free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def online(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Spawn the process (returns at once; `wait_ready` waits for it to answer)."""
        with open(self.log_path, "ab") as log:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "postterm.demo.central_process",
                    self.db_url,
                    str(self.port),
                    str(self.seed_path),
                    str(self.upi_auto_pay_s),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env={k: v for k, v in os.environ.items() if k != "POSTTERM_CENTRAL_DB"},
            )

    def wait_ready(self, timeout_s: float = 30.0) -> dict[str, Any]:
        """Wait until the central answers on its port; the seed it made."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"the demo central stopped; see {self.log_path}")
            if self.seed_path.exists():
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                        return dict(json.loads(self.seed_path.read_text(encoding="utf-8")))
                except OSError:
                    pass
            time.sleep(0.05)
        raise RuntimeError(f"the demo central did not start; see {self.log_path}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None


def stop_with_parent(poll_s: float = 1.0, grace_s: float = 5.0) -> None:
    """End this process when the demo that started it is gone: a demo killed (SIGTERM,
    SIGKILL) closes nothing, and its central would otherwise serve on, holding its port and
    its database. Orphaned, the process is re-parented, so its parent pid changes."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        os.kill(os.getpid(), signal.SIGTERM)  # uvicorn shuts down cleanly on SIGTERM
        time.sleep(grace_s)
        os._exit(0)

    threading.Thread(target=watch, name="demo parent watch", daemon=True).start()


def main() -> None:
    stop_with_parent()
    db_url, port, seed_path = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    auto_pay_s = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
    import uvicorn

    from postterm.central.app import create_app
    from postterm.central.db import make_engine
    from postterm.central.payments import callback_secret
    from postterm.central.schema import upgrade
    from postterm.demo.seed import seed_demo
    from postterm.demo.upi_payer import DemoPayer

    engine = make_engine(db_url)
    upgrade(engine)
    secret = callback_secret(engine)
    if not seed_path.exists():
        seed = seed_demo(engine) | {"upi": {"callback_secret": secret}}
        temporary = seed_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(seed), encoding="utf-8")
        os.replace(temporary, seed_path)
    if auto_pay_s > 0:  # 0: no automatic payer; UTRs are typed by hand
        DemoPayer(engine, f"http://127.0.0.1:{port}", secret, after_s=auto_pay_s).start()
    uvicorn.run(
        create_app(engine), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )


if __name__ == "__main__":
    main()
