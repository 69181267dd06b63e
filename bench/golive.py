"""Figures for going live: migrating an office's export into the central, and `doctor`.

Run: uv run python bench/golive.py [--pg URL] [--articles 100000] [--users 1000] [--offices 200]
     uv run python bench/golive.py --only doctor [--runs 5]
     uv run python bench/golive.py --only golive
Writes an export (offices with one head office per 10, users spread over the offices,
undelivered articles with their last event, each office's closing balances), then runs
`postterm central admin migrate DIR --db URL` as a subprocess on a fresh PostgreSQL database
(made next to --pg, or $POSTTERM_TEST_DATABASE_URL, dropped afterwards) and on SQLite, and
prints the wall time and rows/s of the first run and of a second run (all unchanged).
Target on the 2-core machine: 100,000 articles + 1,000 users + 200 offices into PostgreSQL in
under 60 s.

doctor: a central (`postterm central serve`, SQLite) on this machine, a counter enrolled in
it, a simulated scale, scanner and printer on ptys named in its settings; the wall time of
`postterm doctor --json` as a subprocess (start-up included), every check passing or warning.
Target: under 3 s.

golive (`--only golive`): from a bare counter to its first booking, each step a `postterm`
process against a local central (SQLite) and a simulated scale, scanner and printer on ptys:
`setup --non-interactive` by flags with the enrolment code, `doctor`, `day begin`, and the
first booking (log-in, a stable reading from the scale, settle in cash, the receipt printed).
Prints each step's wall time and the CPU time its process used, and their sums.
Target: under 30 s of machine time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from postterm.core import s10
from tests.central.exports import ARTICLES, BALANCES, OFFICES, USERS, write

EVENTS = ("booked", "bagged", "dispatched", "received", "out-for-delivery")


def make_export(folder: Path, offices: int, users: int, articles: int) -> int:
    """The export's files; returns the number of data rows."""
    ids = [f"B{n:04d}-{'HO' if n % 10 == 0 else 'SO'}" for n in range(offices)]
    heads = {n: ids[n - n % 10] for n in range(offices)}
    write(
        folder / "offices.csv",
        OFFICES,
        [
            f"{ids[n]},{476001 + n},डाकघर {n},{'HO' if n % 10 == 0 else 'SO'},"
            f"{'' if n % 10 == 0 else heads[n]},,,"
            for n in range(offices)
        ],
        bom=True,
        crlf=True,
    )
    write(
        folder / "users.csv",
        USERS,
        [
            f"{ids[n % offices]}-{n:04d},{ids[n % offices]},कर्मचारी {n},"
            f"{'supervisor' if n % 5 == 0 else 'clerk'},98765{n:05d}"
            for n in range(users)
        ],
    )
    rows = []
    for n in range(articles):
        office = ids[n % offices]
        event = EVENTS[n % len(EVENTS)]
        rows.append(
            f"{s10.make('EE', f'{30_000_000 + n:08d}')},speedpost-parcel,"
            f"2025-07-{1 + n % 28:02d}T10:15:00+05:30,{office},110001,{250 + n % 5000},"
            f"{41 + n % 300}.30,{event},2025-07-{1 + n % 28:02d}T18:00:00+05:30,"
            f"{heads[n % offices]}"
        )
    write(folder / "articles.csv", ARTICLES, rows)
    balances = [
        f"{ids[n]},2025-07-31,{item},{10 + n}"
        for n in range(offices)
        for item in ("cash:500", "cash:100", "cash:10", "stamps:5", "stamps:25")
    ]
    write(folder / "balances.csv", BALANCES, balances)
    return offices + users + articles + len(balances)


