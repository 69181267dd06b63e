"""A small RFC 2217 server for tests, built on pyserial's PortManager (as ser2net would be).

It serves one serial port (here a simulator's pty) on a free TCP port, so drivers can open
`rfc2217://127.0.0.1:PORT` exactly as they would a scale behind ser2net.

In its own process, to be killed as the clerk's PC or its link would die:

    python -m tests.support.rfc2217_server DEVICE_PATH [PORT]    # prints the URL, serves
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
import termios
import threading

import serial
import serial.rfc2217


class PtySerial(serial.Serial):
    """A pty has no UART: modem-line ioctls fail, and some kernels refuse 7 data bits or
    parity (EINVAL). The line settings a client asks for mean nothing on a pty, so a refusal
    is ignored here, as a ser2net in front of a real UART would apply them."""

    def _reconfigure_port(self, force_update: bool = False) -> None:
        with contextlib.suppress(termios.error):
            super()._reconfigure_port(force_update)

    def _update_rts_state(self) -> None:
        pass

    def _update_dtr_state(self) -> None:
        pass

    @property
    def cts(self) -> bool:
        return False

    @property
    def dsr(self) -> bool:
        return False

    @property
    def ri(self) -> bool:
        return False

    @property
    def cd(self) -> bool:
        return False


class Rfc2217Server:
    """Serve `device_path` over RFC 2217 on 127.0.0.1 (one client at a time)."""

    def __init__(self, device_path: str, port: int = 0) -> None:
        self.device_path = device_path
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", port))
        self._listener.listen(1)
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._write_lock = threading.Lock()
        self._client: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"rfc2217://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._spawn(self._accept)

    def stop(self) -> None:
        self._stopping.set()
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(3)
        self._listener.close()

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._serve(client)

    def _serve(self, client: socket.socket) -> None:
        self._client = client
        device = PtySerial(self.device_path, timeout=0.1)
        manager = serial.rfc2217.PortManager(device, _SocketWriter(client, self._write_lock))
        done = threading.Event()
        reader = threading.Thread(target=self._to_client, args=(device, manager, done), daemon=True)
        reader.start()
        try:
            client.settimeout(0.1)
            while not self._stopping.is_set():
                try:
                    data = client.recv(1024)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not data:
                    break
                device.write(b"".join(manager.filter(data)))
        finally:
            done.set()
            reader.join(2)
            device.close()
            client.close()
            self._client = None

    def _to_client(
        self, device: serial.Serial, manager: serial.rfc2217.PortManager, done: threading.Event
    ) -> None:
        while not done.is_set():
            try:
                data = device.read(device.in_waiting or 1)
            except (serial.SerialException, OSError):
                return
            if data:
                with contextlib.suppress(OSError), self._write_lock:
                    assert self._client is not None
                    self._client.sendall(b"".join(manager.escape(data)))


class _SocketWriter:
    """What PortManager writes its telnet answers to."""

    def __init__(self, client: socket.socket, lock: threading.Lock) -> None:
        self._client = client
        self._lock = lock

    def write(self, data: bytes) -> None:
        with contextlib.suppress(OSError), self._lock:
            self._client.sendall(data)


def main(argv: list[str]) -> None:
    server = Rfc2217Server(argv[0], int(argv[1]) if len(argv) > 1 else 0)
    server.start()
    print(server.url, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
