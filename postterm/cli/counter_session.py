"""Opening the counter for one verb, with every refusal turned into one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from postterm.cli.output import EXIT_NEGATIVE, fail
from postterm.config import ConfigError, Settings
from postterm.core.booking import BookingRefused
from postterm.counter.clerks import LoginRefused, NewPinNeeded
from postterm.counter.counter import Counter, CounterNotReady, StorageRefused
from postterm.i18n.said import said_of
from postterm.store.writer_lock import WriterBusy


@contextmanager
def counter_session(data_dir: Path, settings: Settings, *, as_json: bool) -> Iterator[Counter]:
    """The counter, open for writing; refusals leave with one line (exit 2, or 1 if busy or
    the journal cannot be added to)."""
    try:
        counter = Counter(data_dir, settings)
    except StorageRefused as exc:
        fail(exc.reason, as_json=as_json, code=EXIT_NEGATIVE)
    except (CounterNotReady, ConfigError) as exc:
        fail(said_of(exc), as_json=as_json)
    except WriterBusy as exc:
        fail(said_of(exc), as_json=as_json, code=EXIT_NEGATIVE)
    try:
        yield counter
    except StorageRefused as exc:
        fail(exc.reason, as_json=as_json, code=EXIT_NEGATIVE)
    except NewPinNeeded as exc:
        fail(f"{exc}: postterm login --clerk {exc.user_id} --new-pin", as_json=as_json)
    except (BookingRefused, LoginRefused) as exc:
        fail(said_of(exc), as_json=as_json)
    finally:
        counter.close()
