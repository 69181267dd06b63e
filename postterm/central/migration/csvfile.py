"""One export file read as rows, each with the physical line it starts on (the header is
line 1): UTF-8 with or without a BOM (or the map's encoding), CRLF or LF, text kept exactly."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from postterm.central.migration.mapping import FileMap


@dataclass(frozen=True)
class Rejection:
    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass
class Table:
    """The rows of one file, or why the file cannot be read at all."""

    rows: list[Row]
    problems: list[Rejection]
    read: int = 0  # data rows read, rejected or not


def decode(data: bytes, encoding: str) -> tuple[str | None, Rejection | None]:
    codec = "utf-8-sig" if encoding.replace("_", "-").lower() in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Rejection(
            line,
            "",
            f"not {encoding} text (byte {exc.start + 1} of the "
            "file); give the file's encoding in --map",
        )
    return text.removeprefix("\ufeff"), None


def _lines(text: str) -> Iterator[str]:
    """The file's lines, ended by LF only: a lone CR inside a quoted field is text, not a
    line end (as `wc -l`, editors' line numbers and `grep -n` count)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end == -1:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, fields) of each record; blank lines are skipped."""
    reader = csv.reader(_lines(text), strict=True)
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        start, line = line, reader.line_num + 1
        if fields and any(f.strip() for f in fields):
            yield start, fields


def read_table(folder: Path, file_map: FileMap, columns: tuple[str, ...]) -> Table:
    """The rows of `file_map.file` in `folder`, keyed by our column names."""
    path = folder / file_map.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Table([], [Rejection(0, "", f"cannot read {path}: {exc.strerror or exc}")])
    text, problem = decode(data, file_map.encoding)
    if text is None:
        return Table([], [problem] if problem else [])
    records = _records(text)
    try:
        first = next(records, None)
        if first is None:
            return Table([], [Rejection(1, "", "the file is empty: the header is missing")])
        header_line, header = first
        names = [file_map.columns.get(h.strip(), h.strip()) for h in header]
        problems = [
            Rejection(header_line, column, "missing column")
            for column in columns
            if column not in names
        ]
        seen: set[str] = set()
        for name in names:
            if name in seen and name in columns:
                problems.append(Rejection(header_line, name, "column given twice"))
            seen.add(name)
        if problems:
            return Table([], problems)
        rows: list[Row] = []
        read = 0
        for line, fields in records:
            read += 1
            if len(fields) != len(names):
                problems.append(
                    Rejection(line, "", f"{len(fields)} fields, but the header has {len(names)}")
                )
                continue
            values = dict(zip(names, fields, strict=True))
            rows.append(Row(line, {c: values[c] for c in columns}))
    except csv.Error as exc:
        return Table([], [Rejection(0, "", f"not CSV: {exc}")])
    return Table(rows, problems, read)
