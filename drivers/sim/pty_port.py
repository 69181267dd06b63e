"""A simulated serial device on a pseudo-terminal, reached through a stable symlink.

The driver opens `address` (a symlink to the pty's slave). `unplug()` removes the link and
closes the master, so a driver reading the slave gets EIO, as from a pulled USB adapter;
`replug()` makes a fresh pty and points the same path at it. The simulator holds its own
slave fd open, so its master never sees EIO when the driver closes the port.

The port never replaces a path it did not make: if anything (a file, a directory, someone
else's link) is at the path when it plugs in, `start()`/`replug()` raise FileExistsError and
touch nothing; `unplug()` removes the path only while it is still the port's own link.
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import shutil
import tempfile
import threading
import tty
from pathlib import Path

from drivers.sim.sim_port import Receiver


class PtyPort:
    """A pty behind a stable symlink path (a fresh temporary one unless `path` is given)."""

    def __init__(self, path: Path | str | None = None, *, name: str = "tty") -> None:
        self._own_dir: Path | None = None
        if path is None:
            self._own_dir = Path(tempfile.mkdtemp(prefix="postterm-sim-"))
            path = self._own_dir / name
        self.path = Path(path)
        self._lock = threading.Lock()
        self._receiver: Receiver | None = None
        self._master: int | None = None
        self._slave: int | None = None
        self._stop_w: int | None = None
        self._thread: threading.Thread | None = None
        self.slave_name = ""

    @property
    def address(self) -> str:
        return str(self.path)

    @property
    def plugged(self) -> bool:
        with self._lock:
            return self._master is not None

    def start(self, receiver: Receiver) -> None:
        self._receiver = receiver
        self.replug()

    def replug(self) -> None:
        with self._lock:
            if self._master is not None:
                return
            if os.path.lexists(self.path):
                raise FileExistsError(
                    f"{self.path} exists and was not made by this simulator: "
                    "remove it or choose another path"
                )
            master, slave = pty.openpty()
            try:
                self.path.symlink_to(os.ttyname(slave))  # fails if anything appeared meanwhile
            except OSError:
                os.close(master)
                os.close(slave)
                raise
            tty.setraw(slave)  # no echo, no CR->LF: bytes pass as they are
            os.set_blocking(master, False)
            stop_r, stop_w = os.pipe()
            self._master, self._slave, self._stop_w = master, slave, stop_w
            self.slave_name = os.ttyname(slave)
            self._thread = threading.Thread(
                target=self._pump,
                args=(master, stop_r),
                name=f"sim-pty-{self.path.name}",
                daemon=True,
            )
            self._thread.start()

    def unplug(self) -> None:
        with self._lock:
            master, slave, stop_w, thread = self._master, self._slave, self._stop_w, self._thread
            self._master = self._slave = self._stop_w = None
            self._thread = None
            if master is not None and self._is_own_link():
                self.path.unlink()
        if master is None:
            return
        assert stop_w is not None and slave is not None
        os.write(stop_w, b"x")
        if thread is not None:
            thread.join(2)
        for fd in (master, slave, stop_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _is_own_link(self) -> bool:
        try:
            return os.readlink(self.path) == self.slave_name
        except OSError:
            return False

    def close(self) -> None:
        self.unplug()
        if self._own_dir is not None:
            shutil.rmtree(self._own_dir, ignore_errors=True)

    def send(self, data: bytes) -> None:
        with self._lock:
            if self._master is None:
                return
            # nobody reads: a real device's bytes would be lost too
            with contextlib.suppress(OSError):
                os.write(self._master, data)

    def _pump(self, master: int, stop_r: int) -> None:
        try:
            while True:
                ready, _, _ = select.select([master, stop_r], [], [])
                if stop_r in ready:
                    return
                try:
                    data = os.read(master, 4096)
                except BlockingIOError:
                    continue
                except OSError:
                    threading.Event().wait(0.05)
                    continue
                if data and self._receiver is not None:
                    self._receiver(data)
        finally:
            os.close(stop_r)
