"""All the tariff tables a counter prices with, and which one applies on a date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources

from postterm.core.tariff_table import TariffDataError, TariffTable, parse_table

PACKAGED = "postterm.data"


@dataclass(frozen=True)
class TariffBook:
    tables: tuple[TariffTable, ...]

    @classmethod
    def from_texts(cls, texts: Iterable[tuple[str, str]]) -> TariffBook:
        """Tables from `(origin, toml_text)` pairs; refuses two tables with one id."""
        tables: list[TariffTable] = []
        for origin, text in texts:
            table = parse_table(text, origin)
            clash = next((t for t in tables if t.id == table.id), None)
            if clash is not None:
                raise TariffDataError(f"{origin}: id: {table.id!r} is also used by {clash.origin}")
            tables.append(table)
        return cls(tuple(tables))

    def table_for(self, service: str, on: date) -> TariffTable | None:
        """The table pricing `service` on `on`: of those covering it, the latest to start."""
        candidates = [t for t in self.tables if t.covers(service, on)]
        return max(candidates, key=lambda t: t.effective_from, default=None)

    @property
    def services(self) -> tuple[str, ...]:
        return tuple(sorted({s for t in self.tables for s in t.services}))


def packaged_texts() -> list[tuple[str, str]]:
    """The tariff files shipped inside the package, as `(name, text)`."""
    folder = resources.files(PACKAGED) / "tariffs"
    return sorted(
        (f"tariffs/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def packaged_book() -> TariffBook:
    return TariffBook.from_texts(packaged_texts())
