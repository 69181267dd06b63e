"""The scale on a clerk's desk, as a process of its own: a simulated CAS scale on a pty,
served over RFC 2217 (what ser2net or a Windows RFC 2217 server does on the clerk's PC).

    python -m tests.ssh.desk_scale GRAMS

prints the `rfc2217://` URL on one line, then takes `weight N` lines on stdin until its end.
"""

from __future__ import annotations

import sys

from drivers.sim.pty_port import PtyPort
from drivers.sim.scale_sim import ScaleSimulator
from tests.support.rfc2217_server import Rfc2217Server


def main() -> None:
    scale = ScaleSimulator("cas", PtyPort())
    scale.start()
    scale.set_weight(int(sys.argv[1]) if len(sys.argv) > 1 else 250)
    server = Rfc2217Server(scale.address)
    server.start()
    print(server.url, flush=True)
    try:
        for line in sys.stdin:
            print(scale.handle(line.strip()), flush=True)
    finally:
        server.stop()
        scale.close()


if __name__ == "__main__":
    main()
