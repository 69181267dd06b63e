"""The verbs that need no counter, run as a user runs them: a process, its output, its exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.postterm_process import postterm as run


def test_quote_json_has_the_promised_fields() -> None:
    done = run(
        "quote",
        "--service",
        "speedpost-document",
        "--weight",
        "300",
        "--from",
        "476337",
        "--to",
        "110001",
        "--date",
        "2026-01-15",
        "--registered",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["band"] == "201-500" and 300 < answer["distance_km"] < 340
    assert answer["base_paise"] == 7500 and answer["gst_paise"] == 1440
    assert answer["total_paise"] == 9440 and answer["confirmed"] is True
    assert answer["table"] == "speedpost-document-2025-10"
    assert [line["paise"] for line in answer["lines"]] == [7500, 500]
    assert answer["chargeable_grams"] == 300 and answer["date"] == "2026-01-15"


def test_quote_text_is_for_people() -> None:
    done = run(
        "quote",
        "--service",
        "speedpost-parcel",
        "--weight",
        "700",
        "--to",
        "110001",
        "--from",
        "476337",
        "--date",
        "2026-01-15",
    )
    assert done.returncode == 0
    assert "CGST 9%" in done.stdout and "TARIFF UNCONFIRMED" in done.stdout


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--service", "speedpost-document", "--weight", "600"], "send as Speed Post parcel"),
        (["--service", "speedpost-document", "--weight", "-3"], "weight: must be at least 1 g"),
        (
            ["--service", "speedpost-document", "--weight", "30", "--date", "2001-01-01"],
            "no tariff table",
        ),
        (["--service", "speedpost-document", "--weight", "30", "--date", "1/1/26"], "--date"),
        (["--service", "speedpost-parcel", "--weight", "30", "--dims", "1x2"], "dims"),
        (["--service", "speedpost-parcel", "--weight", "30", "--insure", "lots"], "--insure"),
        (["--service", "speedpost-document", "--weight", "heavy"], "--weight"),
    ],
)
def test_refused_quotes_exit_2_with_one_line(args: list[str], reason: str) -> None:
    done = run("quote", *args, "--from", "476337", "--to", "110001", "--json")
    assert done.returncode == 2
    assert reason in json.loads(done.stdout)["error"]
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_unknown_destination_pin_exits_2() -> None:
    done = run(
        "quote",
        "--service",
        "speedpost-document",
        "--weight",
        "30",
        "--from",
        "476337",
        "--to",
        "999999",
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "postterm: to: PIN 999999 is not in the all-India PIN directory"


def test_a_bad_config_file_is_one_line_naming_its_line(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[tariffs]\nlocal_radius_km = "near"\n', encoding="utf-8")
    done = run(
        "quote",
        "--service",
        "speedpost-document",
        "--weight",
        "30",
        "--to",
        "110001",
        "--config",
        str(config),
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"postterm: {config}:2: tariffs.local_radius_km:")


def test_s10_check_and_make() -> None:
    good = run("s10", "check", "EE123456785IN", "--json")
    assert (good.returncode, json.loads(good.stdout)) == (0, {"valid": True, "reason": None})
    bad = run("s10", "check", "EE123456789IN", "--json")
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["reason"] == "check digit should be 5, not 9"
    made = run("s10", "make", "EE", "12345678")
    assert (made.returncode, made.stdout.strip()) == (0, "EE123456785IN")
    assert run("s10", "make", "EE", "1234").returncode == 2


def test_pin_lookup() -> None:
    done = run("pin", "476337", "--json")
    answer = json.loads(done.stdout)
    assert answer["district"] == "SHEOPUR" and answer["state"] == "MADHYA PRADESH"
    assert {"name": "Sheopur S.O", "type": "PO", "delivery": True} in answer["offices"]
    assert run("pin", "47633").returncode == 2
    assert run("pin", "999999").returncode == 2


def test_digipin_both_ways() -> None:
    assert run("digipin", "encode", "28.622788", "77.213033").stdout.strip() == "39J-49L-L8T4"
    decoded = json.loads(run("digipin", "decode", "39J-49L-L8T4", "--json").stdout)
    assert decoded["lat"] == pytest.approx(28.622788, abs=3e-5)
    assert run("digipin", "decode", "nonsense").returncode == 2


def test_unknown_verb_and_option_are_one_line() -> None:
    done = run("quote", "--colour", "red")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_help_lists_every_verb() -> None:
    from postterm.cli import VERBS

    done = run("--help")
    assert done.returncode == 0, done.stderr
    listed = {
        line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines() if line.strip()
    }
    assert listed == set(VERBS)
