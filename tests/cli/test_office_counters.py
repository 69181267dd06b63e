"""One settings file for several counters of an office: `--counter`, the SSH log-in name,
and the writer lock that says who holds a counter and lets an account take its own
session over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from postterm.store.journal_store import DB_NAME, Journal
from postterm.store.writer_lock import WriterBusy
from tests.support.enrolled import enrol_on_disk

OFFICE = """\
[counters.C1]
name = "Counter 1"
data_dir = "{root}/c1"
ssh_users = ["counter1"]

[counters.C2]
data_dir = "{root}/c2"
ssh_users = ["counter2", "relief"]
"""


def postterm(config: Path, *args: str, account: str = "admin") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    env.update(USER=account, LOGNAME=account)
    return subprocess.run(
        [sys.executable, "-m", "postterm", *args, "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.fixture
def office(tmp_path: Path) -> Path:
    config = tmp_path / "office.toml"
    config.write_text(OFFICE.format(root=tmp_path), encoding="utf-8")
    enrol_on_disk(tmp_path / "c2")
    return config


def test_counter_picks_that_counters_data_directory(office: Path, tmp_path: Path) -> None:
    two = postterm(office, "journal", "verify", "--json", "--counter", "C2")
    assert two.returncode == 0, two.stderr
    assert json.loads(two.stdout)["ok"] is True
    one = postterm(office, "status", "--counter", "C1")
    assert one.returncode == 2 and f"not enrolled ({tmp_path}/c1)" in one.stderr


def test_the_log_in_name_chooses_the_counter(office: Path, tmp_path: Path) -> None:
    chosen = postterm(office, "journal", "verify", "--json", account="relief")
    assert chosen.returncode == 0, chosen.stderr
    other = postterm(office, "status", account="counter1")
    assert other.returncode == 2 and f"({tmp_path}/c1)" in other.stderr


def test_no_counter_chosen_or_an_unknown_one_is_one_line_exit_2(office: Path) -> None:
    unknown = postterm(office, "status", "--counter", "C9")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines() == [
        "postterm: --counter: no counter 'C9' in the settings (counters: C1, C2)"
    ]
    none = postterm(office, "status", account="stranger")
    assert none.returncode == 2 and len(none.stderr.strip().splitlines()) == 1
    assert "choose one with --counter" in none.stderr and "'stranger'" in none.stderr


def test_an_account_given_to_two_counters_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "office.toml"
    config.write_text(
        OFFICE.format(root=tmp_path).replace('"relief"', '"counter1"'), encoding="utf-8"
    )
    refused = postterm(config, "status", "--counter", "C2")
    assert refused.returncode == 2 and "'counter1' is given to counters C1 and C2" in refused.stderr


def test_every_counter_verb_takes_counter() -> None:
    from click.testing import CliRunner

    from postterm.cli import _build

    for verb in (
        ["run"],
        ["status"],
        ["sync"],
        ["book"],
        ["journal", "verify"],
        ["journal", "export"],
        ["day", "begin"],
        ["day", "end"],
        ["void"],
        ["reprint"],
        ["enroll"],
    ):
        shown = CliRunner().invoke(_build(), [*verb, "--help"])
        assert "--counter" in shown.output, verb


def _holder(data_dir: Path, account: str, *, nohup: bool = False) -> subprocess.Popen[str]:
    """A process holding the counter as a session (`postterm run`) of `account`; `nohup`:
    started with SIGHUP ignored, as `nohup` starts it."""
    env = dict(os.environ, USER=account, LOGNAME=account)
    ignore = "import signal; signal.signal(signal.SIGHUP, signal.SIG_IGN); " if nohup else ""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            ignore + "import sys, time; from pathlib import Path; "
            "from postterm.store.writer_lock import "
            "WriterLock; lock = WriterLock(Path(sys.argv[1])); "
            "lock.acquire(who='postterm run', session=True); "
            "print('held', flush=True); time.sleep(60)",
            str(data_dir / f"{DB_NAME}.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_session_of_another_account_is_refused_naming_who_and_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = _holder(tmp_path, "counter1")
    try:
        monkeypatch.setenv("USER", "relief")
        monkeypatch.setenv("LOGNAME", "relief")
        with pytest.raises(WriterBusy) as busy:
            Journal(tmp_path, write=True, wait_s=0.3, session=True)
        assert f"postterm run (pid {holder.pid}, since " in str(busy.value)
        assert "account counter1)" in str(busy.value)
        assert holder.poll() is None  # the other account's session goes on
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("nohup", [False, True], ids=["session", "session started by nohup"])
def test_the_same_account_takes_its_own_session_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nohup: bool
) -> None:
    holder = _holder(tmp_path, "counter2", nohup=nohup)
    try:
        monkeypatch.setenv("USER", "counter2")
        monkeypatch.setenv("LOGNAME", "counter2")
        started = time.monotonic()
        with Journal(tmp_path, write=True, wait_s=0.3, session=True) as journal:
            assert journal.writable
        assert holder.wait(timeout=5) == -signal.SIGHUP  # hung up, as a dropped link does
        assert time.monotonic() - started < 10
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_a_cli_verb_never_takes_a_session_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = _holder(tmp_path, "counter2")
    try:
        monkeypatch.setenv("USER", "counter2")
        with pytest.raises(WriterBusy):
            Journal(tmp_path, write=True, wait_s=0.3)
        assert holder.poll() is None
    finally:
        holder.kill()
        holder.wait()


def test_a_directory_of_settings_files_reads_as_one(tmp_path: Path) -> None:
    folder = tmp_path / "postterm.d"
    folder.mkdir()
    (folder / "00-office.toml").write_text('[central]\nurl = "http://10.0.0.5:8470"\n')
    (folder / "c2.toml").write_text(
        f'[counters.C2]\ndata_dir = "{tmp_path}/c2"\nssh_users = ["counter2"]\n'
    )
    enrol_on_disk(tmp_path / "c2")
    chosen = postterm(folder, "journal", "verify", "--json", account="counter2")
    assert chosen.returncode == 0, chosen.stderr

    (folder / "c3.toml").write_text('[counters.C3]\nssh_users = ["counter2"]\nbaud = 1\n')
    refused = postterm(folder, "status", account="counter2")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        f"postterm: {folder}/c3.toml:3: counters.C3.baud: unknown setting"
    )

    (folder / "c3.toml").write_text('[central]\nurl = "http://10.0.0.6:8470"\n')
    twice = postterm(folder, "status", account="counter2")
    assert twice.returncode == 2 and twice.stderr.strip() == (
        f"postterm: {folder}/c3.toml: central.url: also set in {folder}/00-office.toml: "
        "set it in one file"
    )
