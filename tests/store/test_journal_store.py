from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from postterm.core.business_day import INDIA
from postterm.store.database import SCHEMA_VERSION, schema_version
from postterm.store.journal_store import DB_NAME, DuplicateBasket, Journal
from postterm.store.writer_lock import WriterBusy
from tests.support.journal_entries import booking_payload

MOMENT = datetime(2026, 1, 15, 10, 0, tzinfo=INDIA)


def append_booking(journal: Journal, article_id: str, key: str | None = None) -> int:
    stored = journal.append(
        kind="booking",
        clerk="C1",
        business_date=date(2026, 1, 15),
        created_at=MOMENT,
        payload=booking_payload([article_id]),
        basket_key=key,
    )
    return stored.seq


def test_commits_are_durable_wal_with_full_sync(tmp_path: Path) -> None:
    # A kill test cannot tell NORMAL from FULL (the OS still has the pages); assert the setting.
    with (
        Journal(tmp_path, write=True, terminal="T1") as journal,
        journal.engine.connect() as connection,
    ):
        assert connection.execute("PRAGMA journal_mode").scalar_one() == "wal"
        assert connection.execute("PRAGMA synchronous").scalar_one() == 2  # FULL


def test_seq_is_gap_free_and_chained(tmp_path: Path) -> None:
    with Journal(tmp_path, write=True, terminal="T1") as journal:
        seqs = [append_booking(journal, f"EE{n:08d}0IN") for n in range(5)]
        assert seqs == [1, 2, 3, 4, 5]
        assert journal.verify() is None


def test_a_basket_key_is_booked_once(tmp_path: Path) -> None:
    with Journal(tmp_path, write=True, terminal="T1") as journal:
        first = append_booking(journal, "EE000000000IN", key="k1")
        with pytest.raises(DuplicateBasket) as duplicate:
            append_booking(journal, "EE000000000IN", key="k1")
        assert duplicate.value.seq == first and journal.count() == 1


