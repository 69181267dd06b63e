"""A private OpenSSH server for tests: its own host key, config and authorized key, on a
free loopback port, whose `Match User` + `ForceCommand` runs postterm for the account the
test runs as, as a deployment's sshd_config does for a counter account."""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import time
from pathlib import Path

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def sshd_available() -> bool:
    return Path(SSHD).exists() and shutil.which("ssh") is not None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateSshd:
    def __init__(self, folder: Path, force_command: str) -> None:
        self.folder = folder
        self.account = getpass.getuser()
        self.port = free_port()
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("host_key", "client_key"):
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)],
                check=True,
                capture_output=True,
            )
        (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
        (folder / "authorized_keys").chmod(0o600)
        root = "PermitRootLogin prohibit-password\n" if os.getuid() == 0 else ""
        (folder / "sshd_config").write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {folder}/host_key\n"
            f"PidFile {folder}/sshd.pid\nAuthorizedKeysFile {folder}/authorized_keys\n"
            "PubkeyAuthentication yes\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
            + root
            + "ClientAliveInterval 15\nClientAliveCountMax 3\nPrintMotd no\nPrintLastLog no\n"
            "AcceptEnv LANG LC_*\n"
            f"Match User {self.account}\n    PermitTTY yes\n"
            f"    ForceCommand {force_command}\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        Path("/run/sshd").mkdir(exist_ok=True) if os.getuid() == 0 else None
        self.process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(self.folder / "sshd_config")],
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "sshd.log", "wb"),  # noqa: SIM115  (closed with the process)
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "sshd did not start: " + (self.folder / "sshd.log").read_text(errors="replace")
                )
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("sshd did not listen in 10 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(5)

    def client_command(self, *, port: int | None = None) -> str:
        """The `ssh -tt` command a clerk's PC runs (through a proxy at `port`, if given)."""
        return shlex.join(
            [
                "ssh",
                "-tt",
                "-p",
                str(port or self.port),
                "-i",
                str(self.folder / "client_key"),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "LogLevel=ERROR",
                "-F",
                "/dev/null",
                f"{self.account}@127.0.0.1",
            ]
        )
