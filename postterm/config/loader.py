"""Read settings from a TOML file and POSTTERM_* environment variables.

Every failure is one `ConfigError` line naming the file, the line and the dotted key:
`config/postterm.toml:7: office.pin: should match pattern ...`. Environment overrides use
`POSTTERM_<SECTION>__<KEY>` (double underscore between levels), e.g. `POSTTERM_CENTRAL__URL`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from postterm.config.model import Settings
from postterm.config.toml_lines import key_lines, line_of

ENV_PREFIX = "POSTTERM_"
# Variables with this prefix that are not settings (they steer tools and tests).
_NOT_SETTINGS = frozenset(
    {
        "POSTTERM_CONFIG",
        "POSTTERM_TEST_DATABASE_URL",
        "POSTTERM_DEBUG",
        "POSTTERM_CENTRAL_DB",
        "POSTTERM_COUNTER",
    }
)


class ConfigError(Exception):
    """A settings problem, already phrased as the one line a person should read."""


def _env_overrides(environ: Mapping[str, str]) -> dict[tuple[str, ...], str]:
    """Settings paths given by POSTTERM_* variables; ConfigError naming a variable that is
    neither a setting's name nor one of the few variables postterm reads."""
    found: dict[tuple[str, ...], str] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name in _NOT_SETTINGS:
            continue
        path = tuple(part.lower() for part in name[len(ENV_PREFIX) :].split("__"))
        if len(path) < 2 or not all(path):
            raise ConfigError(f"environment {name}: {_not_a_setting(name)}")
        found[path] = value
    return found


def _not_a_setting(name: str) -> str:
    rest = name[len(ENV_PREFIX) :]
    for section in Settings.model_fields:
        if rest.lower().startswith(section + "_") and "__" not in rest:
            key = rest[len(section) + 1 :]
            return (
                f"not a postterm variable; did you mean {ENV_PREFIX}{section.upper()}__"
                f"{key}? (a double underscore between section and key)"
            )
    return (
        f"not a postterm variable: settings are {ENV_PREFIX}<SECTION>__<KEY>, like "
        f"{ENV_PREFIX}CENTRAL__URL; unset it"
    )


def _merge(data: dict[str, Any], path: tuple[str, ...], value: str) -> None:
    node = data
    for key in path[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[path[-1]] = value


def _describe(error: Mapping[str, Any]) -> str:
    message = str(error["msg"])
    if error.get("type") == "extra_forbidden":
        return "unknown setting"
    if error.get("type") == "value_error":  # our own validators already quote the value
        return message.removeprefix("Value error, ")
    given = error.get("input")
    if isinstance(given, str | int | float | bool):
        message += f" (got {given!r})"
    return message


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `path` (optional) overlaid with the environment; defaults elsewhere."""
    environ = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    files: list[tuple[str, dict[tuple[str | int, ...], int]]] = []
    where = "defaults"
    if path is not None and Path(path).is_dir():
        where = str(path)
        data, files = _read_directory(Path(path))
    elif path is not None:
        where = str(path)
        data, lines = _read_file(Path(path))
        files = [(where, lines)]
    overrides = _env_overrides(environ)
    for key_path, value in overrides.items():
        _merge(data, key_path, value)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A value a variable gave is named before what that variable left missing.
        first = next((e for e in errors if _env_name_for(e, overrides, exact=True)), errors[0])
        loc = tuple(first["loc"])
        dotted = ".".join(str(part) for part in loc)
        env_name = _env_name_for(first, overrides)
        if env_name is not None:
            raise ConfigError(f"environment {env_name}: {dotted}: {_describe(first)}") from None
        place = _place(files, loc, where)
        raise ConfigError(f"{place}: {dotted}: {_describe(first)}") from None


def _read_file(path: Path) -> tuple[dict[str, Any], dict[tuple[str | int, ...], int]]:
    """One TOML file's values and the line of each key, or ConfigError naming the file."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: not UTF-8 text ({exc.reason})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}:{_toml_error_line(exc)}: {_toml_error_text(exc)}") from exc
    return data, key_lines(text)


def _read_directory(
    folder: Path,
) -> tuple[dict[str, Any], list[tuple[str, dict[tuple[str | int, ...], int]]]]:
    """The `*.toml` files of `folder`, in name order, as one set of settings (an office's
    file and one file per counter, say); a key set in two files is refused, naming both."""
    names = sorted(folder.glob("*.toml"))
    if not names:
        raise ConfigError(f"{folder}: a settings directory with no *.toml file in it")
    data: dict[str, Any] = {}
    owners: dict[tuple[str, ...], str] = {}
    files = []
    for name in names:
        values, lines = _read_file(name)
        _merge_file(data, values, owners, str(name), ())
        files.append((str(name), lines))
    return data, files


def _merge_file(
    into: dict[str, Any],
    values: dict[str, Any],
    owners: dict[tuple[str, ...], str],
    name: str,
    prefix: tuple[str, ...],
) -> None:
    for key, value in values.items():
        path = (*prefix, key)
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge_file(into[key], value, owners, name, path)
        elif key in into:
            other = next(
                owners[path[:cut]] for cut in range(len(path), 0, -1) if path[:cut] in owners
            )
            raise ConfigError(f"{name}: {'.'.join(path)}: also set in {other}: set it in one file")
        else:
            into[key] = value
            owners[path] = name


def _place(
    files: list[tuple[str, dict[tuple[str | int, ...], int]]],
    loc: tuple[str | int, ...],
    where: str,
) -> str:
    """`file:line` of the key at `loc`: the file naming most of its path."""
    best, depth = where, 0
    for name, lines in files:
        for cut in range(len(loc), depth, -1):
            if loc[:cut] in lines:
                best, depth = f"{name}:{line_of(lines, loc)}", cut
                break
    return best


def _env_name_for(
    error: Mapping[str, Any], overrides: Mapping[tuple[str, ...], str], *, exact: bool = False
) -> str | None:
    """The variable behind a validation error: the one that gave the value (or a section
    above it, or a key below it), else, for a missing key, one that made its section."""
    loc = tuple(str(part) for part in error["loc"])
    for key_path in overrides:
        shared = min(len(loc), len(key_path))
        if loc[:shared] == key_path[:shared]:
            return ENV_PREFIX + "__".join(part.upper() for part in key_path)
    if exact:
        return None
    if error.get("type") == "missing":
        for key_path in overrides:
            if key_path[: len(loc) - 1] == loc[:-1]:
                return ENV_PREFIX + "__".join(part.upper() for part in key_path)
    return None


def _toml_error_line(exc: tomllib.TOMLDecodeError) -> int:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    text = str(exc)
    marker = "(at line "
    if marker in text:
        return int(text.split(marker, 1)[1].split(",", 1)[0].rstrip(")"))
    return 1


def _toml_error_text(exc: tomllib.TOMLDecodeError) -> str:
    message = getattr(exc, "msg", None)
    if isinstance(message, str):
        return f"TOML syntax: {message}"
    return "TOML syntax: " + str(exc).split(" (at line ", 1)[0]
