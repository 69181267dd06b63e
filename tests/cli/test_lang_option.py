"""`--lang hi|en` on `quote`, `track` and `status`: the text output for people in the language
asked for (over the settings' and POSTTERM_UI__LANGUAGE), the `--json` output English keys
and values whichever language is asked."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.enrolled import enrol_on_disk
from tests.support.postterm_process import on_counter
from tests.support.postterm_process import postterm as run

QUOTE = (
    "quote",
    *("--service", "speedpost-parcel", "--weight", "700", "--registered"),
    *("--from", "476337", "--to", "110001", "--date", "2026-01-15"),
)


def test_quote_in_hindi_keeps_its_columns_and_its_json_english() -> None:
    hindi = run(*QUOTE, "--lang", "hi")
    english = run(*QUOTE, "--lang", "en", env={"POSTTERM_UI__LANGUAGE": "hi"})
    assert hindi.returncode == english.returncode == 0, hindi.stderr + english.stderr
    assert "कुल" in hindi.stdout and "पंजीकरण" in hindi.stdout and "दर अपुष्ट" not in english.stdout
    assert "Total" in english.stdout and "कुल" not in english.stdout  # --lang over the variable
    # the amounts end in the same column in both languages (measured in terminal cells)
    from postterm.i18n.width import cells

    def amount_ends(out: str) -> set[int]:
        return {cells(line) for line in out.splitlines() if line.rstrip().endswith(".00")}

    assert (
        amount_ends(hindi.stdout) == amount_ends(english.stdout)
        and len(amount_ends(hindi.stdout)) == 1
    )
    as_json = [json.loads(run(*QUOTE, "--lang", lang, "--json").stdout) for lang in ("hi", "en")]
    assert as_json[0] == as_json[1]
    assert [line["label"] for line in as_json[0]["lines"]][1] == "Registration"


def test_track_and_status_speak_the_language_asked(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    track_hi = on_counter(tmp_path, "track", "EE123456785IN", "--lang", "hi")
    track_en = on_counter(tmp_path, "track", "EE123456785IN", "--lang", "en")
    assert "कोई घटना ज्ञात नहीं" in track_hi.stdout, track_hi.stdout + track_hi.stderr
    assert "no events known" in track_en.stdout
    status_hi = on_counter(tmp_path, "status", "--lang", "hi")
    status_en = on_counter(tmp_path, "status", "--lang", "en", env={"POSTTERM_UI__LANGUAGE": "hi"})
    assert status_hi.returncode == status_en.returncode == 0, status_hi.stderr
    assert "प्रविष्टियाँ" in status_hi.stdout or "प्रविष्टि" in status_hi.stdout, status_hi.stdout
    assert "entries" in status_en.stdout
    status_json = json.loads(on_counter(tmp_path, "status", "--lang", "hi", "--json").stdout)
    assert status_json["terminal_id"] == "T-TEST-1" and "entries" in status_json


def test_doctor_speaks_hindi_and_its_json_stays_english(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    hindi = on_counter(missing, "doctor", env={"POSTTERM_UI__LANGUAGE": "hi"}, timeout_s=120)
    assert f"{missing} मौजूद नहीं है" in hindi.stdout, hindi.stdout + hindi.stderr
    assert "उपाय: postterm enroll (या postterm setup) इसे बनाता है" in hindi.stdout
    as_json = on_counter(
        missing, "doctor", "--json", env={"POSTTERM_UI__LANGUAGE": "hi"}, timeout_s=120
    )
    checks = json.loads(as_json.stdout)["checks"]
    found = (
        checks["data_dir"]
        if isinstance(checks, dict)
        else next(c for c in checks if c["name"] == "data_dir")
    )
    assert found["detail"] == f"{missing} does not exist"
