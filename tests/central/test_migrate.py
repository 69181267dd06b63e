"""`postterm central admin migrate DIR` as an administrator going live uses it, on SQLite and
PostgreSQL: exports as old systems write them, refusals at their lines, reruns, conflicts,
and balances that need two supervisors."""

from __future__ import annotations

import io
import json
import os
import pty
import select as poll
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from postterm.central.models import CentralUser, Office, table
from postterm.cli import main
from tests.central.entries import CounterJournal
from tests.central.exports import (
    ARTICLES,
    ASHA,
    SHEOPUR,
    USERS,
    bad_check_digit,
    office_export,
    write,
)
from tests.central.terminals import enrol


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        with pytest.raises(SystemExit) as exited:
            main(list(args))
    finally:
        sys.stdin = saved
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def migrate(
    capsys: pytest.CaptureFixture[str], db_url: str, folder: Path, *extra: str
) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, err = run(
        capsys,
        "central",
        "admin",
        "migrate",
        str(folder),
        "--db",
        db_url,
        "--report",
        str(folder / "report.json"),
        "--json",
        *extra,
    )
    assert out, err
    return code, json.loads(out)


def test_an_export_with_bom_crlf_and_devanagari_is_imported_and_tracked_everywhere(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    engine: Engine,
    client: TestClient,
    tmp_path: Path,
) -> None:
    export = office_export(tmp_path / "export", bom=True, crlf=True)
    code, report = migrate(capsys, db_url, export.folder)
    assert code == 0, report
    assert {n: (f["read"], f["imported"], f["rejected"]) for n, f in report["files"].items()} == {
        "offices.csv": (3, 3, []),
        "users.csv": (3, 3, []),
        "articles.csv": (3, 3, []),
        "balances.csv": (3, 3, []),
    }
    assert report["articles_by_office"] == {export.so: 3}
    with engine.connect() as conn:
        name = conn.execute(
            select(table(Office).c.name).where(table(Office).c.office_id == export.so)
        ).scalar_one()
        users = {
            r.user_id: r
            for r in conn.execute(
                select(table(CentralUser)).where(table(CentralUser).c.office_id == export.so)
            )
        }
    assert name.encode("utf-8") == SHEOPUR.encode("utf-8")
    assert users[export.clerk].name == ASHA and users[export.clerk].mobile == "9876543210"
    assert users[export.supervisors[1]].role == "supervisor"  # postmaster
    assert all(u.must_change_pin for u in users.values())
    # one-time PINs: printed once, never in the saved report
    pins = {p["user_id"]: p["pin"] for p in report["pins"]}
    assert set(pins) == set(users) and all(len(p) == 12 for p in pins.values())
    saved = (export.folder / "report.json").read_text(encoding="utf-8")
    assert "pins" not in json.loads(saved) and not any(p in saved for p in pins.values())
    # tracking at a counter of any office shows the history; the office master says "set
    # your own PIN"
    elsewhere = enrol(client, engine, export.ho)
    seen = client.get(f"/v1/tracking/{export.articles[0]}", headers=elsewhere.auth).json()
    assert [(e["event"], e["office_id"]) for e in seen["events"]] == [
        ("booked", export.so),
        ("dispatched", export.ho),
    ]
    own = enrol(client, engine, export.so)
    master = client.get("/v1/master/office", headers=own.auth).json()
    assert {u["user_id"]: u["must_change_pin"] for u in master["users"]} == {u: True for u in users}
    # the office's own GSTIN and UPI payee reach its counters
    assert {k: master["office"][k] for k in ("gstin", "upi_vpa", "upi_payee")} == {
        "gstin": "23AAAGI0123A1Z5",
        "upi_vpa": "sheopur.so@sbi",
        "upi_payee": "Sheopur SO",
    }


