"""The verdict on each sent entry, judged from what the central holds (no database)."""

from __future__ import annotations

from postterm.central.ingest import judge
from postterm.central.journal_wire import SentEntry
from postterm.core.journal import GENESIS_HASH
from tests.central.entries import CounterJournal, article_id


def _journal() -> CounterJournal:
    journal = CounterJournal("T1")
    journal.book([article_id(40000001)])
    journal.book([article_id(40000002)])
    return journal


def _sent(journal: CounterJournal, seq: int, **changes: object) -> SentEntry:
    _, raw, digest = journal.records[seq - 1]
    return SentEntry.model_validate({"seq": seq, "entry": raw.decode(), "hash": digest, **changes})


def test_each_branch_of_the_verdict() -> None:
    journal = _journal()
    (_, raw1, hash1), (_, raw2, hash2) = journal.records
    first = judge(_sent(journal, 1), "T1", {}, 0, GENESIS_HASH)
    assert (first.status, first.hash, first.stop, first.raw) == ("accepted", hash1, None, raw1)
    again = judge(_sent(journal, 1), "T1", {1: (raw1, hash1)}, 1, hash1)
    assert (again.status, again.hash, again.stop) == ("duplicate", hash1, None)
    other = judge(_sent(journal, 1, entry=raw2.decode()), "T1", {1: (raw1, hash1)}, 1, hash1)
    assert (other.status, other.hash, other.stop) == ("conflict", hash1, "terminal quarantined")
    lost = judge(_sent(journal, 1), "T1", {}, 1, hash1)
    assert (lost.status, lost.reason) == (
        "rejected",
        "the central does not hold seq 1 below its mark 1",
    )
    gap = judge(_sent(journal, 2), "T1", {}, 0, GENESIS_HASH)
    assert (gap.status, gap.reason, gap.stop) == (
        "gap",
        "seq 1 is missing: send from seq 1",
        "batch stopped at the gap before seq 2",
    )
    foreign = judge(_sent(journal, 1), "T2", {}, 0, GENESIS_HASH)
    assert (foreign.status, foreign.reason, foreign.stop) == (
        "rejected",
        "entry is for terminal 'T1', not T2",
        "batch stopped at seq 1",
    )
    wrong_hash = judge(_sent(journal, 2, hash="0" * 64), "T1", {}, 1, hash1)
    assert wrong_hash.status == "rejected"
    assert wrong_hash.reason == (
        f"hash does not follow the chain: the central computes {hash2}"
        " from the bytes and the hash of seq 1"
    )
    lone = SentEntry.model_construct(seq=1, entry="\ud800", hash=None)  # JSON allows it
    surrogate = judge(lone, "T1", {}, 0, GENESIS_HASH)
    assert (surrogate.status, surrogate.reason) == ("rejected", "entry is not valid UTF-8 text")
