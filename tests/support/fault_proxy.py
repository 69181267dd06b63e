"""A TCP proxy between the counter and the central that misbehaves on demand.

Modes (set `proxy.mode` at any time; it applies to new connections):
- "pass": forward both ways;
- "refuse": accept and close at once (connection reset / empty reply);
- "delay": hold each request `delay_s` before forwarding;
- "cut": forward part of the request (`cut_after` bytes), then close both sides;
- "drop-reply": forward the whole request, read the central's reply, then close without
  sending it, so the central has committed but the counter never hears so.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass
class FaultProxy:
    target_port: int
    mode: str = "pass"
    delay_s: float = 0.0
    cut_after: int = 40
    port: int = 0
    connections: int = 0
    _server: socket.socket | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> FaultProxy:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        server.settimeout(0.2)
        self.port = server.getsockname()[1]
        self._server = server
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        assert self._server is not None
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            threading.Thread(target=self._serve, args=(client, self.mode), daemon=True).start()

    def _serve(self, client: socket.socket, mode: str) -> None:
        with client:
            if mode == "refuse":
                reset_on_close = b"\x01\x00\x00\x00\x00\x00\x00\x00"  # linger on, 0 s
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, reset_on_close)
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
            except OSError:
                return
            with upstream:
                client.settimeout(10)
                upstream.settimeout(30)
                self._relay(client, upstream, mode)

    def _relay(self, client: socket.socket, upstream: socket.socket, mode: str) -> None:
        while not self._stop.is_set():
            request = _read_http_message(client)
            if not request:
                return
            if mode == "delay":
                time.sleep(self.delay_s)
            if mode == "cut":
                upstream.sendall(request[: self.cut_after])
                return
            upstream.sendall(request)
            reply = _read_http_message(upstream)
            if not reply or mode == "drop-reply":
                return
            client.sendall(reply)


def _read_http_message(sock: socket.socket) -> bytes:
    """One HTTP/1.1 message (headers + Content-Length body); b"" when the peer closed."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return b""
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return b""
            body += chunk
        return head + b"\r\n\r\n" + body
    except (TimeoutError, OSError):
        return b""
