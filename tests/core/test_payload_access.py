"""Only `postterm/core/entries.py` knows the shape of an entry's payload: a walk over the
syntax tree of every module of `postterm` finds no other code that indexes a payload, nor
one that reads a Z report's figures by key instead of through `ZReport`."""

from __future__ import annotations

import ast
from pathlib import Path

import postterm
from postterm.core.entries import ZReport

ROOT = Path(postterm.__file__).parent
# entries.py reads payloads; journal.py defines the entry that carries one, as bytes
ALLOWED = {ROOT / "core" / "entries.py", ROOT / "core" / "journal.py"}


def _is_payload(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "payload"


def payload_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each place that digs into an `<expr>.payload`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_payload(node.value):
            found.append((node.lineno, "indexes .payload[...]"))
        elif isinstance(node, ast.Attribute) and _is_payload(node.value):
            found.append((node.lineno, f"calls .payload.{node.attr}"))
        elif isinstance(node, ast.Call) and any(_is_payload(a) for a in node.args):
            found.append((node.lineno, "passes .payload on to be read"))
        elif (
            isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr)
            and node.value is not None
            and _is_payload(node.value)
        ):
            found.append((node.lineno, "names .payload to read it later"))
        elif isinstance(node, ast.For | ast.comprehension) and _is_payload(node.iter):
            found.append((node.iter.lineno, "iterates over .payload"))
    return sorted(found)


# Z report figures read by key: the names only a Z report has (`bookings`, `articles`,
# `counted` and `duplicate_utrs` also name a basket draft's, a migrated count's and the
# central's batch reply's fields, which are not payloads)
FIGURE_KEYS = set(ZReport.KEYS) - {"bookings", "articles", "counted", "duplicate_utrs"}
WRITERS = {"to_payload", "to_object", "report"}


def _is_written(node: ast.AST) -> bool:
    """`<expr>.to_payload()`, `.to_object()` or `.report()`: a typed value as its JSON."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITERS
    )


def report_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each place that reads a Z report, or any written entry, by key."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            if _is_written(node.value):
                found.append((node.lineno, "indexes a typed value written as JSON"))
            elif isinstance(node.slice, ast.Constant) and node.slice.value in FIGURE_KEYS:
                found.append((node.lineno, f"reads the figure {node.slice.value!r} by key"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "report":
                found.append((node.lineno, "calls .report() (the figures are typed)"))
            elif _is_written(node.func.value):
                found.append((node.lineno, f"calls .{node.func.attr} on a written value"))
            elif (
                node.func.attr in ("get", "pop", "setdefault")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in FIGURE_KEYS
            ):
                found.append((node.lineno, f"reads the figure {node.args[0].value!r} by key"))
    return sorted(found)


def test_no_module_outside_core_entries_reads_a_z_report_by_key() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if path in ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [
            f"{path.relative_to(ROOT.parent)}:{line}: {what}" for line, what in report_reads(tree)
        ]
    assert offenders == [], "read Z reports through postterm.core.entries.ZReport:\n" + "\n".join(
        offenders
    )


def test_the_walk_finds_each_way_of_reading_a_z_report_by_key() -> None:
    code = """
a = require(entry, DayEnd).report()["difference_paise"]
b = report["expected_cash_paise"]
c = report.get("voids", {})
d = closed.to_payload()["note"]
e = closed.figures.to_object().get("note")
f = closed.figures.expected_cash_paise
g = draft["articles"]
h = {**closed.to_payload(), "seq": 5}
"""
    assert sorted(line for line, _ in report_reads(ast.parse(code))) == [2, 2, 3, 4, 5, 6]


def test_no_module_outside_core_entries_reads_a_payload() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if path in ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [
            f"{path.relative_to(ROOT.parent)}:{line}: {what}" for line, what in payload_reads(tree)
        ]
    assert offenders == [], "read payloads through postterm.core.entries:\n" + "\n".join(offenders)


def test_the_walk_finds_each_way_of_reading_a_payload() -> None:
    code = """
a = entry.payload["articles"]
b = entry.payload.get("payment", {})
c = dict(entry.payload)
payload = entry.payload
for key in entry.payload:
    pass
d = [k for k in booked.payload]
e = entry.kind
"""
    assert sorted(line for line, _ in payload_reads(ast.parse(code))) == [2, 3, 4, 5, 6, 8]