def test_a_second_run_says_unchanged_and_prints_no_pins(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    export = office_export(tmp_path / "export")
    assert migrate(capsys, db_url, export.folder)[0] == 0
    code, out, _ = run(
        capsys,
        "central",
        "admin",
        "migrate",
        str(export.folder),
        "--db",
        db_url,
        "--report",
        str(tmp_path / "again.json"),
    )
    assert code == 0
    assert "offices.csv: 3 read, unchanged" in out and "articles.csv: 3 read, unchanged" in out
    assert "PIN" not in out


def test_a_dry_run_writes_nothing_and_a_missing_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], db_url: str, engine: Engine, tmp_path: Path
) -> None:
    export = office_export(tmp_path / "export")
    code, report = migrate(capsys, db_url, export.folder, "--dry-run")
    assert code == 0 and report["dry_run"] is True and report["pins"] == []
    assert report["files"]["articles.csv"]["imported"] == 3
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(table(Office)).where(table(Office).c.office_id == export.hub)
            ).first()
            is None
        )
    code, _, err = run(
        capsys, "central", "admin", "migrate", str(tmp_path / "nowhere"), "--db", db_url
    )
    assert code == 2 and "nowhere: not a folder" in err


def test_a_changed_row_is_a_conflict_and_the_imported_row_is_kept(
    capsys: pytest.CaptureFixture[str], db_url: str, engine: Engine, tmp_path: Path
) -> None:
    export = office_export(tmp_path / "export")
    assert migrate(capsys, db_url, export.folder)[0] == 0
    users = (export.folder / "users.csv").read_text(encoding="utf-8")
    (export.folder / "users.csv").write_text(
        users.replace("Ramesh Gupta", "Ramesh Kumar"), encoding="utf-8"
    )
    code, report = migrate(capsys, db_url, export.folder)
    assert code == 1
    assert report["files"]["users.csv"]["unchanged"] == 2
    [conflict] = report["files"]["users.csv"]["conflicts"]
    assert conflict["line"] == 3 and conflict["key"] == export.supervisors[0]
    assert "the imported row is kept" in conflict["reason"]
    with engine.connect() as conn:
        name = conn.execute(
            select(table(CentralUser).c.name).where(
                table(CentralUser).c.user_id == export.supervisors[0]
            )
        ).scalar_one()
    assert name == "Ramesh Gupta"


def test_refused_rows_are_reported_at_their_lines_and_their_file_imports_nothing(
    capsys: pytest.CaptureFixture[str], db_url: str, engine: Engine, tmp_path: Path
) -> None:
    export = office_export(tmp_path / "export", articles=4, crlf=True)
    good = export.articles
    write(
        export.folder / "articles.csv",
        ARTICLES,
        [
            f"{good[0]},speedpost-parcel,2025-07-21,{export.so},110001,1200,123.90,booked,,",
            f"{good[1]},speedpost-parcel,2025-07-21,{export.so},110001,1200,123.90,booked,,",
            f"{good[0]},speedpost-parcel,2025-07-21,{export.so},110001,1200,123.90,booked,,",
            f"{good[2]},speedpost-parcel,2025-07-21,NOWHERE-SO,110001,1200,123.90,booked,,",
            f"{bad_check_digit(good[3])},speedpost-parcel,2025-07-21,{export.so},110001,1,1,"
            "booked,,",
        ],
        crlf=True,
    )
    code, report = migrate(capsys, db_url, export.folder)
    assert code == 1
    articles = report["files"]["articles.csv"]
    assert (articles["read"], articles["imported"]) == (5, 0)
    assert [(r["line"], r["column"]) for r in articles["rejected"]] == [
        (4, "article_id"),
        (5, "booking_office_id"),
        (6, "article_id"),
    ]
    reasons = [r["reason"] for r in articles["rejected"]]
    assert "duplicate of line 2" in reasons[0]
    assert "unknown office 'NOWHERE-SO'" in reasons[1]
    assert f"check digit should be {good[3][10]}" in reasons[2]
    # the other files were fine and are imported; the refused one can be fixed and rerun
    assert report["files"]["offices.csv"]["imported"] == 3
    code, out, _ = run(
        capsys,
        "central",
        "admin",
        "migrate",
        str(export.folder),
        "--db",
        db_url,
        "--report",
        str(tmp_path / "text.json"),
    )
    assert "articles.csv:5, column booking_office_id: unknown office 'NOWHERE-SO'" in out


