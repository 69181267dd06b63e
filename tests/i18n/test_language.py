"""What a person reads in Hindi or English: the CLI's messages and the counter's refusals,
amounts in Indian grouping, text measured as the terminal draws it, and the Linux console
falling back to English. JSON output stays English."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from postterm.core.money import parse_rupees
from postterm.i18n.amounts import amount
from postterm.i18n.catalogs import LANGUAGES, _, speaking
from postterm.i18n.said import Said, spoken
from postterm.i18n.terminal import FALLBACK_NOTICE, screen_language
from postterm.i18n.width import cells, fit
from tests.support.enrolled import CLERK_PIN, enrol_on_disk

BOOK = [
    "book",
    "--clerk",
    "C1",
    "--pin-stdin",
    "--service",
    "speedpost-document",
    "--article",
    "EE123456785IN",
    "--weight",
    "40",
    "--to",
    "110001",
    "--name",
    "Meera",
    "--address",
    "12 Janpath",
    "--pay",
    "cash",
    "--tendered",
    "100",
]
INDIAN = re.compile(r"^-?(₹|Rs\.)(\d{1,3}|\d{1,2}(,\d{2})*,\d{3})\.\d{2}$")


def run(
    data_dir: Path, *args: str, language: str | None = None, config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    if language is not None:
        env["POSTTERM_UI__LANGUAGE"] = language
    if config is not None:
        env["POSTTERM_CONFIG"] = str(config)
    return subprocess.run(
        [sys.executable, "-m", "postterm", *args, "--data-dir", str(data_dir)],
        input=CLERK_PIN + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_a_refusal_reads_in_hindi_on_stderr_and_stays_english_in_json(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    hindi = run(tmp_path, *BOOK, language="hi")
    assert hindi.returncode == 2
    assert "दिन: कार्य दिवस खुला नहीं है: पहले दिन आरंभ करें" in hindi.stderr
    as_json = run(tmp_path, *BOOK, "--json", language="hi")
    error = json.loads(as_json.stdout)["error"]
    assert "the business day is not open: begin the day first" in error
    assert not re.search("[\u0900-\u097f]", error)
    english = run(tmp_path, *BOOK, language="en")
    assert "the business day is not open: begin the day first" in english.stderr


def test_ui_language_in_the_settings_file_speaks_hindi_and_the_environment_overrides_it(
    tmp_path: Path,
) -> None:
    enrol_on_disk(tmp_path)
    config = tmp_path / "postterm.toml"
    config.write_text('[ui]\nlanguage = "hi"\n', encoding="utf-8")
    opened = run(
        tmp_path, "day", "begin", "--clerk", "C1", "--cash", "2000", "--pin-stdin", config=config
    )
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.startswith("दिन ") and "आरंभिक नकदी ₹2,000.00" in opened.stdout
    again = run(
        tmp_path,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "2000",
        "--pin-stdin",
        config=config,
        language="en",
    )
    assert "is already open" in again.stderr
    config.write_text('[ui]\nlanguage = "fr"\n', encoding="utf-8")
    bad = run(
        tmp_path, "day", "begin", "--clerk", "C1", "--cash", "2000", "--pin-stdin", config=config
    )
    assert bad.returncode == 2 and "ui.language" in bad.stderr and "Traceback" not in bad.stderr


def test_said_is_english_text_until_it_is_spoken() -> None:
    said = Said("wrong clerk id or PIN ({left} tries left)", left=2)
    assert said == "wrong clerk id or PIN (2 tries left)"
    assert json.dumps({"error": said}) == '{"error": "wrong clerk id or PIN (2 tries left)"}'
    assert spoken(said, "hi") == "कर्मचारी आईडी या पिन गलत है (2 प्रयास शेष)"
    with speaking("hi"):
        assert _("Addressee") == "प्रेषिती"
    assert _("Addressee") == "Addressee"


@given(
    st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(LANGUAGES), st.booleans()
)
def test_amounts_group_the_indian_way_in_both_languages_and_read_back(
    paise: int, language: str, paper: bool
) -> None:
    shown = amount(paise, language, paper=paper)  # type: ignore[arg-type]
    assert INDIAN.match(shown), shown
    assert shown.startswith(("-" if paise < 0 else "") + ("Rs." if paper else "₹"))
    assert parse_rupees(shown.lstrip("-")) == abs(paise)


def test_known_amounts() -> None:
    assert amount(10_000_000, "hi") == "₹1,00,000.00"
    assert amount(10_000_000, "en", paper=True) == "Rs.1,00,000.00"
    assert amount(123_456_789_00, "hi") == "₹12,34,56,789.00"


def test_devanagari_is_measured_as_the_terminal_draws_it() -> None:
    assert cells("नमस्ते") == 4  # na, ma, s-te (a cell per consonant; virama and e-sign none)
    assert cells("शनिवार") == 6  # the i-sign and aa-sign take a cell each
    assert cells("प्रेषिती") < len("प्रेषिती")
    assert cells("Addressee") == 9
    padded = fit("प्रेषिती", 10)
    assert cells(padded) == 10 and padded.startswith("प्रेषिती")
    cut = fit("श्रीमती सीता देवी", 5)
    assert cells(cut) == 5 and cut.startswith("श्री")


def test_the_linux_console_falls_back_to_english_and_says_so() -> None:
    console = screen_language("hi", {"TERM": "linux", "LANG": "hi_IN.UTF-8"})
    assert (console.language, console.notice) == ("en", FALLBACK_NOTICE)
    assert screen_language("hi", {"TERM": "xterm-256color", "LANG": "hi_IN.UTF-8"}).language == "hi"
    assert screen_language("hi", {"TERM": "xterm", "LC_ALL": "C"}).language == "en"
    assert screen_language("en", {"TERM": "linux"}).notice == ""
