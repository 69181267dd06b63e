"""A simulated device on a TCP port (`socket://host:port`), like a printer on 9100.

One client at a time (a new one replaces the old). `unplug()` closes the client and stops
listening; `replug()` listens again on the same port.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading

from drivers.sim.sim_port import Receiver


class TcpPort:
    """A listening TCP port; `port=0` picks a free one (read it back from `port`)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._lock = threading.Lock()
        self._receiver: Receiver | None = None
        self._listener: socket.socket | None = None
        self._client: socket.socket | None = None
        self._stop_w: int | None = None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        return f"socket://{self.host}:{self.port}"

    def start(self, receiver: Receiver) -> None:
        self._receiver = receiver
        self.replug()

    def replug(self) -> None:
        with self._lock:
            if self._listener is not None:
                return
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((self.host, self.port))
            listener.listen(1)
            self.port = listener.getsockname()[1]
            stop_r, stop_w = os.pipe()
            self._listener, self._stop_w = listener, stop_w
            self._thread = threading.Thread(
                target=self._serve,
                args=(listener, stop_r),
                name=f"sim-tcp-{self.port}",
                daemon=True,
            )
            self._thread.start()

    def unplug(self) -> None:
        with self._lock:
            listener, stop_w, thread = self._listener, self._stop_w, self._thread
            self._listener = self._stop_w = self._thread = None
        if listener is None:
            return
        assert stop_w is not None
        os.write(stop_w, b"x")
        if thread is not None:
            thread.join(2)
        os.close(stop_w)

    def close(self) -> None:
        self.unplug()

    def send(self, data: bytes) -> None:
        with self._lock:
            client = self._client
            if client is None:
                return
            with contextlib.suppress(OSError):
                client.sendall(data)

    def _set_client(self, client: socket.socket | None) -> None:
        with self._lock:
            old, self._client = self._client, client
        if old is not None:
            with contextlib.suppress(OSError):
                old.close()

    def _serve(self, listener: socket.socket, stop_r: int) -> None:
        try:
            while True:
                with self._lock:
                    client = self._client
                watched: list[int] = [listener.fileno(), stop_r]
                if client is not None:
                    watched.append(client.fileno())
                ready, _, _ = select.select(watched, [], [])
                if stop_r in ready:
                    return
                if listener.fileno() in ready:
                    new, _ = listener.accept()
                    new.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    self._set_client(new)
                    continue
                if client is not None and client.fileno() in ready:
                    try:
                        data = client.recv(4096)
                    except OSError:
                        data = b""
                    if not data:
                        self._set_client(None)
                    elif self._receiver is not None:
                        self._receiver(data)
        finally:
            self._set_client(None)
            listener.close()
            os.close(stop_r)
