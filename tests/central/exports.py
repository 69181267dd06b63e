"""Old-system exports as the migration reads them: CSV files written with the bytes a test
chooses (BOM, CRLF, Devanagari), for fresh office ids so tests share a database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from postterm.core import s10

OFFICES = "office_id,pin,name,type,parent_office_id,gstin,upi_vpa,upi_payee"
USERS = "user_id,office_id,name,role,mobile"
ARTICLES = (
    "article_id,service,booked_at,booking_office_id,to_pin,weight_g,amount_rs,last_event,"
    "last_event_at,last_event_office_id"
)
BALANCES = "office_id,as_of,item,quantity"
SHEOPUR = "श्योपुर उप डाकघर"  # Sheopur sub post office
ASHA = "आशा वर्मा"


def write(
    path: Path, header: str, rows: list[str], *, bom: bool = False, crlf: bool = False
) -> Path:
    newline = "\r\n" if crlf else "\n"
    text = newline.join([header, *rows]) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def serials(count: int) -> list[str]:
    """`count` valid article ids no other test uses."""
    base = secrets.randbelow(90_000_000 - count) + 10_000_000
    return [s10.make("EE", f"{base + n:08d}") for n in range(count)]


def bad_check_digit(article_id: str) -> str:
    digit = (int(article_id[10]) + 1) % 10
    return article_id[:10] + str(digit) + article_id[11:]


@dataclass
class Export:
    folder: Path
    ho: str
    so: str
    hub: str
    clerk: str
    supervisors: tuple[str, str]
    articles: list[str]


def office_export(
    folder: Path, *, articles: int = 3, crlf: bool = False, bom: bool = False
) -> Export:
    """A head office, a sub office under it with a clerk and two supervisors, `articles`
    undelivered articles and the sub office's closing balances."""
    folder.mkdir(parents=True, exist_ok=True)
    tag = secrets.token_hex(3).upper()
    ho, so, hub = f"HO{tag}", f"SO{tag}", f"HUB{tag}"
    write(
        folder / "offices.csv",
        OFFICES,
        [
            f"{ho},476001,Morena H.O,HO,,,,",
            f"{hub},474001,Gwalior NSH,hub,,,,",
            f"{so},476337,{SHEOPUR},SO,{ho},23AAAGI0123A1Z5,sheopur.so@sbi,Sheopur SO",
        ],
        bom=bom,
        crlf=crlf,
    )
    clerk, sup1, sup2 = f"{so}-01", f"{so}-02", f"{so}-03"
    write(
        folder / "users.csv",
        USERS,
        [
            f"{clerk},{so},{ASHA},clerk,+91 98765 43210",
            f"{sup1},{so},Ramesh Gupta,supervisor,",
            f"{sup2},{so},Meena Devi,postmaster,9123456789",
        ],
        bom=bom,
        crlf=crlf,
    )
    ids = serials(articles)
    write(
        folder / "articles.csv",
        ARTICLES,
        [
            f"{a},speedpost-parcel,2025-07-21T10:15:00+05:30,{so},110001,1200,123.90,"
            f"dispatched,2025-07-21 18:00,{ho}"
            for a in ids
        ],
        bom=bom,
        crlf=crlf,
    )
    write(
        folder / "balances.csv",
        BALANCES,
        [
            f"{so},2025-07-20,cash:500,4",
            f"{so},2025-07-20,cash:10,3",
            f"{so},2025-07-20,stamps:5,100",
        ],
        bom=bom,
        crlf=crlf,
    )
    return Export(folder, ho, so, hub, clerk, (sup1, sup2), ids)
