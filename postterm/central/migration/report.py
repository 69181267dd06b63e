"""The migration report: text for the administrator, JSON with `--json`, and a JSON copy
saved without PINs (in the central's data directory, or `--report PATH`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from postterm.central.migration.importer import Outcome
from postterm.core.money import format_paper


def default_folder(db_url: str) -> Path:
    """Next to a SQLite database file; else the user data directory."""
    from platformdirs import user_data_dir
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(str(url.database)).resolve().parent
    return Path(user_data_dir("postterm", appauthor=False))


def save(outcome: Outcome, path: Path) -> Path:
    """Written whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps(outcome.as_json(with_pins=False), ensure_ascii=False, indent=1)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(body + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def text(outcome: Outcome, saved: Path | None) -> str:
    lines = ["DRY RUN: nothing written" if outcome.dry_run else f"migrated {outcome.folder}"]
    verb = "to import" if outcome.dry_run else "imported"
    for name, f in outcome.files.items():
        if f.read and f.unchanged == f.read:
            lines.append(f"{name}: {f.read} read, unchanged")
            continue
        lines.append(
            f"{name}: {f.read} read, {f.imported} {verb}, {f.unchanged} unchanged, "
            f"{len(f.conflicts)} conflicts, {len(f.rejected)} rejected"
            + (" (nothing imported from this file: fix and rerun)" if f.rejected else "")
        )
        for r in f.rejected:
            column = f", column {r['column']}" if r["column"] else ""
            lines.append(f"  {name}:{r['line']}{column}: {r['reason']}")
        for c in f.conflicts:
            lines.append(f"  {name}:{c['line']}: conflict: {c['reason']}")
    for office_id, b in outcome.balances.items():
        state = (
            "approved"
            if b["approved"]
            else f"awaiting approval by 2 supervisors ({len(b['approvals'])} so far)"
        )
        lines.append(
            f"balances {office_id} as of {b['as_of']}: cash {format_paper(b['cash_paise'])}, "
            f"stamps {format_paper(b['stamps_paise'])}: {state}"
        )
    if outcome.articles_by_office:
        lines.append(
            "articles by office: "
            + ", ".join(f"{office} {count}" for office, count in outcome.articles_by_office.items())
        )
    if outcome.pins:
        lines.append(
            "one-time PINs (shown this once, saved nowhere; each user sets their own "
            "at the first log-in):"
        )
        lines.extend(f"  {p['user_id']}  {p['pin']}  {p['name']}" for p in outcome.pins)
    if saved is not None:
        lines.append(f"report saved: {saved}")
    return "\n".join(lines)
