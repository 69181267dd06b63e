"""Everything `postterm demo` runs: a data directory (fresh, or a demo's own to resume), the
central API in its own process with the demo office seeded, this counter enrolled, simulated
scale, scanner and printer on ptys, and the controls of the simulator panel.

Settings are the counter's own (session, devices and keys, `[demo]`), as for `postterm run`;
the office, the central and the data directory always come from the demo."""

from __future__ import annotations

import hashlib
import hmac
import json
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from postterm.config.model import (
    CentralSettings,
    DataSettings,
    DevicesSettings,
    OfficeSettings,
    Settings,
)
from postterm.counter.counter import Counter
from postterm.counter.station import Station, UpiRequest
from postterm.demo.central_process import CentralProcess
from postterm.devices.counter_devices import CounterDevices
from postterm.i18n.said import Said
from postterm.store.journal_store import Journal
from postterm.store.local_state import load_enrolment, load_token, save_enrolment
from postterm.sync.client import CentralClient
from postterm.sync.enrolment import enrol, pull_master

PRINTED = "printed.txt"
SEED = "seed.json"
CENTRAL_DB = "central.sqlite"
Begun = tuple[Path, CentralProcess, CounterDevices, Settings]


def is_demo_dir(root: Path) -> bool:
    """A directory a demo made (and so may resume): it holds the demo central's files."""
    return (root / SEED).exists() or (root / CENTRAL_DB).exists()


def simulated(devices: DevicesSettings) -> DevicesSettings:
    return devices.model_copy(update={"simulated": True})


@dataclass
class DemoWorld:
    root: Path
    central: CentralProcess
    seed: dict[str, Any]
    station: Station
    devices: CounterDevices
    settings: Settings

    @classmethod
    def start(cls, root: Path | None = None, settings: Settings | None = None) -> DemoWorld:
        return cls.finish(cls.begin(root, settings))

    @staticmethod
    def begin(root: Path | None = None, settings: Settings | None = None) -> Begun:
        """Start what takes time in the background: the central process and the simulators.
        The caller may import its screen meanwhile, then calls `finish`. A `root` a demo
        made before is resumed: its central, its counter and its journal carry on."""
        settings = settings or Settings()
        root = root or Path(tempfile.mkdtemp(prefix="postterm-demo-"))
        root.mkdir(parents=True, exist_ok=True)
        central = CentralProcess(
            f"sqlite:///{root / CENTRAL_DB}",
            root / SEED,
            root / "central.log",
            upi_auto_pay_s=settings.demo.upi_auto_pay_s,
        )
        central.start()
        devices = CounterDevices.open(simulated(settings.devices), printed_to=root / PRINTED)
        if devices.simulators is not None:
            devices.simulators.set_weight(250)  # an article already on the platter
        return root, central, devices, settings

    @classmethod
    def finish(cls, begun: Begun) -> DemoWorld:
        root, central, devices, base = begun
        seed = central.wait_ready()
        counter_dir = root / "counter"
        office = seed["office"]
        settings = base.model_copy(
            update={
                "office": OfficeSettings(
                    pin=str(office["pin"]), name=str(office["name"]), type=office["office_type"]
                ),
                "central": CentralSettings(url=central.url, timeout_s=3.0),
                "data": DataSettings(dir=counter_dir),
                "devices": simulated(base.devices),
            }
        )
        enrolled = load_enrolment(counter_dir)
        if enrolled is None:
            enrol(counter_dir, central.url, str(seed["enrolment"]["code"]), timeout_s=5)
        else:  # resumed: the same counter, its central on this run's port
            save_enrolment(
                counter_dir,
                replace(enrolled, central_url=central.url),
                load_token(counter_dir) or "",
            )
        with (
            Journal(counter_dir, write=True) as journal,
            CentralClient(central.url, load_token(counter_dir)) as client,
        ):
            pull_master(journal.engine, client)
        counter = Counter(counter_dir, settings)
        client = CentralClient(central.url, load_token(counter_dir), timeout_s=3.0)
        station = Station(counter, devices=devices, client=client)
        return cls(root, central, seed, station, devices, settings)

    @property
    def printed_path(self) -> Path:
        return self.root / PRINTED

    def people(self) -> dict[str, dict[str, str]]:
        return {str(u["role"]): u for u in self.seed["users"]}

    def hint(self) -> str:
        """Who logs in to the demo, and where its receipts go (said in the screen's
        language; English as text)."""
        people = self.people()
        clerk, supervisor = people["clerk"], people["supervisor"]
        return Said(
            "Demo: clerk {clerk} PIN {clerk_pin}; supervisor {supervisor} PIN "
            "{supervisor_pin}. F9: simulators. Receipts: {receipts}",
            clerk=clerk["user_id"],
            clerk_pin=clerk["pin"],
            supervisor=supervisor["user_id"],
            supervisor_pin=supervisor["pin"],
            receipts=str(self.printed_path),
        )

    def close(self) -> None:
        self.central.stop()

    # -- the simulator panel ------------------------------------------------------------

    def set_weight(self, grams: int) -> None:
        if self.devices.simulators is not None:
            self.devices.simulators.set_weight(grams)

    def toggle_motion(self) -> bool:
        return self.devices.simulators.toggle_motion() if self.devices.simulators else False

    def scan(self, code: str) -> None:
        if self.devices.simulators is not None:
            self.devices.simulators.scan(code)

    def toggle_paper(self) -> bool:
        return self.devices.simulators.toggle_paper() if self.devices.simulators else False

    def toggle_central(self) -> bool:
        """Take the central offline or bring it back; True when it is now offline."""
        if self.central.online:
            self.central.stop()
            return True
        self.central.start()
        self.central.wait_ready()
        if self.station.replicator is not None:
            self.station.replicator.nudge()
        return False

    def pay_pending_upi(self) -> str:
        """Act as the customer's bank: the provider's signed callback for the pending UPI."""
        request: UpiRequest | None = self.station.pending_upi
        if request is None:
            return "no UPI request is waiting"
        if not self.central.online:
            return "the central is offline: the payment cannot be confirmed"
        body = json.dumps(
            {
                "upi_ref": request.reference,
                "amount_paise": request.amount_paise,
                "utr": f"{abs(hash(request.reference)) % 10**12:012d}",
                "status": "success",
            }
        ).encode()
        secret = str(self.seed["upi"]["callback_secret"])
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        try:
            self.station.upi_status(request)  # registers it, if not yet
            reply = httpx.post(
                f"{self.central.url}/v1/payments/callback",
                content=body,
                headers={"X-Postterm-Signature": signature, "Content-Type": "application/json"},
                timeout=5,
            )
        except httpx.HTTPError as exc:
            return f"payment failed: {exc}"
        if reply.status_code >= 400:
            return f"payment refused: {reply.json().get('detail', reply.status_code)}"
        return f"paid {request.amount_paise / 100:.2f} for {request.reference}"
