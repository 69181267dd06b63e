"""Only `postterm/core/entries.py` knows the shape of an entry's payload: a walk over the
syntax tree of every module of `postterm` finds no other code that indexes a payload."""

from __future__ import annotations

import ast
from pathlib import Path

import postterm

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
