"""Figures for the counter over a slow, far SSH link, as a rural office has it.

Run: uv run python bench/ssh.py [--kbit 64] [--rtt-ms 300] [--keys 30]
A private sshd (its own host key and config; ForceCommand `postterm run` for this account,
the counter chosen by the log-in name) and an `ssh -tt` client on a pty at 80x24 with
TERM=xterm; between them a user-space throttling proxy (asyncio: a token bucket at --kbit
each way and half the round trip of delay each way; not `tc`, which would slow the whole
machine). The scale is a simulated CAS scale behind an RFC 2217 server in another process.
Prints:
- key-to-echo latency: one letter at a time into a field, from the key written to its echo
  arriving; p50/p95, and p95 above the round trip;
- for one one-article booking (fields typed, F5, cash, Enter): bytes written to the terminal,
  SSH bytes on the wire (both ways), and the wall time from the first key to BOOKED;
- Esc vs Alt at that delay (Alt+A as one ESC-a arrives as Alt; Esc then `a` 0.3 s later is
  two keys), and the F-keys of PuTTY (ESC [11~ .. ESC [14~) and of the Linux console
  (ESC [[A .. ESC [[E) reaching the counter.
Targets: echo p95 <= 0.5 s above the round trip; <= 35 KB of terminal output per booking.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.tui import Terminal
from tests.ssh.sshd import PrivateSshd, free_port
from tests.support.enrolled import CLERK_PIN, enrol_on_disk

REPO = Path(__file__).resolve().parents[1]
PIECE = 256  # bytes the proxy sends at a time, each when the bucket holds them


class ThrottlingProxy:
    """A TCP proxy on 127.0.0.1 that gives each direction `kbit` kbit/s (token bucket, no
    burst beyond one piece) and `rtt_ms / 2` of one-way delay; counts the bytes each way."""

    def __init__(self, target_port: int, kbit: float, rtt_ms: float) -> None:
        self.target_port = target_port
        self.rate = kbit * 1000 / 8  # bytes per second
        self.delay = rtt_ms / 2000
        self.port = free_port()
        self.up = 0  # client -> server bytes
        self.down = 0  # server -> client bytes
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        server = await asyncio.start_server(self._client, "127.0.0.1", self.port)
        self._ready.set()
        async with server:
            await server.serve_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(
            "127.0.0.1", self.target_port
        )
        await asyncio.gather(
            self._pipe(reader, upstream_writer, "up"), self._pipe(upstream_reader, writer, "down")
        )

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, way: str
    ) -> None:
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        async def receive() -> None:
            while True:
                data = await reader.read(65536)
                await queue.put((loop.time(), data))
                if not data:
                    return

        async def send() -> None:
            free_at = 0.0  # when the bucket next holds a piece's tokens
            while True:
                arrived, data = await queue.get()
                if not data:
                    writer.close()
                    return
                for start in range(0, len(data), PIECE):
                    piece = data[start : start + PIECE]
                    due = max(arrived + self.delay, free_at)
                    wait = due - loop.time()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    free_at = max(due, loop.time()) + len(piece) / self.rate
                    writer.write(piece)
                    await writer.drain()
                    if way == "up":
                        self.up += len(piece)
                    else:
                        self.down += len(piece)

        try:
            await asyncio.gather(receive(), send())
        except (ConnectionError, OSError):
            writer.close()

    def wire_bytes(self) -> int:
        return self.up + self.down


def setup(root: Path) -> tuple[PrivateSshd, subprocess.Popen[str], Path]:
    """An enrolled counter with its day open, its desk scale, and an sshd for it."""
    data = root / "c1"
    enrol_on_disk(data)
    scale = subprocess.Popen(
        [sys.executable, "-m", "tests.ssh.desk_scale", "250"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert scale.stdout is not None
    scale_url = scale.stdout.readline().strip()
    sshd = PrivateSshd(root / "sshd", "true")
    config = root / "office.toml"
    config.write_text(
        f'[counters.C1]\ndata_dir = "{data}"\nssh_users = ["{sshd.account}"]\n\n'
        f'[counters.C1.devices.scale]\nurl = "{scale_url}"\nprotocol = "cas"\n\n'
        f'[counters.C1.devices.printer]\nurl = "file://{root}/lp0"\n',
        encoding="utf-8",
    )
    force = f"env POSTTERM_CONFIG={config} {sys.executable} -m postterm run"
    sshd_config = sshd.folder / "sshd_config"
    sshd_config.write_text(
        sshd_config.read_text().replace("ForceCommand true", f"ForceCommand {force}")
    )
    sshd.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "postterm",
            "day",
            "begin",
            "--clerk",
            "C1",
            "--cash",
            "1000",
            "--pin-stdin",
            "--config",
            str(config),
        ],
        input=CLERK_PIN + "\n",
        text=True,
        check=True,
        capture_output=True,
        env=env,
    )
    return sshd, scale, config


def client(sshd: PrivateSshd, proxy: ThrottlingProxy) -> Terminal:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    env.update(TERM="xterm")
    env.pop("COLORTERM", None)
    return Terminal(shlex.split(sshd.client_command(port=proxy.port)), env)


def send(term: Terminal, data: bytes, pause: float = 0.0) -> None:
    os.write(term.master, data)
    if pause:
        time.sleep(pause)


def log_in(term: Terminal) -> None:
    term.wait_for(b"counter login", timeout=120)
    time.sleep(0.5)
    send(term, b"C1\r", 1.0)
    send(term, CLERK_PIN.encode() + b"\r")
    term.wait_for(b"STABLE", timeout=60)
    time.sleep(2.0)


def echo_latencies(term: Terminal, count: int) -> list[float]:
    """Letters typed one at a time into the article field, each waited for."""
    samples = []
    letters = "QWERTYUPASDFGHJKLZXCVBNM"
    for n in range(count):
        if n and n % 15 == 0:  # the article field holds 20
            send(term, b"\x1bOR", 1.0)
        letter = letters[n % len(letters)].encode()
        before = term.size()
        start = time.perf_counter()
        send(term, letter)
        arrived = term.wait_for(letter, since=before, timeout=30)
        samples.append(arrived - start)
        time.sleep(0.3)  # the redraw after the echo settles
    send(term, b"\x1bOR", 1.0)  # F3 clears the article
    return samples


def book_one(term: Terminal, proxy: ThrottlingProxy, article: str) -> tuple[int, int, float]:
    """(terminal bytes, wire bytes, wall seconds) for one one-article booking."""
    time.sleep(1.0)
    start_bytes, start_wire, start = term.size(), proxy.wire_bytes(), time.perf_counter()
    for value in (article, "110001", "Meera Sharma", "12 Janpath, New Delhi"):
        send(term, value.encode() + b"\r", 0.8)  # a clerk's pace, fields of a burst each
    send(term, b"\x1b[15~")  # F5: add and pay
    term.wait_for(b"CASH DUE", since=start_bytes, timeout=60)
    send(term, b"100\r")
    term.wait_for(b"BOOKED", since=start_bytes, timeout=60)
    wall = time.perf_counter() - start
    time.sleep(2.0)  # the screen's last redraws arrive
    return term.size() - start_bytes, proxy.wire_bytes() - start_wire, wall


class Pane:
    """The ssh client in tmux at 80x24, for the key checks: bytes in, the screen read back."""

    def __init__(self, command: str) -> None:
        self.socket = f"postterm-bench-{os.getpid()}"
        self.run(
            "new-session", "-d", "-s", "ssh", "-x", "80", "-y", "24", f"env TERM=xterm {command}"
        )

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        ).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-t", "ssh", "-p")

    def send(self, data: bytes, pause: float = 0.0) -> None:
        self.run("send-keys", "-t", "ssh", "-H", *(f"{b:02x}" for b in data))
        if pause:
            time.sleep(pause)

    def shows(self, text: str, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return True
            time.sleep(0.1)
        return False

    def close(self) -> None:
        self.run("kill-server")


def article_is(pane: Pane, value: str, timeout: float = 5.0) -> bool:
    """The article field holds `value`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in pane.screen().splitlines():
            shown = line.lstrip("> ")
            if shown.startswith("Article") and shown[7:].split()[:1] == [value]:
                return True
        time.sleep(0.1)
    return False


