"""Journal entries: their canonical bytes and the hash chain that links them.

An entry is `{v, terminal, seq, kind, created_at, business_date, clerk, payload}`. Its bytes
are canonical JSON: UTF-8, keys sorted, no insignificant whitespace, and no floats anywhere
(money is paise, weight is grams, times are ISO 8601 strings with an offset). Each entry's
hash is `sha256(prev_hash_hex || entry_bytes)` as lowercase hex, where `prev_hash_hex` is the
previous entry's hash (64 zeros before seq 1) written as its 64 ASCII characters.

Whoever checks a chain recomputes hashes from the bytes it holds; it never re-serialises.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

GENESIS_HASH = "0" * 64
ENTRY_KEYS = frozenset(
    {"v", "terminal", "seq", "kind", "created_at", "business_date", "clerk", "payload"}
)


class JournalFormatError(ValueError):
    """Bytes or values that cannot be a journal entry; the message says which part."""


def _check_value(value: Any, where: str) -> None:
    if isinstance(value, float):
        raise JournalFormatError(f"{where}: floats are not allowed (use integer paise/grams)")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise JournalFormatError(f"{where}: keys must be strings, got {key!r}")
            _check_value(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_value(item, f"{where}[{index}]")
    elif not (value is None or isinstance(value, str | int | bool)):
        raise JournalFormatError(f"{where}: {type(value).__name__} is not a JSON value")


def canonical_bytes(value: Mapping[str, Any]) -> bytes:
    """The one byte form of `value`: sorted keys, no spaces, UTF-8, integers only."""
    _check_value(value, "entry")
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def chain_hash(prev_hash: str, entry_bytes: bytes) -> str:
    """`sha256(prev_hash_hex || entry_bytes)` as lowercase hex."""
    if len(prev_hash) != 64:
        raise JournalFormatError("prev_hash must be 64 hex characters")
    return hashlib.sha256(prev_hash.encode("ascii") + entry_bytes).hexdigest()


@dataclass(frozen=True)
class JournalEntry:
    """One entry as the terminal wrote it. `payload` is kind-specific, versioned by `v`."""

    terminal: str
    seq: int
    kind: str
    created_at: datetime
    business_date: date
    clerk: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    v: int = 1

    def __post_init__(self) -> None:
        if self.seq < 1:
            raise JournalFormatError(f"seq must be 1 or more, got {self.seq}")
        if self.created_at.tzinfo is None or self.created_at.utcoffset() is None:
            raise JournalFormatError("created_at must carry a timezone offset")
        if not self.terminal or not self.kind:
            raise JournalFormatError("terminal and kind must not be empty")

    def as_object(self) -> dict[str, Any]:
        return {
            "v": self.v,
            "terminal": self.terminal,
            "seq": self.seq,
            "kind": self.kind,
            "created_at": self.created_at.isoformat(),
            "business_date": self.business_date.isoformat(),
            "clerk": self.clerk,
            "payload": dict(self.payload),
        }

    def to_bytes(self) -> bytes:
        return canonical_bytes(self.as_object())


def parse_entry(entry_bytes: bytes) -> JournalEntry:
    """Read entry bytes back; refuses anything that is not an entry in canonical form."""
    try:
        obj = json.loads(entry_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JournalFormatError(f"entry is not UTF-8 JSON: {exc}") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise JournalFormatError(f"entry is not usable JSON: {exc}") from exc
    except RecursionError:
        raise JournalFormatError("entry is nested too deeply to be a journal entry") from None
    if not isinstance(obj, dict):
        raise JournalFormatError("entry must be a JSON object")
    if set(obj) != ENTRY_KEYS:
        missing = sorted(ENTRY_KEYS - set(obj))
        extra = sorted(set(obj) - ENTRY_KEYS)
        raise JournalFormatError(f"entry keys wrong: missing {missing}, unexpected {extra}")
    for key in ("v", "seq"):
        if not isinstance(obj[key], int) or isinstance(obj[key], bool):
            raise JournalFormatError(f"{key} must be an integer")
    for key in ("terminal", "kind", "created_at", "business_date", "clerk"):
        if not isinstance(obj[key], str):
            raise JournalFormatError(f"{key} must be a string")
    if not isinstance(obj["payload"], dict):
        raise JournalFormatError("payload must be an object")
    try:
        created_at = datetime.fromisoformat(obj["created_at"])
        business_date = date.fromisoformat(obj["business_date"])
    except ValueError as exc:
        raise JournalFormatError(f"bad date or time: {exc}") from exc
    entry = JournalEntry(
        terminal=obj["terminal"],
        seq=obj["seq"],
        kind=obj["kind"],
        created_at=created_at,
        business_date=business_date,
        clerk=obj["clerk"],
        payload=obj["payload"],
        v=obj["v"],
    )
    if entry.to_bytes() != entry_bytes:
        raise JournalFormatError("entry bytes are not in canonical form")
    return entry


@dataclass(frozen=True)
class ChainBreak:
    """The first place a chain does not hold, and why."""

    seq: int
    reason: str


def verify_chain(
    records: Iterable[tuple[int, bytes, str]],
    *,
    prev_hash: str = GENESIS_HASH,
    first_seq: int = 1,
) -> ChainBreak | None:
    """Check `(seq, entry_bytes, stored_hash)` records in order; None when all hold.

    Seqs must run gap-free from `first_seq`; each stored hash must equal the hash recomputed
    from the bytes and the previous hash; each entry's own `seq` must match its position.
    """
    expected_seq = first_seq
    for seq, entry_bytes, stored_hash in records:
        if seq != expected_seq:
            return ChainBreak(expected_seq, f"seq {expected_seq} is missing (found {seq})")
        try:
            entry = parse_entry(entry_bytes)
        except JournalFormatError as exc:
            return ChainBreak(seq, str(exc))
        if entry.seq != seq:
            return ChainBreak(seq, f"entry says seq {entry.seq} but is stored as seq {seq}")
        recomputed = chain_hash(prev_hash, entry_bytes)
        if recomputed != stored_hash:
            return ChainBreak(seq, "hash does not match the entry's bytes and the chain")
        prev_hash = stored_hash
        expected_seq += 1
    return None
