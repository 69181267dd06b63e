"""The migrated opening cash: once two supervisors have approved an office's migrated closing
balances, the office's cash goes to the drawer of the first counter of the office to begin a
day, as that day's expected opening cash (the central decides which counter:
`POST /v1/master/balances/opening-cash`).

A counter asks at day-begin until the central has answered (the cash is this counter's, or
went to another counter), and records the answer in that day-begin entry, so it never
expects the migrated cash twice. No balances, balances awaiting approval, or no central
within the short time-out: nothing is expected, and the counter asks again next time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from postterm.core import entries
from postterm.core.entries import DayBegin, entry_of
from postterm.core.journal import parse_entry
from postterm.store.journal_store import Journal
from postterm.sync.client import CentralClient, CentralError


@dataclass(frozen=True)
class MigratedCash:
    expected_paise: int  # 0 when the office's cash went to another counter
    counted: str  # the old system's count by note, "500x4,10x3" ("" when not ours)
    as_of: str  # the date of the migrated balances
    terminal_id: str  # the counter whose drawer took the cash
    yours: bool

    def recorded(self) -> entries.MigratedCash:
        """The answer as the day-begin entry records it."""
        return entries.MigratedCash(self.expected_paise, self.counted, self.as_of, self.terminal_id)


def answered_before(journal: Journal) -> bool:
    """Has a day-begin of this counter already recorded the central's answer?"""
    for stored in journal.entries(kind="day-begin"):
        typed = entry_of(parse_entry(stored.entry))
        if isinstance(typed, DayBegin) and typed.migrated_cash is not None:
            return True
    return False


def ask_central(client: CentralClient) -> MigratedCash | None:
    """The central's answer, or None when it has none to give yet (or cannot be reached)."""
    try:
        body: Mapping[str, Any] = client.post("/v1/master/balances/opening-cash", {})
        return MigratedCash(
            int(body["expected_opening_cash_paise"]),
            str(body["counted"]),
            str(body["as_of"]),
            str(body["terminal_id"]),
            bool(body["yours"]),
        )
    except (CentralError, KeyError, TypeError, ValueError):
        return None