def fill(pane: Pane, article: str) -> None:
    for value in (article, "110001", "Meera Sharma", "12 Janpath"):
        pane.send(value.encode() + b"\r", 1.0)


def key_checks(pane: Pane) -> list[tuple[str, bool]]:
    """Esc vs Alt, and PuTTY's and the Linux console's F-keys, through the slow link."""
    from postterm.core.s10 import make

    results = []
    pane.send(b"\x1b", 0.3)  # Esc, then x a moment later: two keys, x typed in the field
    pane.send(b"x", 2.0)
    results.append(
        (
            "Esc, 0.3 s, then x: two keys (x typed, no operations panel)",
            "Counter operations" not in pane.screen() and article_is(pane, "x"),
        )
    )
    pane.send(b"\x1bOR", 1.0)  # F3 (xterm) clears it
    results.append(
        (
            "Alt+X (ESC x at once) opens the operations panel",
            _fires(pane, b"\x1bx", "Counter operations"),
        )
    )
    pane.send(b"\x1b", 1.5)  # Esc closes the panel
    for family, f1, f2, f3, f4, serial in (
        ("PuTTY", b"\x1b[11~", b"\x1b[12~", b"\x1b[13~", b"\x1b[14~", "44444444"),
        ("Linux console", b"\x1b[[A", b"\x1b[[B", b"\x1b[[C", b"\x1b[[D", "55555555"),
    ):
        results.append((f"{family} F4 switches the service", _fires(pane, f4, "Speed Post Parcel")))
        results.append(
            (f"{family} F4 again switches back", _fires(pane, f4, "Speed Post Document"))
        )
        results.append((f"{family} F1 opens help", _fires(pane, f1, "Keys on this screen")))
        results.append((f"{family} F1 closes help", _gone(pane, f1, "Keys on this screen")))
        pane.send(b"EE12", 1.0)
        pane.send(f3, 1.5)
        results.append((f"{family} F3 clears the article", "EE12" not in pane.screen()))
        article = make("EE", serial)
        fill(pane, article)
        results.append((f"{family} F2 adds the article", _fires(pane, f2, f"added {article}")))
    return results


