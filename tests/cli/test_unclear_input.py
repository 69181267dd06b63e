"""What the user typed, refused as one line naming the field and the fix (exit 2); and a
failing `sync --once` says why on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.enrolled import enrol_on_disk
from tests.support.postterm_process import one_line
from tests.support.postterm_process import postterm as run


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://[::1", "not a URL (Invalid IPv6 URL)"),
        ("notaurl", "not a URL (no http:// or https://)"),
        ("ftp://central.example/", "http or https, not ftp"),
        ("http://central.example:99999", "not a URL (Port out of range"),
        ("http://", "has no host"),
    ],
)
def test_enroll_says_a_bad_central_url_is_bad_not_unreachable(
    tmp_path: Path, url: str, says: str
) -> None:
    done = run("enroll", "--central", url, "--code", "ABC", "--data-dir", str(tmp_path))
    assert done.returncode == 2
    line = one_line(done)
    assert line.startswith("postterm: --central: ") and says in line, line
    assert "unreachable" not in line
    assert not any(tmp_path.iterdir())  # nothing written


def test_a_bad_central_url_in_the_environment_names_the_variable(tmp_path: Path) -> None:
    done = run(
        "enroll",
        "--code",
        "ABC",
        "--data-dir",
        str(tmp_path),
        env={"POSTTERM_CENTRAL__URL": "notaurl"},
    )
    assert done.returncode == 2
    assert one_line(done) == (
        "postterm: environment POSTTERM_CENTRAL__URL: central.url: "
        "'notaurl' is not a URL (no http:// or https://): give "
        "http://HOST:PORT or https://HOST"
    )


def test_journal_export_after_a_seq_too_big_for_sqlite(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    done = run(
        "journal", "export", "--after", "99999999999999999999999", "--data-dir", str(tmp_path)
    )
    assert done.returncode == 2
    line = one_line(done)
    assert "'--after'" in line and "99999999999999999999999 is not in the range" in line


@pytest.mark.parametrize(
    "args",
    [
        ["devices", "scan", "--url", "loop://", "--timeout", "1", "--prefix", "\\x"],
        ["sim", "scanner", "--prefix", "\\x"],
        ["sim", "scanner", "--suffix", "\\x0"],
    ],
)
def test_a_bad_escape_in_a_scanner_prefix_is_named(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2
    line = one_line(done)
    option = "--suffix" if "--suffix" in args else "--prefix"
    assert f"Invalid value for '{option}'" in line and "has a bad escape" in line, line
    assert r"write bytes as \x02" in line


def test_a_bad_escape_in_the_settings_names_the_file_line_and_key(tmp_path: Path) -> None:
    config = tmp_path / "postterm.toml"
    config.write_text('[devices.scanner]\nurl = "loop://"\nprefix = "\\\\x"\n', encoding="utf-8")
    done = run("status", "--config", str(config), "--data-dir", str(tmp_path))
    assert done.returncode == 2
    line = one_line(done)
    assert line.startswith(f"postterm: {config}:3: devices.scanner.prefix: '\\x' has a bad escape")


def test_a_parcel_too_big_by_volume_names_its_size_and_the_limit() -> None:
    done = run(
        "quote",
        "--service",
        "speedpost-parcel",
        "--weight",
        "500",
        "--to",
        "110001",
        "--from",
        "476337",
        "--dims",
        "1000x1000x1000",
    )
    assert done.returncode == 2
    line = one_line(done)
    assert "dims: 1000x1000x1000 cm is too big" in line, line
    assert "over its 35000 g limit" in line and "at most 175000 cm3" in line, line
    assert "weight:" not in line


@pytest.mark.parametrize(
    ("variables", "says"),
    [
        (
            {"POSTTERM_DEVICES__SCALE__BAUDRATE": "fast"},
            "environment POSTTERM_DEVICES__SCALE__BAUDRATE: devices.scale.baudrate: "
            "Input should be a valid integer",
        ),
        (
            {"POSTTERM_DEVICES__SCALE__URL": "loop://", "POSTTERM_DEVICES__SCALE__BAUDRATE": "-1"},
            "environment POSTTERM_DEVICES__SCALE__BAUDRATE: devices.scale.baudrate: "
            "Input should be greater than 0",
        ),
        (
            {"POSTTERM_DEVICES__SCALE__BAUDRATE": "9600"},
            "environment POSTTERM_DEVICES__SCALE__BAUDRATE: devices.scale.url: Field required",
        ),
        (
            {"POSTTERM_OFICE__PIN": "110001"},
            "environment POSTTERM_OFICE__PIN: ofice: unknown setting",
        ),
        (
            {"POSTTERM_CENTRAL_URL": "http://x"},
            "environment POSTTERM_CENTRAL_URL: not a postterm variable; did you mean "
            "POSTTERM_CENTRAL__URL?",
        ),
        ({"POSTTERM_SPEED": "1"}, "environment POSTTERM_SPEED: not a postterm variable"),
    ],
)
def test_environment_variables_are_named_when_wrong(
    tmp_path: Path, variables: dict[str, str], says: str
) -> None:
    done = run("status", "--data-dir", str(tmp_path), env=variables)
    assert done.returncode == 2
    assert says in one_line(done)


def test_sync_once_says_why_it_failed_on_stderr(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)  # enrolled with a central at port 1, where nothing listens
    done = run("sync", "--once", "--json", "--data-dir", str(tmp_path))
    assert done.returncode == 1
    assert json.loads(done.stdout)["online"] is False
    line = one_line(done)
    assert line.startswith("postterm: sync: central unreachable"), line


@pytest.mark.parametrize("verb", ["pin", "s10", "digipin"])
def test_a_10_kb_argument_is_not_echoed_back_whole(verb: str) -> None:
    done = run(verb, "9" * 10_000, "--json")
    assert done.returncode == 2
    line = one_line(done)
    assert len(line) < 300 and "(10000 characters)" in line, line
    assert len(json.loads(done.stdout)["error"]) < 300
