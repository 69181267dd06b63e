"""`postterm reprint`: the first DUPLICATE is free, a later one needs a supervisor; with no
printer configured the receipt's text goes to stdout."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_counter_verbs import BOOK, run
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN, enrol_on_disk


def test_reprint_duplicates_and_asks_a_supervisor_beyond_the_first(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "0",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    assert run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n").returncode == 0

    first = run(
        tmp_path, "reprint", "EE123456785IN", "--clerk", "C1", "--pin-stdin", stdin=CLERK_PIN + "\n"
    )
    assert first.returncode == 0, first.stderr
    assert "SPEED POST BOOKING - DUPLICATE 1" in first.stdout
    assert "EE123456785IN" in first.stdout and "Rs.55.00" in first.stdout

    alone = run(
        tmp_path,
        "reprint",
        "EE123456785IN",
        "--clerk",
        "C1",
        "--pin-stdin",
        "--json",
        stdin=CLERK_PIN + "\n",
    )
    assert alone.returncode == 2 and "needs a supervisor" in json.loads(alone.stdout)["error"]

    approved = run(
        tmp_path,
        "reprint",
        "2",
        "--clerk",
        "C1",
        "--supervisor",
        "S1",
        "--pin-stdin",
        "--json",
        stdin=f"{CLERK_PIN}\n{SUPERVISOR_PIN}\n",
    )
    assert approved.returncode == 0, approved.stderr
    answer = json.loads(approved.stdout)
    assert (answer["seq"], answer["copy"], answer["printed"]) == (2, 2, False)
    assert "DUPLICATE 2" in answer["text"]


def test_a_voided_receipt_reprints_marked_void_above_the_amounts(tmp_path: Path) -> None:
    """A voided booking reprinted as an ordinary "PAID" receipt."""
    enrol_on_disk(tmp_path)
    run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "0",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n")
    voided = run(
        tmp_path,
        "void",
        "EE123456785IN",
        "--reason",
        "wrong address",
        "--supervisor",
        "S1",
        "--pin-stdin",
        stdin=SUPERVISOR_PIN + "\n",
    )
    assert voided.returncode == 0, voided.stderr
    done = run(
        tmp_path, "reprint", "EE123456785IN", "--clerk", "C1", "--pin-stdin", stdin=CLERK_PIN + "\n"
    )
    assert done.returncode == 0, done.stderr
    paper = done.stdout.splitlines()
    assert "VOID SPEED POST BOOKING - DUPLICATE 1" in done.stdout
    void = paper.index("*** VOID - NOT A VALID RECEIPT ***")
    assert void < min(i for i, line in enumerate(paper) if line.startswith(("Total", "Paid")))
    assert not any(line.startswith("PAID") for line in paper)


def test_a_reprint_the_printer_failed_does_not_use_up_the_free_copy(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "0",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n")
    config = tmp_path / "postterm.toml"
    config.write_text('[devices.printer]\nurl = "socket://127.0.0.1:9"\n', encoding="utf-8")
    for _ in range(2):  # nothing listens there: the printer fails, twice, without a supervisor
        failed = run(
            tmp_path,
            "reprint",
            "EE123456785IN",
            "--clerk",
            "C1",
            "--pin-stdin",
            "--json",
            "--config",
            str(config),
            stdin=CLERK_PIN + "\n",
        )
        assert failed.returncode == 1, failed.stderr
        answer = json.loads(failed.stdout)
        assert (answer["copy"], answer["printed"]) == (1, False) and answer["reason"]
    first = run(
        tmp_path, "reprint", "EE123456785IN", "--clerk", "C1", "--pin-stdin", stdin=CLERK_PIN + "\n"
    )
    assert first.returncode == 0 and "DUPLICATE 1" in first.stdout, first.stderr


def _booked_with_desk_printer(tmp_path: Path) -> Path:
    enrol_on_disk(tmp_path)
    run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "0",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )
    assert run(tmp_path, *BOOK, stdin=CLERK_PIN + "\n").returncode == 0
    config = tmp_path / "desk.toml"
    config.write_text('[devices.printer]\nurl = "passthrough:"\n', encoding="utf-8")
    return config


def test_a_desk_printer_never_writes_its_bytes_into_json_or_a_pipe(tmp_path: Path) -> None:
    config = _booked_with_desk_printer(tmp_path)
    as_json = run(
        tmp_path,
        "reprint",
        "EE123456785IN",
        "--clerk",
        "C1",
        "--pin-stdin",
        "--json",
        "--config",
        str(config),
        stdin=CLERK_PIN + "\n",
    )
    assert as_json.returncode == 2
    assert "\x1b" not in as_json.stdout
    assert "passthrough" in json.loads(as_json.stdout)["error"]
    piped = run(
        tmp_path,
        "reprint",
        "EE123456785IN",
        "--clerk",
        "C1",
        "--pin-stdin",
        "--config",
        str(config),
        stdin=CLERK_PIN + "\n",
    )
    assert piped.returncode == 2 and piped.stdout == ""
    assert len(piped.stderr.splitlines()) == 1 and "clerk's terminal" in piped.stderr
    # refused before anything was recorded: the free copy is still there
    first = run(
        tmp_path, "reprint", "EE123456785IN", "--clerk", "C1", "--pin-stdin", stdin=CLERK_PIN + "\n"
    )
    assert first.returncode == 0 and "DUPLICATE 1" in first.stdout, first.stderr


def test_on_the_clerks_terminal_a_reprint_goes_to_the_desk_printer(tmp_path: Path) -> None:
    import os
    import pty
    import select
    import subprocess
    import sys

    from drivers.printer.passthrough import printed_part

    config = _booked_with_desk_printer(tmp_path)
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    verb = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "postterm",
            "reprint",
            "EE123456785IN",
            "--clerk",
            "C1",
            "--pin-stdin",
            "--config",
            str(config),
            "--data-dir",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    assert verb.stdin is not None
    verb.stdin.write((CLERK_PIN + "\n").encode())
    verb.stdin.close()
    output = b""
    while select.select([master], [], [], 30)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the verb has ended and closed the terminal
            break
        if not chunk:
            break
        output += chunk
    assert verb.wait(30) == 0, verb.stderr.read() if verb.stderr else ""
    os.close(master)
    [job] = printed_part(output)
    assert b"SPEED POST BOOKING - DUPLICATE 1\n" in job and b"\r\n" not in job
    assert b"DUPLICATE 1 sent to the desk printer" in output.split(b"\x1b[4i")[-1]
