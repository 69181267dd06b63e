"""Rupee amounts for people, in either language: Indian digit grouping always (lakh and
crore: 1,00,000), the rupee sign on screens and `Rs.` on paper, Latin digits in Hindi as
India Post prints them (so an amount reads the same to both and to a scanner of receipts)."""

from __future__ import annotations

from postterm.core.money import format_paper, format_screen
from postterm.i18n.catalogs import Language, current_language


def amount(paise: int, language: Language | None = None, *, paper: bool = False) -> str:
    """`paise` as `₹1,00,000.00` (screen) or `Rs.1,00,000.00` (paper); `language` changes no
    digit or grouping today, and is taken so callers never decide that themselves."""
    _ = language or current_language()
    return format_paper(paise) if paper else format_screen(paise)