def _fires(pane: Pane, data: bytes, shown: str) -> bool:
    pane.send(data)
    return pane.shows(shown)


def _gone(pane: Pane, data: bytes, shown: str, timeout: float = 5.0) -> bool:
    pane.send(data)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if shown not in pane.screen():
            return True
        time.sleep(0.1)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kbit", type=float, default=64.0)
    parser.add_argument("--rtt-ms", type=float, default=300.0)
    parser.add_argument("--keys", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sshd, scale, _ = setup(Path(tmp))
        proxy = ThrottlingProxy(sshd.port, args.kbit, args.rtt_ms)
        term = client(sshd, proxy)
        rtt = args.rtt_ms / 1000
        try:
            started = time.perf_counter()
            log_in(term)
            print(
                f"link: {args.kbit:g} kbit/s each way, {args.rtt_ms:g} ms round trip "
                f"(throttling proxy); log-in to the booking screen in "
                f"{time.perf_counter() - started:5.1f} s"
            )
            samples = sorted(echo_latencies(term, args.keys))
            p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
            print(
                f"  key-to-echo over {len(samples)} keys: p50 "
                f"{statistics.median(samples):5.3f} s, p95 {p95:5.3f} s, p95 above the "
                f"round trip {p95 - rtt:5.3f} s   (target <= 0.5 s)"
            )
            terminal_bytes, wire, wall = book_one(term, proxy, "EE123456785IN")
            print(
                f"  one one-article booking: {terminal_bytes / 1024:5.1f} KB to the terminal"
                f"   (target <= 35 KB); {wire / 1024:5.1f} KB of SSH on the wire (both "
                f"ways); {wall:5.1f} s from the first key to BOOKED"
            )
        finally:
            term.close()
        pane = Pane(sshd.client_command(port=proxy.port))  # takes the counter over
        try:
            pane.shows("counter login", timeout=60)
            pane.send(b"C1\r", 1.0)
            pane.send(CLERK_PIN.encode() + b"\r")
            pane.shows("STABLE", timeout=60)
            time.sleep(1.0)
            for name, ok in key_checks(pane):
                print(f"  {'ok  ' if ok else 'FAIL'} {name}")
        finally:
            pane.close()
            sshd.stop()
            scale.terminate()


if __name__ == "__main__":
    main()
