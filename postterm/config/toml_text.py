"""Write a settings document as TOML text (the standard library reads TOML, not writes it).

Enough TOML for a settings file: tables, arrays of tables, strings, integers, floats,
booleans and arrays of those. Strings are basic strings with every control character
escaped, so any text (quotes, backslashes, Devanagari, tabs) reads back as it was written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}  # fmt: skip


class TomlWriteError(ValueError):
    """A value TOML cannot hold (None, NaN as a setting, an unknown type)."""


def dumps(document: Mapping[str, Any]) -> str:
    """`document` as TOML text that `tomllib.loads` reads back to the same values."""
    lines: list[str] = []
    _table(document, (), lines)
    return "\n".join(lines).lstrip("\n") + "\n"


def quote(text: str) -> str:
    """A TOML basic string holding exactly `text`."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else quote(name)


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and len(value) > 0
        and all(_is_table(v) for v in value)
    )


def _table(table: Mapping[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    plain = [(k, v) for k, v in table.items() if not _is_table(v) and not _is_table_array(v)]
    for name, value in plain:
        lines.append(f"{key(name)} = {_value(value)}")
    for name, value in table.items():
        here = (*path, name)
        dotted = ".".join(key(p) for p in here)
        if _is_table(value):
            if not value or any(
                not _is_table(v) and not _is_table_array(v) for v in value.values()
            ):
                lines.append("")  # a table of tables only needs no header of its own
                lines.append(f"[{dotted}]")
            _table(value, here, lines)
        elif _is_table_array(value):
            for item in value:
                lines.append("")
                lines.append(f"[[{dotted}]]")
                _table(item, here, lines)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{key(k)} = {_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TomlWriteError(f"TOML cannot hold {type(value).__name__} {value!r}")
