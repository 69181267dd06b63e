"""The names of the inputs a refusal names ("weight: the scale reads 0 g ..."), so the name
is said in the clerk's language too. The refusal keeps its English key (`exc.field`) for
code and JSON; only what a person reads is translated."""

from __future__ import annotations

from postterm.i18n.catalogs import N_

FIELD_NAMES = (
    N_("article"),
    N_("basket"),
    N_("cash"),
    N_("clerk"),
    N_("counted"),
    N_("counter"),
    N_("day"),
    N_("insure"),
    N_("key"),
    N_("mobile"),
    N_("note"),
    N_("office"),
    N_("reason"),
    N_("service"),
    N_("size"),
    N_("supervisor"),
    N_("tendered"),
    N_("to"),
    N_("upi"),
    N_("utr"),
    N_("weight"),
    N_("name"),
    N_("address"),
    N_("sender name"),
    N_("sender address"),
    N_("sender mobile"),
    N_("journal"),
)