def migrate(url: str, folder: Path) -> tuple[float, int]:
    postterm = str(Path(sys.executable).parent / "postterm")
    started = time.perf_counter()
    done = subprocess.run(
        [
            postterm,
            "central",
            "admin",
            "migrate",
            str(folder),
            "--db",
            url,
            "--report",
            str(folder / "report.json"),
            "--json",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"migrate failed ({done.returncode}): {done.stderr}")
    return time.perf_counter() - started, done.returncode


def run(backend: str, url: str, folder: Path, rows: int) -> None:
    first, _ = migrate(url, folder)
    second, _ = migrate(url, folder)
    print(
        f"{backend:<11} first run {first:6.1f} s ({rows / first:8.0f} rows/s)   "
        f"second run (unchanged) {second:6.1f} s ({rows / second:8.0f} rows/s)"
    )


def doctor_figure(runs: int) -> None:
    import json
    import resource
    import statistics

    from postterm.devices.simulated import CounterSimulators
    from tests.support.central_counters import enrol_counter, write_settings
    from tests.support.live_central import LiveCentral

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        central = LiveCentral(f"sqlite:///{root}/central.sqlite", log_path=root / "log").prepare()
        central.new_code()
        central.start()
        sims = CounterSimulators.start(scale_protocol="cas")
        try:
            sims.set_weight(1250)
            enrol_counter(central, root / "counter")
            config = root / "postterm.toml"
            write_settings(config, central.url, root / "counter", sims)
            postterm = str(Path(sys.executable).parent / "postterm")
            env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
            times, cpu, statuses = [], [], {}
            for _ in range(runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                done = subprocess.run(
                    [postterm, "doctor", "--config", str(config), "--json"],
                    capture_output=True,
                    text=True,
                    check=False,
                    env=env,
                )
                times.append(time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                statuses = {c["name"]: c["status"] for c in json.loads(done.stdout)["checks"]}
        finally:
            sims.close()
            central.stop()
    failed = sorted(name for name, status in statuses.items() if status == "fail")
    print(
        f"doctor      {runs} runs: median {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
        f"(target < 3 s wall; failed checks: {', '.join(failed) or 'none'})"
    )


FIRST_BOOKING = """
import sys, time
from pathlib import Path
from postterm.config import load_settings
from postterm.core.booking import ArticleRequest, Basket, CashPayment, Party
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.devices.counter_devices import CounterDevices

settings = load_settings(Path(sys.argv[1]))
clerk_id, pin = sys.argv[2], sys.stdin.readline().strip()
assert settings.data.dir is not None
station = Station(Counter(settings.data.dir, settings),
                  devices=CounterDevices.open(settings.devices), replicate=False)
try:
    station.login(clerk_id, pin)
    deadline = time.monotonic() + 10
    while not station.weight().usable and time.monotonic() < deadline:
        time.sleep(0.05)
    grams = station.stable_weight()
    article = ArticleRequest(article_id="EE123456785IN", service="speedpost-document",
                             weight_grams=grams, weight_source="scale", to_pin="110001",
                             addressee=Party("Meera Sharma", "12 Janpath, New Delhi"))
    booked = station.settle(Basket((article,), CashPayment(20000), "golive-first"))
    printed = station.print_booking(booked)
    assert printed.printed, printed.reason
    print(booked.seq, grams)
finally:
    station.close()
"""


def golive_figure() -> None:
    """Setup by flags + enrolment + doctor + day-begin + the first booking, as processes."""
    import json
    import resource

    from postterm.devices.simulated import CounterSimulators
    from tests.support.live_central import LiveCentral

    postterm = str(Path(sys.executable).parent / "postterm")
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    steps: list[tuple[str, float, float]] = []

    def step(name: str, argv: list[str], stdin: str = "") -> str:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            argv, input=stdin, capture_output=True, text=True, check=False, env=env
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        if done.returncode != 0:
            raise SystemExit(f"{name} failed ({done.returncode}): {done.stderr.strip()}")
        steps.append((name, wall, cpu))
        return done.stdout

    with tempfile.TemporaryDirectory(prefix="bench-golive-") as tmp:
        root = Path(tmp)
        central = LiveCentral(f"sqlite:///{root}/central.sqlite", log_path=root / "log").prepare()
        code = central.new_code("G1")
        central.start()
        sims = CounterSimulators.start(scale_protocol="cas")
        try:
            sims.set_weight(250)
            clerk = next(u for u in central.seed["users"] if u["role"] == "clerk")
            config = root / "postterm.toml"
            step(
                "setup",
                [
                    postterm,
                    "setup",
                    "--non-interactive",
                    "--office",
                    "476337",
                    "--counter",
                    "G1",
                    "--counter-name",
                    "Counter G1",
                    "--central",
                    central.url,
                    "--code",
                    code,
                    "--data-dir",
                    str(root / "counter"),
                    "--scale-url",
                    sims.scale.address,
                    "--scale-protocol",
                    "cas",
                    "--scanner-url",
                    sims.scanner.address,
                    "--printer-url",
                    sims.printer.address,
                    "--config-out",
                    str(config),
                    "--json",
                ],
            )
            checks = json.loads(
                step("doctor", [postterm, "doctor", "--config", str(config), "--json"])
            )["checks"]
            failed = [c["name"] for c in checks if c["status"] == "fail"]
            if failed:
                raise SystemExit(f"doctor failed: {failed}")
            step(
                "day begin",
                [
                    postterm,
                    "day",
                    "begin",
                    "--clerk",
                    clerk["user_id"],
                    "--counted",
                    "500x4",
                    "--pin-stdin",
                    "--config",
                    str(config),
                ],
                stdin=clerk["pin"] + "\n",
            )
            step(
                "first booking",
                [sys.executable, "-c", FIRST_BOOKING, str(config), clerk["user_id"]],
                stdin=clerk["pin"] + "\n",
            )
        finally:
            sims.close()
            central.stop()
    parts = ", ".join(f"{name} {wall:.2f} s ({cpu:.2f} s CPU)" for name, wall, cpu in steps)
    print(
        f"golive      setup by flags + enrolment + doctor + day-begin + first booking: "
        f"{sum(s[1] for s in steps):.2f} s wall, {sum(s[2] for s in steps):.2f} s CPU "
        f"(target < 30 s)\n            {parts}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("POSTTERM_TEST_DATABASE_URL"))
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=1_000)
    parser.add_argument("--offices", type=int, default=200)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--only", choices=("migrate", "doctor", "golive"), default=None)
    parser.add_argument("--runs", type=int, default=5, help="doctor runs")
    args = parser.parse_args()
    print(f"golive bench: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    if args.only in (None, "golive"):
        golive_figure()
    if args.only in (None, "doctor"):
        doctor_figure(args.runs)
    if args.only in ("doctor", "golive"):
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "export"
        folder.mkdir()
        rows = make_export(folder, args.offices, args.users, args.articles)
        print(
            f"migrate: export of {args.offices} offices, "
            f"{args.users} users, {args.articles} articles, {rows} rows in all "
            "(wall time of `postterm central admin migrate`, start-up included)"
        )
        if args.pg:
            name = f"postterm_golive_{os.getpid()}"
            maker = create_engine(args.pg, isolation_level="AUTOCOMMIT")
            with maker.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(args.pg).set(database=name).render_as_string(hide_password=False)
                run("postgresql", url, folder, rows)
            finally:
                with maker.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if not args.no_sqlite:
            run("sqlite", f"sqlite:///{tmp}/central.sqlite3", folder, rows)


if __name__ == "__main__":
    main()
