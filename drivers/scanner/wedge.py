"""Tell a keyboard-wedge scan from typing, as pure logic over (character, time) events.

A USB HID scanner types its code as keystrokes. A burst of at least `min_chars` characters,
no more than `max_gap_s` apart, ending in Enter (or Tab), is a scan (Odoo's barcode service
uses 100 ms; we default to 60). Over SSH packets can merge or split a burst, so a configured
`prefix_key` (a key clerks never type, programmed into the scanner) followed by the code
and Enter is a scan whatever the timing.

    detector = WedgeDetector(WedgeRules(max_gap_s=0.06))
    for out in detector.feed("E", time.monotonic()): ...   # Scanned or Typed
    for out in detector.flush(time.monotonic()): ...       # call on a timer (every ~gap)

Typed keys are held until they cannot be the start of a scan (at most `max_gap_s`), then
come back as `Typed` for the focused field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENDERS = ("\r", "\n", "\t")


@dataclass(frozen=True)
class WedgeRules:
    max_gap_s: float = 0.06
    min_chars: int = 3
    prefix_key: str = ""
    prefix_timeout_s: float = 1.0  # a prefix with no Enter after this long was typing


@dataclass(frozen=True)
class Scanned:
    """A code the scanner typed."""

    code: str


@dataclass(frozen=True)
class Typed:
    """Keys a person typed, in order, to hand on to the focused field."""

    text: str


WedgeOutput = Scanned | Typed


@dataclass
class WedgeDetector:
    """Feed every key with its monotonic time; get scans and typed keys back, in order."""

    rules: WedgeRules = field(default_factory=WedgeRules)
    _held: list[str] = field(default_factory=list)
    _last_at: float = 0.0
    _started_at: float = 0.0
    _after_prefix: bool = False

    def feed(self, char: str, at: float) -> list[WedgeOutput]:
        """One key at monotonic time `at`."""
        out = self.flush(at)
        if self.rules.prefix_key and char == self.rules.prefix_key:
            out.extend(self._release())
            self._after_prefix, self._started_at, self._last_at = True, at, at
            return out
        if char in ENDERS:
            if self._after_prefix:
                code = "".join(self._held)
                self._reset()
                out.append(Scanned(code) if code else Typed(self.rules.prefix_key + char))
                return out
            if len(self._held) >= self.rules.min_chars:
                code = "".join(self._held)
                self._reset()
                out.append(Scanned(code))
                return out
            out.extend(self._release(char))
            return out
        if not self._held:
            self._started_at = at
        self._held.append(char)
        self._last_at = at
        return out

    def flush(self, now: float) -> list[WedgeOutput]:
        """Release held keys that can no longer be part of a scan (call on a timer too)."""
        if not self._held and not self._after_prefix:
            return []
        if self._after_prefix:
            if now - self._started_at > self.rules.prefix_timeout_s:
                return self._release(prefix=True)
            return []
        if now - self._last_at > self.rules.max_gap_s:
            return self._release()
        return []

    def _release(self, tail: str = "", *, prefix: bool = False) -> list[WedgeOutput]:
        lead = self.rules.prefix_key if prefix or self._after_prefix else ""
        text = lead + "".join(self._held) + tail
        self._reset()
        return [Typed(text)] if text else []

    def _reset(self) -> None:
        self._held.clear()
        self._after_prefix = False
