"""A column map (`--map MAP.toml`): how another system's export reads as ours, without code.

    encoding = "utf-8"                  # every file (default: UTF-8, with or without a BOM)

    ["articles.csv"]                    # one table per file of ours
    file = "ART_EXPORT.CSV"             # its name in the export folder, if not ours
    encoding = "cp1252"                 # this file's encoding
    columns = { "Article No" = "article_id", "Booked On" = "booked_at" }   # theirs = ours
    dates = { booked_at = "%d-%m-%Y", last_event_at = "%d-%m-%Y %H:%M" }  # strptime formats

A date format without `%z` reads the time as IST. Anything wrong in the map is one line naming
the key.
"""

from __future__ import annotations

import codecs
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postterm.central.migration.rows import FILES


class MapError(ValueError):
    """A map that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class FileMap:
    """How one of our files is read from the export."""

    name: str
    file: str
    encoding: str = "utf-8"
    columns: dict[str, str] = field(default_factory=dict)  # their header -> our column
    dates: dict[str, str] = field(default_factory=dict)  # our column -> strptime format


def default_maps() -> dict[str, FileMap]:
    return {name: FileMap(name, name) for name in FILES}


def load_map(path: Path) -> dict[str, FileMap]:
    """The file maps a MAP.toml describes (our defaults for files it does not name)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MapError(f"--map {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MapError(f"--map {path}: not TOML: {exc}") from None
    where = path.name
    encoding = _encoding(data.pop("encoding", "utf-8"), f"{where}: encoding")
    maps = {name: FileMap(name, name, encoding) for name in FILES}
    for name, section in data.items():
        if name not in FILES:
            raise MapError(
                f"{where}: [{name}]: not one of our files ({', '.join(FILES)}) or `encoding`"
            )
        if not isinstance(section, dict):
            raise MapError(f"{where}: {name}: must be a table")
        maps[name] = _file_map(name, section, encoding, where)
    return maps


def _file_map(name: str, section: dict[str, Any], encoding: str, where: str) -> FileMap:
    spec = FILES[name]
    unknown = set(section) - {"file", "encoding", "columns", "dates"}
    if unknown:
        raise MapError(
            f"{where}: {name}.{sorted(unknown)[0]}: not a map key (file, encoding, columns, dates)"
        )
    file = section.get("file", name)
    if not isinstance(file, str) or not file or "/" in file or "\\" in file:
        raise MapError(f"{where}: {name}.file: must be a file name in the export folder")
    file_encoding = _encoding(section.get("encoding", encoding), f"{where}: {name}.encoding")
    columns = _strings(section.get("columns", {}), f"{where}: {name}.columns")
    for theirs, ours in columns.items():
        if ours not in spec.columns:
            raise MapError(
                f"{where}: {name}.columns.{theirs}: {ours!r} is not a column of "
                f"{name} ({', '.join(spec.columns)})"
            )
    dates = _strings(section.get("dates", {}), f"{where}: {name}.dates")
    for column, fmt in dates.items():
        if column not in spec.dates:
            raise MapError(
                f"{where}: {name}.dates.{column}: not a date column of {name} "
                f"({', '.join(spec.dates)})"
            )
        if "%" not in fmt:
            raise MapError(
                f"{where}: {name}.dates.{column}: {fmt!r} is not a strptime format like %d-%m-%Y"
            )
    return FileMap(name, file, file_encoding, columns, dates)


def _encoding(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise MapError(f"{where}: must be a text encoding name like utf-8 or cp1252")
    try:
        codecs.lookup(value)
    except LookupError:
        raise MapError(f"{where}: unknown encoding {value!r}") from None
    return value


def _strings(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise MapError(f"{where}: must be a table of names to text")
    return dict(value)
