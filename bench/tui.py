"""Figures for the counter screen, on a real pty at 80x24 with TERM=xterm (16 colours).

Run: uv run python bench/tui.py [--idle-seconds 60]
Prints: start-up to the login screen drawn, for `postterm run` and `postterm demo`; peak
RSS; bytes written to the terminal for one scripted one-article booking; bytes written per
idle minute; command keys per booking. Start-up is measured twice: with this checkout's
interpreter, and with postterm installed as deployed (bytecode compiled at install).
Targets: run <= 0.8 s (demo <= 3 s), RSS <= 120 MB,
one booking <= 60 KB, idle 0 bytes, <= 5 command keys per booking.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KEYS = {"enter": b"\r", "f2": b"\x1bOQ", "f4": b"\x1bOS", "f5": b"\x1b[15~", "ctrl+q": b"\x11"}
BURSTS = 5
COMMAND_KEYS = {"f2", "f4", "f5"}  # plus the Enter that settles, counted below


class Terminal:
    """A process on a pty of 80x24; everything it writes is kept with its arrival time."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.output += data

    def size(self) -> int:
        with self.lock:
            return len(self.output)

    def wait_for(self, text: bytes, since: int = 0, timeout: float = 60.0) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                if text in self.output[since:]:
                    return time.perf_counter()
            time.sleep(0.005)
        raise RuntimeError(f"{text!r} did not appear")

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())
        time.sleep(0.05)

    def key(self, name: str) -> None:
        os.write(self.master, KEYS[name])
        time.sleep(0.15)

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(row for row in status.splitlines() if row.startswith("VmHWM"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    env.update(TERM="xterm", COLUMNS="80", LINES="24")
    env.pop("COLORTERM", None)
    return env


def book_one_article(term: Terminal) -> tuple[int, int]:
    """Log in, open the day, book one document by keystrokes; (bytes, command keys)."""
    term.type("476337-SO-01")
    term.key("enter")
    term.type("246810")
    term.key("enter")
    term.wait_for(b"Begin the business day")
    term.type("500x4")
    term.key("enter")
    term.wait_for(b"STABLE")
    time.sleep(0.5)
    start = term.size()
    command_keys = 0
    for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath, New Delhi"):
        term.type(value)
        term.key("enter")
    term.key("f5")  # F5 adds the filled article and opens payment
    command_keys += 1
    term.wait_for(b"CASH DUE", since=start)
    term.type("100")
    term.key("enter")  # settle
    command_keys += 1
    term.wait_for(b"BOOKED", since=start)
    time.sleep(1.0)
    return term.size() - start, command_keys


def burst_bookings(term: Terminal, counter_dir: Path, count: int = BURSTS) -> int:
    """Book `count` articles, each sent as ONE write of all its keys; how many are in the
    journal exactly as typed (article id, PIN, name, address, mobile, cash tendered)."""
    from postterm.core.entries import Booking, as_kind
    from postterm.core.journal import parse_entry
    from postterm.core.s10 import make
    from postterm.store.journal_store import Journal

    typed = []
    for n in range(count):
        article_id = make("EE", f"{40000000 + n}")
        fields = (article_id, "110001", f"Burst Name {n}", "Burst Addr", "9876543210")
        typed.append(fields)
        keys = b"".join(value.encode() + KEYS["enter"] for value in fields[:-1])
        start = term.size()
        os.write(term.master, keys + fields[-1].encode() + KEYS["f5"] + b"100" + KEYS["enter"])
        try:
            term.wait_for(b"BOOKED", since=start, timeout=30)
        except RuntimeError:
            os.write(term.master, b"\x1b")  # not booked: leave the payment screen, if open,
            time.sleep(0.5)
            os.write(term.master, b"\x1bOR")  # and clear the article (F3) for the next
        time.sleep(1.5)
    with Journal(counter_dir, write=False) as journal:
        booked = set()
        for stored in journal.entries():
            booking = as_kind(parse_entry(stored.entry), Booking)
            if booking is None:
                continue
            for article in booking.articles:
                who = article.addressee
                booked.add((article.article_id, article.to_pin, who.name, who.address, who.mobile))
    return sum(1 for fields in typed if fields in booked)


def idle_bytes(term: Terminal, seconds: float) -> int:
    time.sleep(2.0)  # let the last redraw finish
    before = term.size()
    time.sleep(seconds)
    return term.size() - before


def demo_figures(idle_s: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        term = Terminal(
            [sys.executable, "-m", "postterm", "demo", "--dir", f"{tmp}/demo"], environment()
        )
        try:
            drawn = term.wait_for(b"counter login")
            print(
                f"  postterm demo: login screen drawn after {drawn - term.started:5.2f} s"
                "   (target <= 3 s)"
            )
            time.sleep(1.0)
            booking_bytes, keys = book_one_article(term)
            print(
                f"  one one-article booking wrote {booking_bytes / 1024:6.1f} KB to the "
                f"terminal   (target <= 35 KB)"
            )
            print(
                f"  command keys per booking: {keys} (F5 to pay, Enter to settle)   (target <= 5)"
            )
            burst = burst_bookings(term, Path(tmp) / "demo" / "counter")
            print(
                f"  bookings sent as bursts (one write each): {burst} of {BURSTS} booked "
                f"exactly as typed   (target all)"
            )
            idle = idle_bytes(term, idle_s)
            print(f"  idle for {idle_s:.0f} s: {idle} bytes written   (target 0)")
            print(
                f"  peak RSS (demo: counter + in-process central + simulators): "
                f"{term.peak_rss_mb():5.1f} MB"
            )
        finally:
            term.close()


@contextlib.contextmanager
def counter_with_central() -> Iterator[tuple[Path, Path]]:
    """A counter enrolled at a central of its own (SQLite, in another process) with its
    master data pulled and simulated devices: (a scratch directory, the settings file)."""
    from postterm.demo.central_process import CentralProcess
    from postterm.store.journal_store import Journal
    from postterm.store.local_state import load_token
    from postterm.sync.client import CentralClient
    from postterm.sync.enrolment import enrol, pull_master

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        central = CentralProcess(
            f"sqlite:///{root / 'central.sqlite'}", root / "seed.json", root / "central.log"
        )
        central.start()
        try:
            seed = central.wait_ready()
            counter = root / "counter"
            enrol(counter, central.url, seed["enrolment"]["code"])
            with (
                Journal(counter, write=True) as journal,
                CentralClient(central.url, load_token(counter)) as client,
            ):
                pull_master(journal.engine, client)
            config = root / "postterm.toml"
            config.write_text(
                f'[central]\nurl = "{central.url}"\n\n[data]\ndir = "{counter}"\n\n'
                "[devices]\nsimulated = true\n",
                encoding="utf-8",
            )
            yield root, config
        finally:
            central.stop()


def run_figures() -> None:
    with counter_with_central() as (root, config):
        for label, python in interpreters(root):
            samples, rss = startup_samples(python, config)
            print(
                f"  postterm run ({label}): login screen drawn after {min(samples):5.2f} s "
                f"best, {max(samples):5.2f} s worst of 3   (target <= 0.8 s)"
            )
        print(f"  peak RSS of postterm run at the login screen: {rss:5.1f} MB   (target <= 120 MB)")


def interpreters(root: Path) -> list[tuple[str, str]]:
    """This checkout's interpreter, and one from postterm installed as the README deploys it
    (`uv sync --no-dev --no-editable`, bytecode compiled at install)."""
    deployed = root / "deployed"
    env = dict(os.environ, UV_PROJECT_ENVIRONMENT=str(deployed))
    subprocess.run(
        ["uv", "sync", "--frozen", "--no-dev", "--no-editable", "--compile-bytecode", "--quiet"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        check=True,
    )
    return [
        ("this checkout", sys.executable),
        ("installed as deployed", str(deployed / "bin" / "python")),
    ]


def startup_samples(python: str, config: Path) -> tuple[list[float], float]:
    samples = []
    rss = 0.0
    for _ in range(3):
        term = Terminal([python, "-m", "postterm", "run", "--config", str(config)], environment())
        try:
            samples.append(term.wait_for(b"counter login") - term.started)
            time.sleep(0.5)
            rss = term.peak_rss_mb()
        finally:
            term.close()
            time.sleep(0.5)
    return samples, rss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    parser.add_argument(
        "--only",
        choices=("run", "demo"),
        default=None,
        help="only the start-up of `postterm run`, or only the demo's figures",
    )
    args = parser.parse_args()
    print("postterm TUI figures (pty 80x24, TERM=xterm)")
    if args.only != "demo":
        run_figures()
    if args.only != "run":
        demo_figures(args.idle_seconds)


if __name__ == "__main__":
    main()
