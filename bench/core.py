"""Figures for the pure core: quote() and PIN lookup latency, and core's import time.

Run: uv run python bench/core.py   (prints figures; it is a benchmark, not a test)
Targets on the 2-core machine: quote p99 <= 200 us, PIN lookup p99 <= 100 us,
import of postterm.core <= 150 ms.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date

CORE_MODULES = ("money", "s10", "pincode", "route", "digipin", "tariff", "tariff_book", "journal")


def percentiles(samples_ns: list[int]) -> tuple[float, float]:
    ordered = sorted(samples_ns)
    p50 = ordered[len(ordered) // 2] / 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] / 1000
    return p50, p99


def timed(calls: list[Callable[[], object]]) -> list[int]:
    samples = []
    for call in calls:
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)
    return samples


def import_time_ms(runs: int = 7) -> tuple[float, float]:
    """Median wall time of a fresh interpreter importing core, minus a bare interpreter."""
    modules = ", ".join(f"postterm.core.{m}" for m in CORE_MODULES)

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return (time.perf_counter() - start) * 1000

    bare = statistics.median(run("pass") for _ in range(runs))
    full = statistics.median(run(f"import {modules}") for _ in range(runs))
    return full - bare, full


def main() -> None:
    from postterm.core.pincode import PinDirectory
    from postterm.core.route import route_between
    from postterm.core.tariff import QuoteRequest, quote
    from postterm.core.tariff_book import packaged_book

    rng = random.Random(2026)
    book = packaged_book()
    directory = PinDirectory()
    directory.warm_up()
    all_pins = directory.all_pins()
    pins = rng.sample(all_pins, 2000)

    # PIN lookup: first sight of a PIN (reads the directory) and a repeat (served from cache).
    for pin in rng.sample(all_pins, 200):
        PinDirectory().lookup(pin)  # warm the interpreter and SQLite page cache
    cold = timed([lambda p=pin: directory.lookup(p) for pin in pins])  # type: ignore[misc]
    warm = timed([lambda p=pin: directory.lookup(p) for pin in pins])  # type: ignore[misc]

    routes = [route_between(directory, "476337", pin) for pin in pins[:500]]
    requests = [
        QuoteRequest(
            service=rng.choice(["speedpost-document", "speedpost-parcel"]),
            on=date(2026, 1, 15),
            weight_grams=rng.randint(1, 500),
            registered=rng.random() < 0.5,
            pod=rng.random() < 0.2,
        )
        for _ in range(5000)
    ]
    pairs = [(r, rng.choice(routes)) for r in requests]
    calls = [lambda r=r, rt=rt: quote(book, r, rt) for r, rt in pairs]  # type: ignore[misc]
    timed(calls[:500])  # warm-up
    quotes = timed(calls)
    route_calls = [lambda p=pin: route_between(directory, "476337", p) for pin in pins]  # type: ignore[misc]
    routes_ns = timed(route_calls)

    core_ms, total_ms = import_time_ms()
    print("postterm core figures")
    row("quote()", quotes, "(target p99 <= 200 us)")
    row("PIN lookup, first", cold, "(target p99 <= 100 us)")
    row("PIN lookup, repeat", warm, "(served from the cache)")
    row("route (2 lookups)", routes_ns, "")
    print(
        f"  import postterm.core: {core_ms:7.1f} ms over a bare interpreter "
        f"({total_ms:.1f} ms in all; target <= 150 ms)"
    )


def row(label: str, samples: list[int], target: str) -> None:
    p50, p99 = percentiles(samples)
    print(f"  {label + ':':<21} p50 {p50:7.1f} us   p99 {p99:7.1f} us   {target}")


if __name__ == "__main__":
    main()
