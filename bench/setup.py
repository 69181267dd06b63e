"""Figure for going live: `postterm setup` by flags + enrolment, with simulated devices.

Run: uv run python bench/setup.py [--rounds 3] [--probe]
Starts a central (`postterm central serve`, SQLite) on a free port, a CAS scale and an ESC/POS
printer simulator on ptys, then runs `postterm setup --non-interactive ... --code CODE --json`
as a subprocess, each round with a fresh code and data directory, and prints the wall time
(process start to exit, the interpreter's start-up included) and the CPU time the setup
process used. With --probe each run also probes the scale's and printer's ports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.sim.printer_sim import PrinterSimulator
from drivers.sim.pty_port import PtyPort
from drivers.sim.scale_sim import ScaleSimulator
from tests.support.live_central import LiveCentral


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--probe", action="store_true")
    args = parser.parse_args()
    postterm = str(Path(sys.executable).parent / "postterm")
    with tempfile.TemporaryDirectory(prefix="bench-setup-") as folder_name:
        folder = Path(folder_name)
        central = LiveCentral(
            f"sqlite:///{folder}/central.sqlite", log_path=folder / "central.log"
        ).prepare()
        central.new_code()
        central.start()
        scale = ScaleSimulator("cas", PtyPort())
        printer = PrinterSimulator(PtyPort(), out=folder / "paper.txt")
        scale.start()
        printer.start()
        scale.set_weight(1250)
        walls, cpus = [], []
        try:
            for n in range(args.rounds):
                code = central.new_code(f"B{n}")
                argv = [
                    postterm,
                    "setup",
                    "--non-interactive",
                    "--office",
                    "476337",
                    "--counter",
                    f"B{n}",
                    "--counter-name",
                    f"Counter B{n}",
                    "--central",
                    central.url,
                    "--code",
                    code,
                    "--data-dir",
                    str(folder / f"data{n}"),
                    "--scale-url",
                    scale.address,
                    "--scale-protocol",
                    "cas",
                    "--printer-url",
                    printer.address,
                    "--config-out",
                    str(folder / f"postterm{n}.toml"),
                    "--json",
                ]
                if args.probe:
                    argv.append("--probe")
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                done = subprocess.run(
                    argv,
                    capture_output=True,
                    text=True,
                    check=False,
                    env={**os.environ, "POSTTERM_CONFIG": ""},
                )
                walls.append(time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
                if done.returncode != 0:
                    raise SystemExit(f"setup failed: {done.stderr.strip()}")
                answer = json.loads(done.stdout)
                assert answer["terminal"], answer
        finally:
            scale.close()
            printer.close()
            central.stop()
    probe = " with --probe" if args.probe else ""
    print(
        f"setup by flags + enrolment{probe}, {args.rounds} rounds: "
        f"wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}, "
        f"max {max(walls):.2f}); CPU median {statistics.median(cpus):.2f} s"
    )


if __name__ == "__main__":
    main()
