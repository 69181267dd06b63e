"""A name and address typed in Devanagari are kept exactly: in the counter's journal and at
the central, booked through the CLI against a live central and read back byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import httpx
import pytest

from postterm.store.local_state import load_enrolment, load_token
from tests.support.central_counters import central_entries, clerk_pin, enrol_counter
from tests.support.live_central import LiveCentral

pytestmark = pytest.mark.timeout(120)

# NFD on purpose (the nukta typed as its own mark, a ZWJ asking for the half form): the
# counter must keep what was typed, not a normalised copy of it.
NAME = unicodedata.normalize("NFD", "श्रीमती ज़ीनत क़ुरैशी") + " क्\u200dष"
ADDRESS = "१२, नेहरू नगर, भोपाल (म.प्र.)"


def cli(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    return subprocess.run(
        [sys.executable, "-m", "postterm", *args, "--data-dir", str(data_dir)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_a_devanagari_addressee_reaches_the_central_byte_for_byte(
    central: LiveCentral, tmp_path: Path
) -> None:
    enrol_counter(central, tmp_path)
    clerk, pin = clerk_pin(central)
    opened = cli(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        clerk,
        "--cash",
        "1000",
        "--pin-stdin",
        stdin=pin + "\n",
    )
    assert opened.returncode == 0, opened.stderr
    booked = cli(
        tmp_path,
        "book",
        "--clerk",
        clerk,
        "--pin-stdin",
        "--service",
        "speedpost-document",
        "--article",
        "EE424242427IN",
        "--weight",
        "40",
        "--to",
        "462001",
        "--name",
        NAME,
        "--address",
        ADDRESS,
        "--pay",
        "cash",
        "--tendered",
        "100",
        "--json",
        stdin=pin + "\n",
    )
    assert booked.returncode == 0, booked.stderr
    seq = json.loads(booked.stdout)["seq"]
    synced = cli(tmp_path, "sync", "--once", "--json")
    assert synced.returncode == 0, synced.stderr

    exported = cli(tmp_path, "journal", "export").stdout.splitlines()
    local = next(json.loads(line)["entry"] for line in exported if json.loads(line)["seq"] == seq)
    kept = json.loads(local)["payload"]["articles"][0]["addressee"]
    assert (kept["name"], kept["address"]) == (NAME, ADDRESS)

    held = dict(central_entries(central, tmp_path))
    assert held[seq].encode() == local.encode()  # the central holds the counter's exact bytes
    at_central = json.loads(held[seq])
    assert at_central["payload"]["articles"][0]["addressee"]["name"].encode() == NAME.encode()
    assert NAME.encode() in held[seq].encode()  # the stored entry's own bytes

    enrolment = load_enrolment(tmp_path)
    assert enrolment is not None
    article = httpx.get(
        f"{central.url}/v1/articles/EE424242427IN",
        timeout=10,
        headers={"Authorization": f"Bearer {load_token(tmp_path)}"},
    ).json()
    assert article["addressee"]["name"].encode() == NAME.encode()
    assert article["addressee"]["address"].encode() == ADDRESS.encode()
