"""Journal ingest: idempotent by (terminal, seq), conflicts quarantine, gaps stop the batch,
the chain is recomputed from the bytes, and bookings become articles and tracking events."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from postterm.central import admin
from postterm.core.entries import Reprint
from tests.central.entries import CounterJournal, article_id, booking_payload
from tests.central.terminals import Enrolled, enrol, new_office
from tests.support.journal_entries import day_begin_payload, day_end_payload, void_payload


def _statuses(reply: dict[str, object]) -> list[str]:
    results = reply["results"]
    assert isinstance(results, list)
    return [r["status"] for r in results]


def test_entries_are_accepted_then_acknowledged_as_duplicates(
    client: TestClient, counter: Enrolled
) -> None:
    journal = CounterJournal(counter.terminal_id)
    journal.append("day-begin", day_begin_payload(500000))
    journal.book([article_id(10000001), article_id(10000002)])
    first = client.post("/v1/journal", json=journal.wire(), headers=counter.auth).json()
    assert _statuses(first) == ["accepted", "accepted"]
    assert (first["ack_seq"], first["ack_hash"]) == (2, journal.last_hash)
    journal.book([article_id(10000003)])
    again = client.post("/v1/journal", json=journal.wire(), headers=counter.auth).json()
    assert _statuses(again) == ["duplicate", "duplicate", "accepted"]
    assert (again["ack_seq"], again["ack_hash"]) == (3, journal.last_hash)


def test_a_gap_stops_the_batch_at_the_gap(client: TestClient, counter: Enrolled) -> None:
    journal = CounterJournal(counter.terminal_id)
    for n in range(4):
        journal.book([article_id(11000000 + n)])
    wire = journal.wire()
    del wire["entries"][1]
    reply = client.post("/v1/journal", json=wire, headers=counter.auth).json()
    assert _statuses(reply) == ["accepted", "gap", "skipped"]
    assert reply["results"][1]["reason"] == "seq 2 is missing: send from seq 2"
    assert reply["ack_seq"] == 1


def test_a_wrong_hash_or_foreign_entry_is_rejected(client: TestClient, counter: Enrolled) -> None:
    journal = CounterJournal(counter.terminal_id)
    journal.book([article_id(12000001)])
    wire = journal.wire()
    wire["entries"][0]["hash"] = "f" * 64
    reply = client.post("/v1/journal", json=wire, headers=counter.auth).json()
    assert _statuses(reply) == ["rejected"]
    assert reply["results"][0]["reason"].startswith("hash does not follow the chain")
    other = CounterJournal("someone-else")
    other.book([article_id(12000002)])
    reply = client.post("/v1/journal", json=other.wire(), headers=counter.auth).json()
    assert (
        reply["results"][0]["reason"]
        == f"entry is for terminal 'someone-else', not {counter.terminal_id}"
    )
    bad = {"entries": [{"seq": 1, "entry": '{"v": 1}'}]}
    reply = client.post("/v1/journal", json=bad, headers=counter.auth).json()
    assert reply["results"][0]["status"] == "rejected"
    assert "not a journal entry" in reply["results"][0]["reason"]
    assert reply["ack_seq"] == 0


def test_a_conflict_is_recorded_quarantines_and_resume_lets_it_continue(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    journal = CounterJournal(counter.terminal_id)
    journal.book([article_id(13000001)])
    journal.book([article_id(13000002)])
    client.post("/v1/journal", json=journal.wire(), headers=counter.auth)
    rewritten = CounterJournal(counter.terminal_id)
    rewritten.book([article_id(13000001)])
    rewritten.book([article_id(13000009)])  # seq 2 with other bytes
    rewritten.book([article_id(13000010)])
    reply = client.post("/v1/journal", json=rewritten.wire(), headers=counter.auth).json()
    assert _statuses(reply) == ["duplicate", "conflict", "skipped"]
    assert reply["quarantined"] is True
    assert reply["ack_seq"] == 2 and reply["ack_hash"] == journal.last_hash
    later = client.post("/v1/journal", json=journal.wire(), headers=counter.auth)
    assert later.status_code == 423
    assert later.json()["quarantined"] is True
    assert f"postterm central admin resume {counter.terminal_id}" in later.json()["detail"]
    held = client.get(f"/v1/terminals/{counter.terminal_id}/journal", headers=counter.auth).json()
    assert [e["entry"].encode() for e in held["entries"]] == [r[1] for r in journal.records]
    conflicts = admin.list_conflicts(engine, counter.terminal_id)
    assert [c["seq"] for c in conflicts] == [2]
    assert conflicts[0]["received_bytes"].encode() == rewritten.records[1][1]
    admin.resume_terminal(engine, counter.terminal_id)
    journal.book([article_id(13000003)])
    reply = client.post("/v1/journal", json=journal.wire(first=3), headers=counter.auth).json()
    assert _statuses(reply) == ["accepted"] and reply["ack_seq"] == 3


def test_bookings_become_articles_and_tracking_events(
    client: TestClient, counter: Enrolled
) -> None:
    journal = CounterJournal(counter.terminal_id)
    ids = [article_id(14000001), article_id(14000002)]
    journal.book(ids)
    client.post("/v1/journal", json=journal.wire(), headers=counter.auth)
    article = client.get(f"/v1/articles/{ids[0]}", headers=counter.auth).json()
    assert article["addressee"]["name"] == "Sita Devi"
    assert (article["total_paise"], article["seq"], article["voided"]) == (4130, 1, False)
    tracking = client.get(f"/v1/tracking/{ids[1]}", headers=counter.auth).json()
    assert [e["event"] for e in tracking["events"]] == ["booked"]
    assert tracking["events"][0]["at"] == "2026-08-09T04:30:01+00:00"
    assert "Sita" not in str(tracking)


def test_a_void_marks_the_article_and_a_voided_label_can_be_booked_again(
    client: TestClient, counter: Enrolled
) -> None:
    journal = CounterJournal(counter.terminal_id)
    label = article_id(15000001)
    booked = journal.book([label])
    journal.append("void", void_payload(booked, [label], refund_paise=4200))
    journal.book([label], paise=5000)
    reply = client.post("/v1/journal", json=journal.wire(), headers=counter.auth).json()
    assert _statuses(reply) == ["accepted"] * 3
    assert all(r["duplicate_labels"] == [] for r in reply["results"])
    article = client.get(f"/v1/articles/{label}", headers=counter.auth).json()
    assert (article["seq"], article["total_paise"], article["voided"]) == (3, 5000, False)
    events = client.get(f"/v1/tracking/{label}", headers=counter.auth).json()["events"]
    assert [e["event"] for e in events] == ["booked", "voided", "booked"]


def test_a_label_booked_by_another_office_is_accepted_but_flagged_for_both(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    label = article_id(16000001)
    first = CounterJournal(counter.terminal_id)
    first.book([label])
    client.post("/v1/journal", json=first.wire(), headers=counter.auth)
    other = enrol(client, engine, new_office(engine, pin="476001"))
    second = CounterJournal(other.terminal_id)
    second.book([label])
    reply = client.post("/v1/journal", json=second.wire(), headers=other.auth).json()
    assert reply["results"][0]["status"] == "accepted"
    flag = {
        "article_id": label,
        "booking_office_id": other.office_id,
        "holder_office_id": counter.office_id,
        "holder_terminal_id": counter.terminal_id,
        "holder_seq": 1,
    }
    assert reply["results"][0]["duplicate_labels"] == [flag]
    for who in (counter, other):
        seen = client.get("/v1/duplicate-labels", headers=who.auth).json()
        assert seen == {"office_id": who.office_id, "labels": [flag]}
    assert client.get(f"/v1/articles/{label}", headers=other.auth).status_code == 403


def test_an_entry_the_central_does_not_understand_is_kept_and_acknowledged(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    journal = CounterJournal(counter.terminal_id)
    journal.append("cash-count", {"notes": {"500": 3}})
    journal.append("booking", {"articles": "not a list"})
    journal.append("booking", {"articles": []}, v=7)
    reply = client.post("/v1/journal", json=journal.wire(), headers=counter.auth).json()
    assert _statuses(reply) == ["accepted"] * 3
    with engine.connect() as conn:
        derived = conn.execute(
            text("SELECT derived FROM journal_entry WHERE terminal_id = :t ORDER BY seq"),
            {"t": counter.terminal_id},
        ).scalars()
        assert list(derived) == [False, False, False]


def test_day_report_totals_come_from_the_journal(client: TestClient, counter: Enrolled) -> None:
    journal = CounterJournal(counter.terminal_id)
    journal.append("day-begin", day_begin_payload())
    journal.book([article_id(17000001), article_id(17000002)])  # cash 8260 -> round-off 40
    journal.book([article_id(17000003)], mode="upi", service="speedpost-parcel", paise=9900)
    both = [article_id(17000001), article_id(17000002)]
    journal.append("void", void_payload(2, both, refund_paise=8300))
    journal.append("day-end", day_end_payload())
    client.post("/v1/journal", json=journal.wire(), headers=counter.auth)
    report = client.get(
        f"/v1/offices/{counter.office_id}/reports/day/2026-08-09", headers=counter.auth
    ).json()
    assert (report["bookings"], report["articles"], report["total_paise"]) == (2, 3, 18160)
    assert report["by_service"] == {
        "speedpost-document": {"articles": 2, "total_paise": 8260},
        "speedpost-parcel": {"articles": 1, "total_paise": 9900},
    }
    assert report["by_payment_mode"]["cash"] == {
        "bookings": 1,
        "total_paise": 8260,
        "round_off_paise": 40,
        "collected_paise": 8300,
    }
    assert report["voids"] == {
        "count": 1,
        "articles": 2,
        "total_paise": 8260,
        "by_supervisor": {"S1": 1},
    }
    assert report["net_paise"] == 18160 - 8260
    counter_day = report["by_terminal"][counter.terminal_id]
    assert counter_day["day_begun"] and counter_day["day_ended"] and counter_day["last_seq"] == 5


def test_bad_input_gets_a_one_line_reason(client: TestClient, counter: Enrolled) -> None:
    reply = client.post(
        "/v1/journal", json={"entries": [{"seq": 0, "entry": "{}"}]}, headers=counter.auth
    )
    assert reply.status_code == 422
    assert reply.json() == {"detail": "entries.0.seq: Input should be greater than or equal to 1"}
    nul = client.post(
        "/v1/journal", json={"entries": [{"seq": 1, "entry": "{\u0000}"}]}, headers=counter.auth
    ).json()
    assert nul["results"][0]["status"] == "rejected"


def test_odd_but_canonical_entries_are_kept_byte_for_byte_and_not_derived(
    client: TestClient, counter: Enrolled
) -> None:
    """The bytes are the truth: a NUL in the kind, a clock at year 1, a 10**30 amount or a
    NUL in an article id are the counter's to answer for; the central keeps and acknowledges
    them (PostgreSQL would refuse NUL in a text column, so nothing derived may carry one)."""
    from datetime import date

    journal = CounterJournal(counter.terminal_id)
    journal.append("odd\u0000kind", {"note": "\u0000", "big": 10**30})
    journal.append("day-begin", day_begin_payload(), day=date(1, 1, 1))
    journal.append("booking", {**booking_payload([article_id(18000001)]), "total_paise": 10**30})
    nul_id = booking_payload([article_id(18000002)])
    nul_id["articles"][0]["article_id"] = "EE\u0000"
    journal.append("booking", nul_id)
    reply = client.post("/v1/journal", json=journal.wire(), headers=counter.auth).json()
    assert _statuses(reply) == ["accepted"] * 4
    held = client.get(f"/v1/terminals/{counter.terminal_id}/journal", headers=counter.auth).json()
    assert [e["entry"].encode() for e in held["entries"]] == [r[1] for r in journal.records]
    assert (
        client.get(f"/v1/tracking/{article_id(18000001)}", headers=counter.auth).status_code == 200
    )


def test_entries_json_cannot_parse_are_rejected_with_a_reason(
    client: TestClient, counter: Enrolled
) -> None:
    for entry, reason in [
        ("[" * 50_000, "entry bytes are not a journal entry: entry is nested too deeply"),
        (
            '{"v":' + "9" * 5000 + "}",
            "entry bytes are not a journal entry: entry is not usable JSON",
        ),
    ]:
        reply = client.post(
            "/v1/journal", json={"entries": [{"seq": 1, "entry": entry}]}, headers=counter.auth
        )
        assert reply.status_code == 200
        assert reply.json()["results"][0]["reason"].startswith(reason)


def test_a_reprint_is_understood_and_a_newer_version_is_kept_but_not_derived(
    client: TestClient, engine: Engine, counter: Enrolled
) -> None:
    journal = CounterJournal(counter.terminal_id)
    booked = journal.book([article_id(19000001)])
    journal.append("reprint", Reprint(booked, 1, None).to_payload(), v=2)
    journal.append("reprint", {**Reprint(booked, 2, "S1").to_payload(), "copies": 2}, v=3)
    reply = client.post("/v1/journal", json=journal.wire(), headers=counter.auth).json()
    assert _statuses(reply) == ["accepted"] * 3
    with engine.connect() as conn:
        derived = conn.execute(
            text("SELECT derived FROM journal_entry WHERE terminal_id = :t ORDER BY seq"),
            {"t": counter.terminal_id},
        ).scalars()
        assert list(derived) == [True, True, False]
    report = client.get(
        f"/v1/offices/{counter.office_id}/reports/day/2026-08-09", headers=counter.auth
    ).json()
    assert (report["entries"], report["not_understood"], report["bookings"]) == (3, 1, 1)
