"""Replicating the journal to the central: every entry above the acknowledged mark, in order,
in batches; exactly once in effect, because the central ingests idempotently by
(terminal, seq) and the counter only moves its mark to what the central acknowledged.

A lost reply is harmless: the next push resends and the central answers `duplicate`. When
the central is unreachable or answers 5xx the replicator backs off with jitter; a 4xx is
final (the reason is kept and shown); 423 (quarantined after a conflict) stops replication
until an administrator resumes the terminal, and nothing held here is lost meanwhile; a 401
flagged `revoked` is kept likewise (the counter then refuses to book, see
`SyncState.refusal`). Every failed call, a master-data pull included, leaves its reason in
`last_error`.

Before its first push the replicator asks the central for its mark, and every reply carries
it: the mark is kept beside the database (so an emptied or replaced database still knows
it), and a journal that does not reach it is refused for pushing and booking alike, instead
of resending seq 1 and being quarantined for a conflict. A batch the central refuses
without moving the mark (an entry rejected, a gap) ends the push: `push_until_done` returns
at once with the reason, and the background loop backs off; how often it was refused is
kept and shown by `postterm status`.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from postterm.store.journal_store import Journal, JournalUnusable, StoredEntry
from postterm.store.local_state import (
    add_notice,
    clear_refusal,
    load_sync_state,
    note_refusal,
    save_central_mark,
    save_sync_state,
)
from postterm.sync.client import CentralClient, CentralError
from postterm.sync.enrolment import pull_master

BATCH = 100
MASTER_EVERY_S = 300.0  # users and tariffs are pulled again this often (an ETag makes it cheap)


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows about replication."""

    online: bool
    pending: int
    acked_seq: int
    last_success_at: str | None
    last_error: str | None
    quarantined: str | None
    stopped: str | None  # a final refusal: replication waits for a person
    revoked: str | None = None


