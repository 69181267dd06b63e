"""Reading an export: any field text (commas, quotes, line breaks, Devanagari) comes back
exactly, each row at the physical line it starts on, whatever the line ends and BOM; dates
in ISO 8601 or a map's format, IST when no offset is given."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from postterm.central.migration import values
from postterm.central.migration.csvfile import read_table
from postterm.central.migration.mapping import FileMap

COLUMNS = ("a", "b")
text = st.text(
    alphabet=st.sampled_from(list("ab ,\"'\r\n\tक़ष्रूआ-1")), min_size=1, max_size=12
).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(text, text), min_size=1, max_size=8),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_fields_come_back_exactly_at_the_line_they_start_on(
    tmp_path_factory: object, rows: list[tuple[str, str]], crlf: bool, bom: bool
) -> None:
    buffer = io.StringIO(newline="")
    # with LF line ends, the writer leaves a lone CR unquoted, which no reader can tell from
    # a CRLF: such exports quote every field
    writer = csv.writer(
        buffer,
        lineterminator="\r\n" if crlf else "\n",
        quoting=csv.QUOTE_MINIMAL if crlf else csv.QUOTE_ALL,
    )
    writer.writerow(COLUMNS)
    starts = []
    for row in rows:
        starts.append(buffer.getvalue().count("\n") + 1)
        writer.writerow(row)
    folder = Path(str(tmp_path_factory.mktemp("csv")))  # type: ignore[attr-defined]
    (folder / "x.csv").write_bytes(
        (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")
    )
    read = read_table(folder, FileMap("x.csv", "x.csv"), COLUMNS)
    assert read.problems == []
    assert [(r.line, r.values["a"], r.values["b"]) for r in read.rows] == [
        (line, a, b) for line, (a, b) in zip(starts, rows, strict=True)
    ]


def test_times_are_iso_or_the_maps_format_and_ist_without_an_offset() -> None:
    expected = datetime(2025, 7, 21, 4, 45, tzinfo=UTC)
    assert values.moment("2025-07-21T10:15:00+05:30", None) == expected
    assert values.moment("2025-07-21 10:15", None) == expected
    assert values.moment("21-07-2025 10:15", "%d-%m-%Y %H:%M") == expected
    assert values.moment("2025-07-21", None) == datetime(2025, 7, 20, 18, 30, tzinfo=UTC)
    for bad, fmt in (("21-07-2025", None), ("2025-07-21", "%d-%m-%Y"), ("1066-10-14", None)):
        try:
            values.moment(bad, fmt)
        except ValueError as exc:
            assert bad in str(exc)
        else:
            raise AssertionError(f"{bad} read as a time")
