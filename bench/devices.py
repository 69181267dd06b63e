"""Device figures: receipt size and time on a 9600-baud line, stable->reading latency per
scale protocol, and the CPU an idle polling scale costs. Run by hand:

    uv run python bench/devices.py [--seconds 10] [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from drivers.printer.render import render
from drivers.scale.driver import Scale, ScaleEvent, link_for
from drivers.scale.protocol import PROTOCOLS
from drivers.scale.reading import Fault, FaultKind, Reading
from drivers.sim.pty_port import PtyPort
from drivers.sim.scale_sim import ScaleSimulator
from postterm.devices.receipt_layout import document_for
from postterm.devices.sample_receipt import sample_booking_receipt

BITS_PER_BYTE_8N1 = 10


def receipt_figures() -> None:
    receipt = sample_booking_receipt()
    started = time.perf_counter()
    render(document_for(receipt))
    first_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    data = render(document_for(receipt))
    render_ms = (time.perf_counter() - started) * 1000
    seconds = len(data) * BITS_PER_BYTE_8N1 / 9600
    print(
        f"receipt: {receipt.line_count()} lines + Code 128 + native QR = {len(data)} bytes "
        f"of ESC/POS (target <= 1536); {seconds:.2f} s at 9600 baud 8N1 (target < 2 s); "
        f"rendered in {render_ms:.1f} ms ({first_ms:.0f} ms the first time, importing escpos)"
    )


def latency_figures(rounds: int) -> None:
    print(f"stable -> reading latency ({rounds} rounds each; the simulator turns stable at t0):")
    for name, protocol in PROTOCOLS.items():
        sim = ScaleSimulator(name, PtyPort())
        sim.start()
        arrived = threading.Event()
        wanted = {"grams": -1}
        scale = Scale(
            link_for(protocol, sim.address), protocol, on_event=_listener(arrived, wanted)
        )
        scale.start()
        samples: list[float] = []
        try:
            for i in range(rounds):
                grams = 1000 + i
                sim.motion()
                sim.set_weight(grams)
                _wait_moving(scale, grams)
                arrived.clear()
                wanted["grams"] = grams
                time.sleep(random.uniform(0, protocol.poll_interval_s))  # settle at any moment
                t0 = time.monotonic()
                sim.stable()
                if not arrived.wait(2):
                    print(f"  {name}: no reading within 2 s in round {i}")
                    continue
                samples.append((time.monotonic() - t0) * 1000)
        finally:
            scale.stop()
            sim.close()
        samples.sort()
        p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
        print(
            f"  {name:<11} median {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms   "
            f"max {samples[-1]:6.1f} ms   (target <= 300 ms)"
        )


def _listener(arrived: threading.Event, wanted: dict[str, int]) -> Callable[[ScaleEvent], None]:
    def heard(event: ScaleEvent) -> None:
        if isinstance(event, Reading) and event.stable and event.grams == wanted["grams"]:
            arrived.set()

    return heard


def _wait_moving(scale: Scale, grams: int) -> None:
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        latest, fault = scale.latest, scale.fault
        if fault is not None and fault.kind is FaultKind.MOTION:
            return
        if latest is not None and not latest.stable and latest.grams == grams:
            return
        time.sleep(0.005)


def idle_cpu_figures(seconds: float) -> None:
    print(
        f"idle scale, CPU of the driver's process over {seconds:g} s "
        "(simulator in another process; target < 1 % of a core):"
    )
    for name in ("toledo8217", "cas"):
        with tempfile.TemporaryDirectory() as tmp:
            link = Path(tmp) / "scale"
            simulator = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from postterm.cli import main; main()",
                    "sim",
                    "scale",
                    "--protocol",
                    name,
                    "--link",
                    str(link),
                    "--weight",
                    "1250",
                    "--hold",
                ],
                stdout=subprocess.DEVNULL,
            )
            try:
                while not link.exists():
                    time.sleep(0.05)
                protocol = PROTOCOLS[name]
                scale = Scale(link_for(protocol, str(link)), protocol)
                scale.start()
                if isinstance(scale.wait_usable(3), Fault):
                    print(f"  {name}: no reading")
                    continue
                polls = "polled 5 times a second" if protocol.poll else "streaming 10 lines/s"
                cpu0, wall0 = time.process_time(), time.monotonic()
                time.sleep(seconds)
                cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
                scale.stop()
                print(
                    f"  {name:<11} {polls}: {cpu * 1000:.0f} ms CPU in {wall:.1f} s = "
                    f"{100 * cpu / wall:.2f} % of a core"
                )
            finally:
                simulator.terminate()
                simulator.wait(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="idle CPU window")
    parser.add_argument("--rounds", type=int, default=20, help="latency rounds per protocol")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    receipt_figures()
    latency_figures(args.rounds)
    idle_cpu_figures(args.seconds)


if __name__ == "__main__":
    main()
