from __future__ import annotations

from pathlib import Path

import pytest

from postterm.config import ConfigError, load_settings

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "postterm.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "postterm.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_example_loads() -> None:
    settings = load_settings(SHIPPED, environ={})
    assert settings.office.pin is None  # the office comes from the enrolment
    assert settings.devices.scale is not None and settings.devices.scale.protocol == "cas"
    assert settings.tariffs.route_overrides[0].local


def test_no_file_gives_working_defaults() -> None:
    settings = load_settings(None, environ={})
    assert settings.central.url.startswith("http")
    office, payments = settings.office, settings.payments
    assert (office.pin, office.name, office.gstin, payments.vpa, payments.payee) == (
        None,
        None,
        None,
        None,
        None,
    )  # no office's values outside the demo
    assert settings.services["speedpost-parcel"].s10_prefixes == ("E*", "C*")


def test_a_wrong_typed_value_names_file_line_and_key(tmp_path: Path) -> None:
    text = '[office]\nname = "X"\n\n[devices.scale]\nurl = "loop://"\nbaudrate = "fast"\n'
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_settings(path, environ={})
    message = str(error.value)
    assert message.startswith(f"{path}:6: devices.scale.baudrate: ")
    assert "'fast'" in message and "\n" not in message


def test_a_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[office]\npin = "476337"\nname = \n')
    with pytest.raises(ConfigError, match=rf"^{path}:3: TOML syntax"):
        load_settings(path, environ={})


def test_an_unknown_key_is_reported_not_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, '[central]\nurl = "http://x"\ntimout_s = 3\n')
    with pytest.raises(ConfigError, match=rf"^{path}:3: central.timout_s: unknown setting"):
        load_settings(path, environ={})


def test_a_bad_pin_in_an_array_of_tables_names_its_line(tmp_path: Path) -> None:
    text = (
        '[tariffs]\nlocal_radius_km = 10\n\n[[tariffs.route_overrides]]\nfrom_prefix = "47"\n'
        'to_prefix = "47"\n\n[[tariffs.route_overrides]]\nfrom_prefix = "4x"\nto_prefix = "1"\n'
    )
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=rf"^{path}:9: tariffs.route_overrides.1.from_prefix"):
        load_settings(path, environ={})


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[central]\nurl = "http://file"\n')
    env = {"POSTTERM_CENTRAL__URL": "http://env", "POSTTERM_CENTRAL__TIMEOUT_S": "2.5"}
    settings = load_settings(path, environ=env)
    assert (settings.central.url, settings.central.timeout_s) == ("http://env", 2.5)


def test_a_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match=r"^environment POSTTERM_OFFICE__PIN: office.pin"):
        load_settings(None, environ={"POSTTERM_OFFICE__PIN": "12"})


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "missing.toml", environ={})


def test_a_keyboard_wedge_scanner_needs_no_url(tmp_path: Path) -> None:
    path = write(tmp_path, '[devices.scanner]\nwedge_prefix_key = "ctrl+b"\n')
    scanner = load_settings(path, environ={}).devices.scanner
    assert scanner is not None
    assert (scanner.url, scanner.wedge_prefix_key) == (None, "ctrl+b")


def test_a_scanner_with_neither_url_nor_prefix_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '[devices.scanner]\nsuffix = "\\r"\n')
    with pytest.raises(ConfigError) as error:
        load_settings(path, environ={})
    message = str(error.value)
    assert message.startswith(f"{path}:1: devices.scanner: give url")
    assert "wedge_prefix_key" in message and "\n" not in message


def test_the_timing_settings_of_wedge_scans_are_gone(tmp_path: Path) -> None:
    # a wedge scan is recognised by its prefix key only: a timing detector cannot tell a
    # scan from typing that an SSH link delivered in one burst
    path = write(
        tmp_path, '[devices.scanner]\nwedge_prefix_key = "ctrl+b"\nwedge_max_gap_ms = 60\n'
    )
    with pytest.raises(ConfigError, match=r"devices\.scanner\.wedge_max_gap_ms: unknown setting"):
        load_settings(path, environ={})
