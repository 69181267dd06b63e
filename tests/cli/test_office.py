"""A second real office: a counter enrolled for New Delhi GPO (110001) against a real central
process over HTTP prices, prints and takes UPI as that office, never as the demo office."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.postterm_process import postterm
from tests.support.servers import Server, start_servers, stop_server
from tests.support.slow import slow

CLERK_PIN = "246810"
BOOK = [
    "book",
    "--pin-stdin",
    "--service",
    "speedpost-document",
    "--weight",
    "40",
    "--to",
    "110001",
    "--name",
    "Meera",
    "--address",
    "12 Janpath",
    "--json",
]


@dataclass
class Office:
    db: str
    server: Server
    office_id: str
    clerk: str

    def admin(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return postterm("central", "admin", *args, "--db", self.db, stdin=stdin)

    def enrol(self, data_dir: Path, label: str, *extra: str) -> subprocess.CompletedProcess[str]:
        code = json.loads(
            self.admin(
                "enrol-code", "--office", self.office_id, "--counter", label, "--json"
            ).stdout
        )["code"]
        return postterm(
            "enroll",
            "--central",
            self.server.url,
            "--code",
            code,
            "--data-dir",
            str(data_dir),
            *extra,
        )


@pytest.fixture(scope="module")
@slow
def new_delhi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """A central holding only New Delhi GPO (no GSTIN, no UPI payee yet) and one clerk."""
    folder = tmp_path_factory.mktemp("central")
    db = f"sqlite:///{folder / 'central.sqlite'}"
    made = postterm(
        "central",
        "admin",
        "create-office",
        "--pin",
        "110001",
        "--name",
        "New Delhi GPO",
        "--type",
        "HO",
        "--db",
        db,
        "--json",
    )
    assert made.returncode == 0, made.stderr
    office_id = json.loads(made.stdout)["office_id"]
    user = postterm(
        "central",
        "admin",
        "create-user",
        "--office",
        office_id,
        "--name",
        "Anil",
        "--pin-stdin",
        "--json",
        "--db",
        db,
        stdin=CLERK_PIN + "\n",
    )
    assert user.returncode == 0, user.stderr
    server = start_servers(db, folder)[0]
    yield Office(db, server, office_id, json.loads(user.stdout)["user_id"])
    stop_server(server)


def open_day(office: Office, data_dir: Path) -> None:
    opened = postterm(
        "day",
        "begin",
        "--clerk",
        office.clerk,
        "--cash",
        "1000",
        "--pin-stdin",
        "--data-dir",
        str(data_dir),
        stdin=CLERK_PIN + "\n",
    )
    assert opened.returncode == 0, opened.stderr


def test_a_counter_prices_from_the_office_it_is_enrolled_for(
    new_delhi: Office, tmp_path: Path
) -> None:
    assert new_delhi.enrol(tmp_path, "P1").returncode == 0
    open_day(new_delhi, tmp_path)
    booked = postterm(
        *BOOK,
        "--clerk",
        new_delhi.clerk,
        "--article",
        "EE123456785IN",
        "--pay",
        "cash",
        "--tendered",
        "100",
        "--data-dir",
        str(tmp_path),
        stdin=CLERK_PIN + "\n",
    )
    assert booked.returncode == 0, booked.stderr
    answer = json.loads(booked.stdout)
    quoted = postterm(
        "quote",
        "--service",
        "speedpost-document",
        "--weight",
        "40",
        "--from",
        "110001",
        "--to",
        "110001",
        "--json",
    )
    assert json.loads(quoted.stdout)["total_paise"] == 2242
    assert answer["total_paise"] == 2242  # priced from 110001, not from Sheopur (5546)


def test_an_office_section_that_disagrees_with_the_enrolment_is_refused_at_start(
    new_delhi: Office, tmp_path: Path
) -> None:
    assert new_delhi.enrol(tmp_path, "P2").returncode == 0
    sheopur = {"POSTTERM_OFFICE__PIN": "476337"}
    refused = postterm(
        "day",
        "begin",
        "--clerk",
        new_delhi.clerk,
        "--cash",
        "0",
        "--pin-stdin",
        "--data-dir",
        str(tmp_path),
        stdin=CLERK_PIN + "\n",
        env=sheopur,
    )
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "office.pin" in refused.stderr
    assert "476337" in refused.stderr and "110001" in refused.stderr
    agrees = postterm(
        "day",
        "begin",
        "--clerk",
        new_delhi.clerk,
        "--cash",
        "0",
        "--pin-stdin",
        "--data-dir",
        str(tmp_path),
        stdin=CLERK_PIN + "\n",
        env={"POSTTERM_OFFICE__PIN": "110001"},
    )
    assert agrees.returncode == 0, agrees.stderr


def test_quote_without_from_uses_the_enrolled_office_else_asks_for_it(
    new_delhi: Office, tmp_path: Path
) -> None:
    quote = [
        "quote",
        "--service",
        "speedpost-document",
        "--weight",
        "40",
        "--to",
        "110001",
        "--json",
    ]
    nowhere = postterm(*quote, "--data-dir", str(tmp_path / "none"))
    assert nowhere.returncode == 2 and "--from" in nowhere.stderr
    assert nowhere.stderr.count("\n") == 1
    assert new_delhi.enrol(tmp_path, "P3").returncode == 0
    enrolled = postterm(*quote, "--data-dir", str(tmp_path))
    assert enrolled.returncode == 0, enrolled.stderr
    assert json.loads(enrolled.stdout)["total_paise"] == 2242


def test_upi_and_gstin_come_from_the_office_record_at_the_central(
    new_delhi: Office, tmp_path: Path
) -> None:
    assert new_delhi.enrol(tmp_path, "P4").returncode == 0
    open_day(new_delhi, tmp_path)
    here = ["--clerk", new_delhi.clerk, "--data-dir", str(tmp_path)]
    upi = postterm(
        *BOOK,
        *here,
        "--article",
        "EE100000003IN",
        "--pay",
        "upi",
        "--utr",
        "412345678901",
        stdin=CLERK_PIN + "\n",
    )
    assert upi.returncode == 2 and upi.stderr.count("\n") == 1
    assert "update-office" in upi.stderr and "--upi-vpa" in upi.stderr
    cash = postterm(
        *BOOK,
        *here,
        "--article",
        "EE100000003IN",
        "--pay",
        "cash",
        "--tendered",
        "100",
        stdin=CLERK_PIN + "\n",
    )
    assert cash.returncode == 0, cash.stderr
    paper = postterm("reprint", "EE100000003IN", "--pin-stdin", *here, stdin=CLERK_PIN + "\n")
    assert paper.returncode == 0, paper.stderr
    assert "New Delhi GPO - 110001" in paper.stdout and "GSTIN" not in paper.stdout

    updated = new_delhi.admin(
        "update-office",
        new_delhi.office_id,
        "--gstin",
        "07AAAGD1234P1Z3",
        "--upi-vpa",
        "newdelhi.gpo@ippb",
        "--upi-payee",
        "India Post New Delhi GPO",
        "--json",
    )
    assert updated.returncode == 0, updated.stderr
    assert json.loads(updated.stdout)["upi_vpa"] == "newdelhi.gpo@ippb"
    assert postterm("sync", "--once", "--data-dir", str(tmp_path)).returncode == 0
    upi = postterm(
        *BOOK,
        *here,
        "--article",
        "EE100000017IN",
        "--pay",
        "upi",
        "--utr",
        "412345678901",
        stdin=CLERK_PIN + "\n",
    )
    assert upi.returncode == 0, upi.stderr
    paper = postterm("reprint", "EE100000017IN", "--pin-stdin", *here, stdin=CLERK_PIN + "\n")
    assert "GSTIN 07AAAGD1234P1Z3" in paper.stdout


def test_an_office_is_created_with_its_gstin_and_upi_payee(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'central.sqlite'}"
    made = postterm(
        "central",
        "admin",
        "create-office",
        "--pin",
        "110001",
        "--name",
        "New Delhi GPO",
        "--type",
        "HO",
        "--gstin",
        "07AAAGD1234P1Z3",
        "--upi-vpa",
        "newdelhi.gpo@ippb",
        "--upi-payee",
        "India Post New Delhi GPO",
        "--db",
        db,
        "--json",
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout) == {
        "office_id": "110001-HO",
        "pin": "110001",
        "name": "New Delhi GPO",
        "office_type": "HO",
        "gstin": "07AAAGD1234P1Z3",
        "upi_vpa": "newdelhi.gpo@ippb",
        "upi_payee": "India Post New Delhi GPO",
    }
    bad = postterm(
        "central", "admin", "update-office", "110001-HO", "--upi-vpa", "not a vpa", "--db", db
    )
    assert bad.returncode == 2 and "--upi-vpa" in bad.stderr and bad.stderr.count("\n") == 1
    missing = postterm("central", "admin", "update-office", "999999-HO", "--name", "X", "--db", db)
    assert missing.returncode == 1 and "999999-HO" in missing.stderr
