"""A TCP relay that can lose the network without a word, as a clerk's PC on a flaky link.

`down()`: every relayed connection goes silent for good (the counter's end stays open and
hears nothing, no FIN, no RST; the far end is closed, as a ser2net that restarted or a PC
that rebooted forgets it), and new connections are taken and left silent too.
`up()`: new connections pass again; the old ones stay dead, as they would.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading


class SilentLink:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._is_up = True
        self._generation = 0  # connections of an older generation are dead
        self._kept: list[socket.socket] = []  # the counter's ends of dead connections

    def url(self, scheme: str = "rfc2217") -> str:
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self) -> SilentLink:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def down(self) -> None:
        self._is_up = False
        self._generation += 1

    def up(self) -> None:
        self._is_up = True

    def stop(self) -> None:
        self._stopping.set()
        self._listener.close()
        for client in self._kept:
            client.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            if not self._is_up:
                self._kept.append(client)  # taken, never answered
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(
                target=self._relay, args=(client, upstream, self._generation), daemon=True
            ).start()

    def _relay(self, client: socket.socket, upstream: socket.socket, generation: int) -> None:
        peers = {client: upstream, upstream: client}
        try:
            while not self._stopping.is_set() and generation == self._generation:
                ready, _, _ = select.select(list(peers), [], [], 0.1)
                if generation != self._generation:
                    break
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except OSError:
            return
        finally:
            upstream.close()
            if generation != self._generation:
                self._kept.append(client)  # the counter's end: open and silent
            else:
                with contextlib.suppress(OSError):
                    client.close()