class BatchRefused(CentralError):
    """The central refused a batch without taking any of it; the same batch would be
    refused again, so the push ends and the background loop backs off."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, transient=False)


@dataclass(frozen=True)
class PushResult:
    pushed: int
    pending: int
    online: bool
    error: str | None = None


class Replicator:
    """Pushes one counter's journal; call `push_until_done()` or run `start()` in a thread."""

    def __init__(
        self,
        journal: Journal,
        client: CentralClient,
        *,
        batch: int = BATCH,
        base_delay_s: float = 0.5,
        max_delay_s: float = 30.0,
        idle_poll_s: float = 2.0,
        rng: random.Random | None = None,
    ) -> None:
        self.journal = journal
        self.client = client
        self.batch = batch
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.idle_poll_s = idle_poll_s
        self._rng = rng or random.Random()
        self._online = False
        self._stopped: str | None = None
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one push at a time
        self._mark_checked = False
        self.on_change: Callable[[SyncStatus], None] | None = None

    # -- state ----------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        state = load_sync_state(self.journal.engine)
        last = self.journal.last()
        pending = (last.seq if last else 0) - state.acked_seq
        return SyncStatus(
            self._online,
            max(0, pending),
            state.acked_seq,
            state.last_success_at,
            state.last_error,
            state.quarantined,
            self._stopped,
            state.revoked,
        )

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.status())

    # -- one push -------------------------------------------------------------------------

    def push_once(self) -> PushResult:
        """Send the next batch above the mark; raises CentralError when it cannot."""
        with self._lock:
            if not self._mark_checked:
                self._check_mark()
            state = load_sync_state(self.journal.engine)
            entries = self._sendable(state.acked_seq)
            if not entries:
                if state.revoked or state.quarantined:  # resumed? nothing to push tells us
                    self._check_mark()
                self._online = True
                return PushResult(0, 0, True)
            reply = self.client.push([(e.seq, e.entry, e.hash) for e in entries])
            pushed = self._take_reply(reply)
            self._online = True
            if int(reply["ack_seq"]) <= state.acked_seq and not reply.get("quarantined"):
                self._refused(entries[0].seq, reply)
            clear_refusal(self.journal.engine)
            status = self.status()
            return PushResult(pushed, status.pending, True)

    def _sendable(self, acked_seq: int) -> list[StoredEntry]:
        """The next batch; none from a journal that is not this terminal's or is behind the
        central, and only what comes before the break of a broken one."""
        why = self.journal.unusable
        if why is not None and why.trouble != "broken":
            self._stop_for(why)
        entries = list(self.journal.entries(after=acked_seq, limit=self.batch))
        if why is not None and why.seq is not None:
            entries = [e for e in entries if e.seq < why.seq]
        return entries

    def _check_mark(self) -> None:
        """Ask the central how far it holds this journal before sending anything; its
        answer also says this terminal is trusted again (not revoked) or quarantined."""
        mark = self.client.mark()
        self._mark_checked = True
        self._take_mark(mark)
        self._heard_mark(int(mark["ack_seq"]), str(mark["ack_hash"]))

    def _heard_mark(self, ack_seq: int, ack_hash: str) -> None:
        """Keep the central's mark beside the database; stop if this journal is behind it."""
        enrolment = self.journal.enrolment
        terminal = enrolment.terminal_id if enrolment is not None else self.journal.terminal
        save_central_mark(self.journal.data_dir, terminal, ack_seq, ack_hash)
        why = self.journal.behind(ack_seq, ack_hash)
        if why is not None:
            add_notice(self.journal.engine, "mismatch", why.reason, seq=ack_seq)
            self.journal.refuse(why)
            self._stop_for(why)

    def _stop_for(self, why: JournalUnusable) -> None:
        self._stopped = why.reason
        save_sync_state(self.journal.engine, last_error=why.reason)
        raise CentralError(why.reason, transient=False)

    def _refused(self, first_seq: int, reply: dict[str, Any]) -> None:
        """The central took nothing of the batch: say what it refused, count it, end."""
        outcome: dict[str, Any] = next(
            (
                o
                for o in reply.get("results", [])
                if o.get("status") not in ("accepted", "duplicate")
            ),
            {},
        )
        seq = outcome.get("seq", first_seq)
        why = outcome.get("reason") or outcome.get("status") or "no reason given"
        times, since = note_refusal(self.journal.engine, f"seq {seq}: {why}")
        reason = (
            f"the central refused seq {seq}: {why} (refused {times} times since "
            f"{since[:16].replace('T', ' ')} UTC; nothing was taken)"
        )
        save_sync_state(self.journal.engine, last_error=reason)
        raise BatchRefused(reason)

    def _take_reply(self, reply: dict[str, Any]) -> int:
        engine = self.journal.engine
        pushed = 0
        for outcome in reply.get("results", []):
            status, seq = outcome.get("status"), outcome.get("seq")
            if status in ("accepted", "duplicate"):
                pushed += status == "accepted"
            elif status in ("conflict", "rejected"):
                add_notice(engine, status, str(outcome.get("reason") or status), seq=seq)
            for reuse in outcome.get("duplicate_utrs", []) or []:
                add_notice(engine, "duplicate-utr", str(reuse.get("reason") or reuse), seq=seq)
            for label in outcome.get("duplicate_labels", []) or []:
                add_notice(
                    engine,
                    "duplicate-label",
                    f"{label.get('article_id')} is also booked by office "
                    f"{label.get('holder_office_id')} (terminal "
                    f"{label.get('holder_terminal_id')}, seq {label.get('holder_seq')})",
                    seq=seq,
                    article_id=label.get("article_id"),
                )
        ack_seq, ack_hash = int(reply["ack_seq"]), str(reply["ack_hash"])
        self._heard_mark(ack_seq, ack_hash)
        quarantined = reply.get("quarantine_reason") if reply.get("quarantined") else None
        changes: dict[str, Any] = {"contact": reply["contact"]} if reply.get("contact") else {}
        save_sync_state(
            engine,
            acked_seq=ack_seq,
            acked_hash=ack_hash,
            last_success_at=datetime.now(UTC).isoformat(),
            last_error=quarantined,
            quarantined=quarantined,
            revoked=None,
            **changes,
        )
        if quarantined:
            self._stopped = f"quarantined by the central: {quarantined}"
        return pushed

    def sync_now(self, pull_master_data: bool = True) -> PushResult:
        """Pull master data (unless told not to), then push until done; a failure of either
        is recorded (last error, revoked, quarantined) and raised."""
        if pull_master_data:
            try:
                pull_master(self.journal.engine, self.client)
            except CentralError as exc:
                self._record_failure(exc)
                raise
        return self.push_until_done()

    def _take_mark(self, mark: dict[str, Any]) -> None:
        """The central answered for this terminal, so it is not revoked; quarantined as the
        mark says."""
        quarantined = mark.get("quarantine_reason") if mark.get("quarantined") else None
        save_sync_state(
            self.journal.engine, revoked=None, quarantined=quarantined, last_error=quarantined
        )
        if quarantined:
            self._stopped = f"quarantined by the central: {quarantined}"

    def push_until_done(self, max_batches: int = 10_000) -> PushResult:
        """Push batch after batch until nothing is pending; errors are recorded and raised."""
        total = 0
        for _ in range(max_batches):
            try:
                result = self.push_once()
            except CentralError as exc:
                self._record_failure(exc)
                raise
            total += result.pushed
            if result.pending == 0 or self._stopped:
                return PushResult(total, result.pending, True)
        return PushResult(total, self.status().pending, True)

    def _record_failure(self, exc: CentralError) -> None:
        self._online = isinstance(exc, BatchRefused) or (
            not exc.transient and exc.status is not None
        )
        changes: dict[str, Any] = {"last_error": exc.reason}
        if exc.contact:
            changes["contact"] = exc.contact
        if exc.revoked:
            changes["revoked"] = exc.reason
            self._stopped = f"revoked by the central: {exc.reason}"
        elif exc.quarantined:
            changes["quarantined"] = exc.reason
            self._stopped = f"quarantined by the central: {exc.reason}"
        elif not exc.transient and not isinstance(exc, BatchRefused):
            self._stopped = exc.reason
        save_sync_state(self.journal.engine, **changes)

    # -- in the background ----------------------------------------------------------------

    def nudge(self) -> None:
        """Something was appended: push soon rather than at the next poll."""
        self._wake.set()

    def resume(self) -> None:
        """A person fixed what stopped replication (e.g. the central resumed us)."""
        self._stopped = None
        self._mark_checked = False
        save_sync_state(self.journal.engine, quarantined=None, revoked=None, last_error=None)
        self._wake.set()

    def start(self, pull_master_data: bool = True) -> None:
        self._halt.clear()
        self._thread = threading.Thread(
            target=self._run, args=(pull_master_data,), name="postterm-replicator", daemon=True
        )
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._halt.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def delay_after(self, failures: int) -> float:
        """Exponential back-off with full jitter, capped."""
        ceiling = min(self.max_delay_s, self.base_delay_s * (2 ** min(failures, 16)))
        return self._rng.uniform(self.base_delay_s / 2, ceiling)

    def _run(self, pull_master_data: bool) -> None:
        import time

        failures = 0
        next_pull = time.monotonic() if pull_master_data else float("inf")
        while not self._halt.is_set():
            wait = self.idle_poll_s
            if self._stopped is None:
                try:
                    pull = time.monotonic() >= next_pull
                    self.sync_now(pull_master_data=pull)
                    if pull:
                        next_pull = time.monotonic() + MASTER_EVERY_S
                    failures = 0
                except CentralError:
                    failures += 1
                    wait = self.delay_after(failures)
                except Exception as exc:  # never let the thread die silently
                    failures += 1
                    save_sync_state(
                        self.journal.engine, last_error=f"sync failed: {type(exc).__name__}: {exc}"
                    )
                    wait = self.delay_after(failures)
                self._changed()
            self._wake.wait(wait)
            self._wake.clear()
