"""Figures for the counter screen in Hindi against English, on a real pty at 80x24 with
TERM=xterm and a UTF-8 locale (bench/tui.py's terminal).

Run: uv run python bench/tui_hindi.py [--samples 5]
Prints: `postterm run` start-up to the login screen drawn with the screens in Hindi and in
English (best and median of the samples, taken in turn; target: Hindi within 5 % of
English), and bytes written to the terminal for one scripted one-article booking in each
language (the demo, the same keys; Devanagari is 3 bytes a letter in UTF-8).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.tui import Terminal, counter_with_central, environment

# what each screen shows when it is ready, per language (the booking keys are the same)
SHOWN = {
    "en": {
        "login": "counter login",
        "day": "Begin the business day",
        "stable": "STABLE",
        "due": "CASH DUE",
        "booked": "BOOKED",
    },
    "hi": {
        "login": "काउंटर लॉग इन",
        "day": "कारोबारी दिन शुरू करें",
        "stable": "स्थिर",
        "due": "देय नकद",
        "booked": "बुक हुआ",
    },
}


def env_for(language: str) -> dict[str, str]:
    return environment() | {"LANG": "C.UTF-8", "POSTTERM_UI__LANGUAGE": language}


def book_one_article(term: Terminal, language: str) -> int:
    """Log in, open the day, book one document by keystrokes; bytes written for the
    booking itself (from the filled-in article to the BOOKED line)."""
    shown = {k: v.encode() for k, v in SHOWN[language].items()}
    term.type("476337-SO-01")
    term.key("enter")
    term.type("246810")
    term.key("enter")
    term.wait_for(shown["day"])
    term.type("500x4")
    term.key("enter")
    term.wait_for(shown["stable"])
    time.sleep(0.5)
    start = term.size()
    for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath, New Delhi"):
        term.type(value)
        term.key("enter")
    term.key("f5")
    term.wait_for(shown["due"], since=start)
    term.type("100")
    term.key("enter")
    term.wait_for(shown["booked"], since=start)
    time.sleep(1.0)
    return term.size() - start


def booking_bytes() -> None:
    for language in ("en", "hi"):
        with tempfile.TemporaryDirectory() as tmp:
            argv = [sys.executable, "-m", "postterm", "demo", "--dir", f"{tmp}/demo"]
            term = Terminal(argv, env_for(language))
            try:
                term.wait_for(SHOWN[language]["login"].encode())
                time.sleep(1.0)
                written = book_one_article(term, language)
                term.key("ctrl+q")  # the demo stops its central on the way out
                term.process.wait(30)
            finally:
                term.close()
        print(f"  one one-article booking in {language}: {written / 1024:6.1f} KB to the terminal")


def startup(samples: int) -> None:
    taken: dict[str, list[float]] = {"en": [], "hi": []}
    with counter_with_central() as (_, config):
        for _ in range(samples):
            for language in ("en", "hi"):
                argv = [sys.executable, "-m", "postterm", "run", "--config", str(config)]
                term = Terminal(argv, env_for(language))
                try:
                    drawn = term.wait_for(SHOWN[language]["login"].encode())
                    taken[language].append(drawn - term.started)
                finally:
                    term.close()
                    time.sleep(0.5)
    for language in ("en", "hi"):
        runs = taken[language]
        print(
            f"  postterm run in {language}: login screen drawn after {min(runs):5.2f} s best, "
            f"{statistics.median(runs):5.2f} s median of {len(runs)}"
        )
    ratio = statistics.median(taken["hi"]) / statistics.median(taken["en"])
    print(f"  Hindi / English start-up (medians): {ratio:5.3f}   (target <= 1.05)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    print("postterm TUI in Hindi and English (pty 80x24, TERM=xterm, LANG=C.UTF-8)")
    startup(args.samples)
    booking_bytes()


if __name__ == "__main__":
    main()
