"""The tariff book and route rules a counter's settings call for."""

from __future__ import annotations

from postterm.config.loader import ConfigError
from postterm.config.model import Settings
from postterm.core.route import RouteOverride, RouteRules
from postterm.core.tariff_book import TariffBook, packaged_book
from postterm.core.tariff_table import TariffDataError


def tariff_book(settings: Settings) -> TariffBook:
    """The configured tariff directory's tables, or the packaged ones when none is set."""
    folder = settings.tariffs.dir
    try:
        if folder is None:
            return packaged_book()
        files = sorted(folder.glob("*.toml"))
        if not files:
            raise ConfigError(f"tariffs.dir: no *.toml tariff tables in {folder}")
        return TariffBook.from_texts((str(f), f.read_text(encoding="utf-8")) for f in files)
    except TariffDataError as exc:
        raise ConfigError(str(exc)) from None
    except OSError as exc:
        raise ConfigError(f"tariffs.dir: cannot read {folder}: {exc.strerror or exc}") from None


def route_rules(settings: Settings) -> RouteRules:
    return RouteRules(
        local_radius_km=settings.tariffs.local_radius_km,
        overrides=tuple(
            RouteOverride(o.from_prefix, o.to_prefix, o.local, o.distance_km)
            for o in settings.tariffs.route_overrides
        ),
    )
