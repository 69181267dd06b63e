"""Keep postterm's message catalogs in step with the code (Babel), and check they are.

    uv run python -m tests.i18n.catalog_tool update   # extract, merge into hi/en, compile
    uv run python -m tests.i18n.catalog_tool check    # what CI checks (also tests/i18n)

`update` extracts every wrapped message (`_()`, `N_()`, `Said()`, `ngettext()`) from postterm's
code, adds new ones to `hi` and `en` (English: the message itself; Hindi: left empty for a
translator, which `check` then refuses), drops messages the code no longer has, and
compiles each `.po` to the `.mo` beside it, which is committed.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "postterm"
LOCALE = PACKAGE / "i18n" / "locale"
LANGUAGES = ("hi", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "Said": None, "Words": None}
# Where messages for people live: not the central (its answers are API text) nor the demo.
SKIPPED = ("central/",)


def extracted(package: Path = PACKAGE) -> Catalog:
    """Every wrapped message in postterm's code, with where it is."""
    template = Catalog(project="postterm", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        if filename.startswith(SKIPPED):
            continue
        template.add(
            message,
            locations=[(f"postterm/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def po_path(language: str, locale: Path = LOCALE) -> Path:
    return locale / language / "LC_MESSAGES" / "postterm.po"


def read(language: str, locale: Path = LOCALE) -> Catalog:
    with po_path(language, locale).open("rb") as handle:
        return read_po(handle, locale=language)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def update() -> None:
    template = extracted()
    for language in LANGUAGES:
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        old = read(language) if path.exists() else Catalog(locale=language)
        new = Catalog(
            locale=language,
            project="postterm",
            charset="utf-8",
            header_comment=f"# postterm's messages in {language}.",
            revision_date=old.revision_date,
            creation_date=old.creation_date,
        )
        new.language_team = "postterm"
        new.fuzzy = False
        for message in template:
            if not message.id:
                continue
            kept = old.get(message.id)
            string = (
                kept.string
                if kept is not None and kept.string
                else (message.id if language == "en" else "")
            )
            new.add(
                message.id, string, locations=message.locations, auto_comments=message.auto_comments
            )
        with path.open("wb") as handle:
            write_po(handle, new, width=100, omit_header=False, sort_output=True)
        path.with_suffix(".mo").write_bytes(compiled(read(language)))


def problems(package: Path = PACKAGE, locale: Path = LOCALE) -> list[str]:
    """What is wrong with the catalogs, one line each (none: they are complete and match)."""
    found: list[str] = []
    wanted = {m.id: m for m in extracted(package) if m.id}
    for language in LANGUAGES:
        path = po_path(language, locale)
        if not path.exists():
            return [f"{path.name} of {language} is missing: run the update"]
        catalog = read(language, locale)
        for msgid, message in sorted(wanted.items(), key=lambda kv: str(kv[0])):
            entry = catalog.get(msgid)
            where = ", ".join(f"{f}:{n}" for f, n in message.locations[:1])
            if entry is None:
                found.append(f"{language}: {msgid!r} ({where}) is not in the catalog")
            elif not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
                found.append(f"{language}: {msgid!r} ({where}) has no translation")
            elif entry.fuzzy:
                found.append(f"{language}: {msgid!r} ({where}) is marked fuzzy")
            elif not _fields(str(entry.string)) <= _fields(str(msgid)):
                found.append(
                    f"{language}: {msgid!r} ({where}): the translation has fields "
                    "the message does not fill"
                )
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            found.append(f"{language}: postterm.mo does not match its .po: run the update")
    return found


def _fields(text: str) -> set[str]:
    return set(re.findall(r"(?<!\{)\{([^{}]*)\}", text))


def main(argv: list[str]) -> int:
    if argv[1:] == ["update"]:
        update()
    found = problems()
    for line in found:
        print(line)
    print(f"{len(found)} catalog problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
