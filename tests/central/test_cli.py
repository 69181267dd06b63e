"""`postterm central admin ...` as an administrator uses it: text or one JSON object, one-line
errors, exit 0 / 1 (not found) / 2 (bad input)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from postterm.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkey_stdin = io.StringIO(stdin)
    import sys

    saved, sys.stdin = sys.stdin, monkey_stdin
    try:
        with pytest.raises(SystemExit) as exited:
            main(list(args))
    finally:
        sys.stdin = saved
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'central.sqlite3'}"


def test_seed_demo_prints_ids_pins_and_a_code_as_one_json_object(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, _ = run(capsys, "central", "admin", "seed-demo", "--db", db, "--json")
    assert code == 0
    seeded = json.loads(out)
    assert seeded["office"] == {
        "office_id": "476337-SO",
        "pin": "476337",
        "name": "Sheopur S.O",
        "office_type": "SO",
        "gstin": "23AAAGD0000P1Z5",
        "upi_vpa": "sheopur.so@ippb",
        "upi_payee": "India Post Sheopur",
    }
    assert [(u["role"], len(u["pin"])) for u in seeded["users"]] == [
        ("clerk", 6),
        ("supervisor", 6),
    ]
    assert len(seeded["enrolment"]["code"]) == 14
    again = json.loads(run(capsys, "central", "admin", "seed-demo", "--db", db, "--json")[1])
    assert [u["user_id"] for u in again["users"]] == [u["user_id"] for u in seeded["users"]]
    assert again["enrolment"]["code"] != seeded["enrolment"]["code"]


def test_seed_demo_refuses_a_database_holding_another_office(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    run(capsys, "central", "admin", "create-office", "--pin", "110001", "--name", "New Delhi GPO",
        "--type", "HO", "--db", db)  # fmt: skip
    code, out, err = run(capsys, "central", "admin", "seed-demo", "--db", db)
    assert code == 2 and out == "" and err.count("\n") == 1 and "110001-HO" in err
    code, out, _ = run(capsys, "central", "admin", "terminals", "--db", db)
    code, out, err = run(capsys, "central", "admin", "enrol-code", "--office", "476337-SO",
                         "--db", db)  # fmt: skip
    assert code == 1  # the demo office was not made


def test_seed_demo_never_changes_an_existing_user_nor_prints_the_callback_secret(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    from sqlalchemy import select

    from postterm.central.db import make_engine
    from postterm.central.models import CentralUser, table

    run(capsys, "central", "admin", "create-office", "--pin", "476337", "--name", "Sheopur S.O",
        "--db", db)  # fmt: skip
    run(capsys, "central", "admin", "create-user", "--office", "476337-SO", "--name",
        "Asha Verma", "--pin-stdin", "--db", db, stdin="97531864\n")  # fmt: skip
    users = table(CentralUser)
    engine = make_engine(db)
    with engine.connect() as conn:
        before = conn.execute(select(users.c.user_id, users.c.pin_hash)).all()
    code, out, err = run(capsys, "central", "admin", "seed-demo", "--db", db, "--json")
    assert code == 0, err
    seeded = json.loads(out)
    asha = next(u for u in seeded["users"] if u["name"] == "Asha Verma")
    assert asha["user_id"] == "476337-SO-01" and asha["pin"] is None
    with engine.connect() as conn:
        after = dict(conn.execute(select(users.c.user_id, users.c.pin_hash)).all())
    engine.dispose()
    assert all(after[user_id] == pin_hash for user_id, pin_hash in before)
    _, secret, _ = run(capsys, "central", "admin", "upi-secret", "--db", db)
    assert secret.strip() not in out and "callback_secret" not in out
    code, text, _ = run(capsys, "central", "admin", "seed-demo", "--db", db)
    assert code == 0 and "476337-SO-02" in text and secret.strip() not in text


def test_an_office_can_be_updated_and_bad_values_are_one_line(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    run(capsys, "central", "admin", "create-office", "--pin", "476001", "--name", "Morena H.O",
        "--type", "HO", "--db", db)  # fmt: skip
    code, out, _ = run(capsys, "central", "admin", "update-office", "476001-HO", "--gstin",
                       "23aaagd1234p1z3", "--upi-payee", "India Post Morena", "--json",
                       "--db", db)  # fmt: skip
    assert code == 0 and json.loads(out) == {
        "office_id": "476001-HO",
        "pin": "476001",
        "name": "Morena H.O",
        "office_type": "HO",
        "gstin": "23AAAGD1234P1Z3",
        "upi_vpa": None,
        "upi_payee": "India Post Morena",
    }
    code, _, err = run(capsys, "central", "admin", "update-office", "476001-HO", "--gstin",
                       "12345", "--db", db)  # fmt: skip
    assert code == 2 and err.startswith("postterm: --gstin: ") and err.count("\n") == 1
    code, _, err = run(capsys, "central", "admin", "update-office", "476001-HO", "--db", db)
    assert code == 2 and err.count("\n") == 1


def test_office_user_code_and_terminal_commands(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, _ = run(
        capsys,
        "central",
        "admin",
        "create-office",
        "--pin",
        "476001",
        "--name",
        "Morena H.O",
        "--type",
        "HO",
        "--db",
        db,
    )
    assert (code, out) == (
        0,
        "office 476001-HO: Morena H.O (HO, 476001); GSTIN not set; no UPI payee\n",
    )
    code, out, _ = run(
        capsys,
        "central", "admin", "create-user", "--office", "476001-HO", "--name", "Meena",
        "--role", "supervisor", "--pin-stdin", "--json", "--db", db,
        stdin="864209\n",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["user_id"] == "476001-HO-01"
    code, out, _ = run(
        capsys,
        "central",
        "admin",
        "enrol-code",
        "--office",
        "476001-HO",
        "--counter",
        "C3",
        "--db",
        db,
    )
    assert code == 0 and "counter C3 of 476001-HO; one use" in out
    code, out, _ = run(capsys, "central", "admin", "terminals", "--db", db)
    assert (code, out) == (0, "no terminals\n")


def test_bad_input_is_one_line_and_exit_2_unknown_terminal_exit_1(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, _, err = run(
        capsys, "central", "admin", "create-office", "--pin", "12345", "--name", "X", "--db", db
    )
    assert (code, err) == (
        2,
        "postterm: office PIN must be 6 digits not starting with 0, got '12345'\n",
    )
    code, _, err = run(
        capsys, "central", "admin", "create-user", "--office", "nowhere", "--name", "X",
        "--pin-stdin", "--db", db,
        stdin="123456\n",
    )  # fmt: skip
    assert (code, err) == (1, "postterm: no office 'nowhere'\n")
    code, out, err = run(capsys, "central", "admin", "resume", "T-none", "--json", "--db", db)
    assert code == 1 and json.loads(out) == {"error": "no terminal 'T-none'"}
    code, _, err = run(capsys, "central", "admin", "terminals", "--db", "nosuchdb://x")
    assert code == 2 and err.startswith("postterm: --db: not a usable database URL")


def test_the_central_verb_does_not_load_fastapi_until_a_command_runs() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, postterm.cli.central_verb; "
        "print('fastapi' in sys.modules, 'sqlalchemy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "False"]