def test_a_second_writer_is_refused_naming_the_holder(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from postterm.store.writer_lock import "
            "WriterLock; lock = WriterLock(Path(sys.argv[1])); lock.acquire(who='postterm run'); "
            "print('held', flush=True); time.sleep(30)",
            str(tmp_path / f"{DB_NAME}.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(WriterBusy, match=rf"in use by postterm run \(pid {holder.pid},"):
            Journal(tmp_path, write=True, terminal="T1", wait_s=0.3)
    finally:
        holder.kill()
        holder.wait()
    # The lock died with its holder: writing works again.
    with Journal(tmp_path, write=True, terminal="T1", wait_s=2) as journal:
        append_booking(journal, "EE000000000IN")


def test_readers_work_while_a_writer_holds_the_journal(tmp_path: Path) -> None:
    with Journal(tmp_path, write=True, terminal="T1") as writer:
        append_booking(writer, "EE000000000IN")
        with Journal(tmp_path, write=False) as reader:
            assert reader.count() == 1 and reader.verify() is None
        append_booking(writer, "EE000000001IN")


def test_an_edited_row_is_found_at_its_seq(tmp_path: Path) -> None:
    with Journal(tmp_path, write=True, terminal="T1") as journal:
        for n in range(4):
            append_booking(journal, f"EE{n:08d}0IN")
    raw = sqlite3.connect(tmp_path / DB_NAME)
    entry = raw.execute("SELECT entry FROM journal WHERE seq = 3").fetchone()[0]
    raw.execute(
        "UPDATE journal SET entry = ? WHERE seq = 3",
        (bytes(entry).replace(b"EE00000002", b"EE00000009"),),
    )
    raw.commit()
    raw.close()
    with Journal(tmp_path, write=False) as journal:
        broken = journal.verify()
        assert broken is not None and broken.seq == 3


def test_a_rechained_journal_is_found_against_the_acknowledged_hash(tmp_path: Path) -> None:
    from postterm.core.journal import GENESIS_HASH, chain_hash

    with Journal(tmp_path, write=True, terminal="T1") as journal:
        for n in range(4):
            append_booking(journal, f"EE{n:08d}0IN")
        acked = journal.get(4)
        assert acked is not None
    # Rewrite seq 2 onward and recompute every hash: the chain alone now verifies.
    raw = sqlite3.connect(tmp_path / DB_NAME)
    rows = raw.execute("SELECT seq, entry FROM journal ORDER BY seq").fetchall()
    prev = GENESIS_HASH
    for seq, entry in rows:
        data = bytes(entry) if seq < 2 else bytes(entry).replace(b'"C1"', b'"C9"')
        prev = chain_hash(prev, data)
        raw.execute("UPDATE journal SET entry = ?, hash = ? WHERE seq = ?", (data, prev, seq))
    raw.commit()
    raw.close()
    with Journal(tmp_path, write=False) as journal:
        assert journal.verify() is None
        broken = journal.verify(acked_seq=4, acked_hash=acked.hash)
        assert broken is not None and broken.seq == 4 and "acknowledged" in broken.reason


def test_an_old_database_upgrades_in_place_without_loss(tmp_path: Path) -> None:
    # Build a schema-1 database as an older postterm left it, with one booking in it.
    with Journal(tmp_path, write=True, terminal="T1") as journal:
        append_booking(journal, "EE000000000IN")
    raw = sqlite3.connect(tmp_path / DB_NAME)
    raw.executescript(
        "DROP TABLE article_index; DROP TABLE master_data; DROP TABLE sync_state; "
        "DROP TABLE central_notice; DROP TABLE login_failure; "
        "PRAGMA user_version = 1;"
    )
    raw.close()
    with Journal(tmp_path, write=True, terminal="T1") as journal:
        assert schema_version(journal.engine) == SCHEMA_VERSION
        assert journal.count() == 1 and journal.holder_of("EE000000000IN") == 1
        assert journal.verify() is None


def test_a_stale_article_index_is_rebuilt_from_the_journal(tmp_path: Path) -> None:
    with Journal(tmp_path, write=True, terminal="T1") as journal:
        append_booking(journal, "EE000000000IN")
    raw = sqlite3.connect(tmp_path / DB_NAME)
    raw.execute("DELETE FROM article_index")
    raw.commit()
    raw.close()
    with Journal(tmp_path, write=True, terminal="T1") as journal:
        assert journal.holder_of("EE000000000IN") == 1


def test_no_code_path_updates_or_deletes_journal_entries() -> None:
    package = Path(__file__).resolve().parents[2] / "postterm"
    source = "\n".join(p.read_text() for p in package.rglob("*.py"))
    assert not re.search(r"UPDATE\s+journal\b|DELETE\s+FROM\s+journal\b", source, re.I)


def edit_entry(data_dir: Path, seq: int) -> None:
    """Change one entry's bytes behind the counter's back (its stored hash stays)."""
    raw = sqlite3.connect(data_dir / DB_NAME)
    entry = bytes(raw.execute("SELECT entry FROM journal WHERE seq = ?", (seq,)).fetchone()[0])
    raw.execute("UPDATE journal SET entry = ? WHERE seq = ?", (entry.replace(b"C1", b"C9"), seq))
    raw.commit()
    raw.close()


def test_a_journal_whose_chain_is_broken_refuses_appends_naming_the_seq(tmp_path: Path) -> None:
    from postterm.store.journal_store import JournalUnusable

    with Journal(tmp_path, write=True, terminal="T1") as journal:
        for n in range(3):
            append_booking(journal, f"EE{n:08d}0IN")
    edit_entry(tmp_path, 2)
    with Journal(tmp_path, write=True, terminal="T1") as journal:
        with pytest.raises(JournalUnusable) as refused:
            append_booking(journal, "EE999999990IN")
        assert refused.value.seq == 2 and "seq 2" in str(refused.value)
        assert journal.count() == 3


def test_an_entry_edited_while_the_writer_is_open_is_caught_at_the_next_append(
    tmp_path: Path,
) -> None:
    from postterm.store.journal_store import JournalUnusable

    with Journal(tmp_path, write=True, terminal="T1") as journal:
        for n in range(3):
            append_booking(journal, f"EE{n:08d}0IN")
        edit_entry(tmp_path, 3)
        with pytest.raises(JournalUnusable, match="seq 3"):
            append_booking(journal, "EE999999990IN")
        edit_entry(tmp_path, 1)  # deeper down, and the last entry put back as it was
        raw = sqlite3.connect(tmp_path / DB_NAME)
        raw.execute("UPDATE journal SET entry = replace(entry, 'C9', 'C1') WHERE seq = 3")
        raw.commit()
        raw.close()
        with pytest.raises(JournalUnusable, match="seq 3"):
            append_booking(journal, "EE999999990IN")  # refused for good once found broken
        assert journal.count() == 3