def test_a_missing_column_refuses_the_file_at_line_1(
    capsys: pytest.CaptureFixture[str], db_url: str, engine: Engine, tmp_path: Path
) -> None:
    export = office_export(tmp_path / "export")
    write(
        export.folder / "users.csv",
        USERS.replace(",role", ""),
        [f"{export.clerk},{export.so},{ASHA},"],
    )
    code, report = migrate(capsys, db_url, export.folder)
    assert code == 1
    assert report["files"]["users.csv"]["rejected"] == [
        {"line": 1, "column": "role", "reason": "missing column"}
    ]
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(table(CentralUser)).where(table(CentralUser).c.office_id == export.so)
            ).first()
            is None
        )


def test_dd_mm_yyyy_dates_import_through_a_map_and_not_without_one(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    client: TestClient,
    engine: Engine,
    tmp_path: Path,
) -> None:
    export = office_export(tmp_path / "export", articles=1)
    [label] = export.articles
    header = ARTICLES.replace("article_id", "Article No").replace("booked_at", "Booked On")
    write(
        export.folder / "articles.csv",
        header,
        [
            f"{label},speedpost-document,21-07-2025 10:15,{export.so},110001,40,41.30,received,"
            f"22-07-2025 09:00,{export.ho}"
        ],
    )
    code, report = migrate(capsys, db_url, export.folder, "--dry-run")
    assert code == 1 and report["files"]["articles.csv"]["rejected"][0]["column"] == "article_id"
    (tmp_path / "map.toml").write_text(
        '["articles.csv"]\n'
        'columns = { "Article No" = "article_id", "Booked On" = "booked_at" }\n'
        'dates = { booked_at = "%d-%m-%Y %H:%M", last_event_at = "%d-%m-%Y %H:%M" }\n',
        encoding="utf-8",
    )
    code, report = migrate(capsys, db_url, export.folder, "--map", str(tmp_path / "map.toml"))
    assert code == 0, report
    counter = enrol(client, engine, export.so)
    seen = client.get(f"/v1/tracking/{label}", headers=counter.auth).json()["events"]
    assert [(e["event"], e["at"]) for e in seen] == [
        ("booked", "2025-07-21T04:45:00+00:00"),
        ("received", "2025-07-22T03:30:00+00:00"),
    ]
    (tmp_path / "bad.toml").write_text('["articles.csv"]\ndates = { to_pin = "%d" }\n')
    code, _, err = run(
        capsys,
        "central",
        "admin",
        "migrate",
        str(export.folder),
        "--db",
        db_url,
        "--map",
        str(tmp_path / "bad.toml"),
    )
    assert code == 2 and "articles.csv.dates.to_pin: not a date column" in err


def test_a_migrated_article_booked_again_at_a_counter_is_a_duplicate_label(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    client: TestClient,
    engine: Engine,
    tmp_path: Path,
) -> None:
    export = office_export(tmp_path / "export", articles=1)
    assert migrate(capsys, db_url, export.folder)[0] == 0
    counter = enrol(client, engine, export.ho)
    journal = CounterJournal(counter.terminal_id)
    journal.book(export.articles)
    reply = client.post("/v1/journal", json=journal.wire(), headers=counter.auth).json()
    [label] = reply["results"][0]["duplicate_labels"]
    assert (label["article_id"], label["holder_office_id"]) == (export.articles[0], export.so)
    flags = client.get("/v1/duplicate-labels", headers=counter.auth).json()["labels"]
    assert [f["article_id"] for f in flags] == export.articles


