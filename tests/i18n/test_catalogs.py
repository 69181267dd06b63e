"""The catalogs hold every wrapped message in Hindi and English, and the committed .mo files
are what their .po files compile to: the check CI runs, and proof that it catches a miss."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.i18n.catalog_tool import LOCALE, PACKAGE, problems


def test_every_wrapped_message_is_translated_and_every_mo_matches_its_po() -> None:
    assert problems() == []


def copy_of_postterm(tmp_path: Path) -> tuple[Path, Path]:
    package = tmp_path / "postterm"
    shutil.copytree(
        PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "tui", "central", "demo")
    )
    return package, package / "i18n" / "locale"


def test_a_message_wrapped_in_the_code_but_missing_from_the_catalogs_fails_the_check(
    tmp_path: Path,
) -> None:
    package, locale = copy_of_postterm(tmp_path)
    (package / "counter" / "new_rule.py").write_text(
        "from postterm.i18n.said import Said\n\n"
        "REFUSAL = Said('the parcel is too heavy for {service}', service='x')\n",
        encoding="utf-8",
    )
    found = problems(package, locale)
    assert any(
        "'the parcel is too heavy for {service}'" in line and line.startswith("hi:")
        for line in found
    ), found


def test_a_stale_mo_fails_the_check(tmp_path: Path) -> None:
    package, locale = copy_of_postterm(tmp_path)
    po = locale / "hi" / "LC_MESSAGES" / "postterm.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "रसीद"', 'msgstr "पावती रसीद"'),
        encoding="utf-8",
    )
    assert problems(package, locale) == ["hi: postterm.mo does not match its .po: run the update"]


def test_installing_needs_no_build_step_the_compiled_catalogs_are_in_the_package() -> None:
    for language in ("hi", "en"):
        assert (LOCALE / language / "LC_MESSAGES" / "postterm.mo").stat().st_size > 1000
