"""What a counter is configured with. Every field has a default so the demo needs no file,
except what belongs to one office: its PIN, name, GSTIN and UPI payee come from the office's
record at the central (kept by the counter since its enrolment). When set here, they must
agree with that record: the counter refuses to start otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from postterm.config.central_url import central_url_problem
from postterm.config.escapes import escaped


class Section(BaseModel):
    """Settings sections refuse unknown keys, so a typo is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class OfficeSettings(Section):
    """Optional checks of the enrolled office: each one given must match its record."""

    pin: str | None = Field(default=None, pattern=r"^[1-9][0-9]{5}$")
    name: str | None = None
    type: Literal["HO", "SO", "BO", "HUB"] | None = None
    gstin: str | None = Field(default=None, pattern=r"^[0-9]{2}[0-9A-Z]{10}[0-9A-Z]{3}$")


class CounterSettings(Section):
    name: str = "Counter 1"
    # the [counters.<id>] these settings were chosen for (by --counter or the SSH log-in
    # name); None when the file describes one counter
    profile: str | None = None


class CentralSettings(Section):
    url: str = "http://127.0.0.1:8470"
    timeout_s: float = Field(default=10.0, gt=0)

    @field_validator("url")
    @classmethod
    def _callable_url(cls, value: str) -> str:
        problem = central_url_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value


class DataSettings(Section):
    dir: Path | None = None  # None: the user data directory


class LineSettings(Section):
    """A serial line's settings (a network link like rfc2217:// carries them too)."""

    baudrate: int = Field(default=9600, gt=0)
    bytesize: Literal[5, 6, 7, 8] = 8
    parity: Literal["N", "E", "O", "M", "S"] = "N"
    stopbits: Literal[1, 2] = 1
    xonxoff: bool = False
    rtscts: bool = False


class SerialLink(LineSettings):
    """How to reach one device: a pyserial URL or tty path plus line settings."""

    url: str


# What a keyboard-wedge scanner's `url` may say; the same as giving none.
KEYBOARD_SCANNER_URL = "keyboard:"


class ScaleSettings(SerialLink):
    protocol: Literal["toledo8217", "nci", "sics", "cas"] = "cas"
    unit: Literal["g", "kg", "lb"] = "kg"
    capacity_grams: int = Field(default=30000, gt=0)
    stale_after_s: float = Field(default=1.0, gt=0)


class ScannerSettings(LineSettings):
    """A serial scanner (`url`, framed by `prefix` and `suffix`), a keyboard-wedge scanner
    (no `url`: it types into the terminal, each code after `wedge_prefix_key`), or both."""

    url: str | None = None  # None: no serial scanner
    prefix: str = ""
    suffix: str = "\r"
    wedge_prefix_key: str = ""  # a key name like "ctrl+b" the wedge scanner sends first

    @field_validator("url")
    @classmethod
    def _keyboard_is_no_link(cls, value: str | None) -> str | None:
        return None if value == KEYBOARD_SCANNER_URL else value

    @field_validator("prefix", "suffix")
    @classmethod
    def _bytes(cls, value: str) -> str:
        escaped(value)  # EscapeError, a ValueError, names the bad escape
        return value

    @model_validator(mode="after")
    def _some_scanner(self) -> ScannerSettings:
        if self.url is None and not self.wedge_prefix_key:
            raise ValueError(
                "give url (a serial scanner) or wedge_prefix_key (a keyboard-wedge scanner)"
            )
        return self


class PrinterSettings(SerialLink):
    profile: str = "TM-T88V"
    columns: int = Field(default=42, gt=20)
    drawer_pin: Literal[0, 1] = 0
    drawer_on_ms: int = Field(default=100, ge=2, le=510)
    drawer_off_ms: int = Field(default=100, ge=2, le=510)


class DevicesSettings(Section):
    simulated: bool = False
    scale: ScaleSettings | None = None
    scanner: ScannerSettings | None = None
    printer: PrinterSettings | None = None


class RouteOverride(Section):
    """A PIN-prefix pair whose band is known better than the great-circle estimate."""

    from_prefix: str = Field(pattern=r"^[0-9]{1,6}$")
    to_prefix: str = Field(pattern=r"^[0-9]{1,6}$")
    local: bool = False
    distance_km: int | None = Field(default=None, ge=0)


class TariffSettings(Section):
    dir: Path | None = None  # None: the tables shipped inside the package
    local_radius_km: float = Field(default=25.0, ge=0)
    route_overrides: tuple[RouteOverride, ...] = ()


class ServiceSettings(Section):
    s10_prefixes: tuple[str, ...]