def test_balances_need_two_different_supervisors_then_one_counter_takes_the_cash(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    client: TestClient,
    engine: Engine,
    tmp_path: Path,
) -> None:
    export = office_export(tmp_path / "export")
    code, report = migrate(capsys, db_url, export.folder)
    pins = {p["user_id"]: p["pin"] for p in report["pins"]}
    so = export.so
    assert report["balances"][so]["cash_paise"] == 203_000
    assert report["balances"][so]["approved"] is False
    first, second = enrol(client, engine, so, "C1"), enrol(client, engine, so, "C2")
    early = client.post("/v1/master/balances/opening-cash", headers=first.auth)
    assert early.status_code == 409 and "2 different supervisors" in early.json()["detail"]

    def approve(user: str, pin: str) -> tuple[int, str, str]:
        return run(
            capsys,
            "central",
            "admin",
            "balances",
            "approve",
            so,
            "--supervisor",
            user,
            "--pin-stdin",
            "--json",
            "--db",
            db_url,
            stdin=pin + "\n",
        )

    sup1, sup2 = export.supervisors
    assert approve(export.clerk, pins[export.clerk])[0] == 2  # a clerk cannot
    code, _, err = approve(sup1, "000000" if pins[sup1] != "000000" else "111111")
    assert code == 2 and "wrong PIN" in err
    code, out, _ = approve(sup1, pins[sup1])
    assert code == 0 and json.loads(out)["approved"] is False
    code, _, err = approve(sup1, pins[sup1])
    assert code == 2 and "a second, different supervisor" in err
    code, out, _ = approve(sup2, pins[sup2])
    sheet = json.loads(out)
    assert code == 0 and sheet["approved"] is True
    assert [a["supervisor_id"] for a in sheet["approvals"]] == [sup1, sup2]
    taken = client.post("/v1/master/balances/opening-cash", headers=second.auth).json()
    assert (taken["yours"], taken["expected_opening_cash_paise"], taken["counted"]) == (
        True,
        203_000,
        "500x4,10x3",
    )
    other = client.post("/v1/master/balances/opening-cash", headers=first.auth).json()
    assert (other["yours"], other["expected_opening_cash_paise"], other["terminal_id"]) == (
        False,
        0,
        second.terminal_id,
    )
    again = client.post("/v1/master/balances/opening-cash", headers=second.auth).json()
    assert again["yours"] is True and again["expected_opening_cash_paise"] == 203_000
    stock = client.get("/v1/master/balances", headers=first.auth).json()
    assert (stock["stamps"], stock["stamps_paise"]) == ({"5": 100}, 50_000)


@pytest.mark.slow  # a 12,000-article export migrated in its own process, twice
def test_a_migration_killed_half_way_leaves_nothing_and_a_rerun_completes_it(
    capsys: pytest.CaptureFixture[str], db_url: str, engine: Engine, tmp_path: Path
) -> None:
    export = office_export(tmp_path / "export", articles=12_000)
    postterm = str(Path(sys.executable).parent / "postterm")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [
            postterm,
            "central",
            "admin",
            "migrate",
            str(export.folder),
            "--db",
            db_url,
            "--report",
            str(tmp_path / "killed.json"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 120
    try:
        while b"articles.csv" not in seen and time.monotonic() < deadline:
            ready, _, _ = poll.select([leader], [], [], 1)
            if ready:
                seen += os.read(leader, 4096)
        assert b"articles.csv" in seen, seen  # the progress bar, half-way through the import
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
            process.wait()
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(table(Office)).where(table(Office).c.office_id.in_([export.ho, export.so]))
            ).first()
            is None
        )
    code, report = migrate(capsys, db_url, export.folder)
    assert code == 0, report
    assert report["files"]["articles.csv"]["imported"] == 12_000
    assert report["files"]["offices.csv"]["imported"] == 3