def _default_services() -> dict[str, ServiceSettings]:
    return {
        "speedpost-document": ServiceSettings(s10_prefixes=("E*",)),
        "speedpost-parcel": ServiceSettings(s10_prefixes=("E*", "C*")),
    }


VPA_PATTERN = r"^[A-Za-z0-9.\-_]{2,256}@[A-Za-z][A-Za-z0-9]{1,63}$"


class PaymentSettings(Section):
    """UPI at the counter. Where payments go (the office's UPI id and the payee name payers
    see) comes from the office's record at the central; `vpa` and `payee`, if set, are checks
    that must agree with it."""

    vpa: str | None = Field(default=None, pattern=VPA_PATTERN)
    payee: str | None = Field(default=None, max_length=40)
    poll_s: float = Field(default=2.0, gt=0)


class SessionSettings(Section):
    idle_lock_s: int = Field(default=300, ge=0)  # 0: never
    lockout_after: int = Field(default=5, ge=1)  # wrong PINs in a row
    lockout_s: int = Field(default=900, ge=1)  # how long the user stays locked


class ReceiptSettings(Section):
    sac: str = "996812"
    footer: str = "Track at indiapost.gov.in"
    # "hi-en": Hindi above English on every heading and label, as India Post's own receipts;
    # "en": English only (the paper is shorter and faster on a slow printer)
    language: Literal["hi-en", "en"] = "hi-en"


class UiSettings(Section):
    """The language of the counter's screens and messages before a clerk logs in (and of the
    CLI's messages for people); `--json` output stays English."""

    language: Literal["hi", "en"] = "en"


class DemoSettings(Section):
    """`postterm demo` only: how its simulated world behaves."""

    upi_auto_pay_s: float = Field(default=5.0, ge=0)  # a UPI QR reads as paid after; 0: never


class CounterProfile(Section):
    """One counter of an office whose settings file describes several (`[counters.C2]`):
    its own data directory and devices, and the SSH accounts that open it."""

    name: str | None = None  # default: the counter's id, e.g. "C2"
    data_dir: Path | None = None
    devices: DevicesSettings | None = None  # default: the file's [devices]
    ssh_users: tuple[str, ...] = ()

    @field_validator("ssh_users")
    @classmethod
    def _account_names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for account in value:
            if not account.strip() or any(c.isspace() for c in account):
                raise ValueError(f"{account!r} is not an account name (no spaces, not empty)")
        return value


class Settings(Section):
    office: OfficeSettings = OfficeSettings()
    counter: CounterSettings = CounterSettings()
    central: CentralSettings = CentralSettings()
    data: DataSettings = DataSettings()
    devices: DevicesSettings = DevicesSettings()
    tariffs: TariffSettings = TariffSettings()
    services: dict[str, ServiceSettings] = Field(default_factory=_default_services)
    receipt: ReceiptSettings = ReceiptSettings()
    ui: UiSettings = UiSettings()
    payments: PaymentSettings = PaymentSettings()
    session: SessionSettings = SessionSettings()
    demo: DemoSettings = DemoSettings()
    counters: dict[str, CounterProfile] = Field(default_factory=dict)
    # binding id -> its keys, "f6,alt+p"; checked against the screens' bindings at start
    keys: dict[str, str] = Field(default_factory=dict)

    @field_validator("counters")
    @classmethod
    def _one_counter_per_account(
        cls, value: dict[str, CounterProfile]
    ) -> dict[str, CounterProfile]:
        owner: dict[str, str] = {}
        for key, profile in value.items():
            if not key or not all(c.isalnum() or c in "-_" for c in key):
                raise ValueError(f"counter id {key!r}: letters, digits, - and _ only")
            for account in profile.ssh_users:
                if account in owner:
                    raise ValueError(
                        f"ssh user {account!r} is given to counters "
                        f"{owner[account]} and {key}: give each account one counter"
                    )
                owner[account] = key
        return value

    def for_counter(self, key: str) -> Settings:
        """These settings as counter `key` of `counters` has them: its name, data directory
        and devices in place of the file's own."""
        profile = self.counters[key]
        return self.model_copy(
            update={
                "counter": CounterSettings(name=profile.name or key, profile=key),
                "data": DataSettings(dir=profile.data_dir) if profile.data_dir else self.data,
                "devices": profile.devices if profile.devices is not None else self.devices,
            }
        )

    def counter_of_account(self, account: str) -> str | None:
        """The counter whose `ssh_users` names `account`, if any."""
        return next(
            (key for key, profile in self.counters.items() if account in profile.ssh_users), None
        )
