"""The central API as the counter calls it (httpx). Every failure is a `CentralError` saying
whether it is worth retrying: unreachable, a timeout or a 5xx is transient; a 4xx is the
central's final word, kept with its reason; 423 means this terminal is quarantined, and a 401
flagged `revoked` that an administrator revoked it; both carry whom to ask (`contact`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # httpx is imported on the first call, off the counter's start-up path
    import httpx

TRANSIENT_STATUS = frozenset({408, 425, 429})


class CentralError(Exception):
    """A call that did not succeed; `transient` says whether a retry may succeed."""

    def __init__(
        self,
        reason: str,
        *,
        status: int | None = None,
        transient: bool,
        quarantined: bool = False,
        revoked: bool = False,
        contact: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.transient = transient
        self.quarantined = quarantined
        self.revoked = revoked
        self.contact = contact


@dataclass(frozen=True)
class Pulled:
    """A master-data document: its ETag and body, or unchanged (304)."""

    etag: str | None
    body: Any
    unchanged: bool


@dataclass(frozen=True)
class Health:
    """The central's /healthz: its status, its own clock (from the HTTP Date header, to the
    second) and our clock at the middle of the round trip, to compare the two."""

    status: str
    central_time: datetime | None
    local_time: datetime
    round_trip_s: float

    @property
    def skew_s(self) -> float | None:
        """The central's clock minus ours, in seconds (None when it sent no Date)."""
        if self.central_time is None:
            return None
        return (self.central_time - self.local_time).total_seconds()


class CentralClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout_s: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._timeout_s = timeout_s
        self._transport = transport
        self._client: httpx.Client | None = None

    @property
    def _http(self) -> httpx.Client:
        if self._client is None:
            import httpx

            # A plain-http central never uses certificates, and loading the CA bundle costs
            # 0.1-0.5 s of a counter verb's start-up; redirects are not followed, so a
            # plain-http client never reaches an https URL.
            plain = self._base_url.startswith("http://")
            self._client = httpx.Client(
                base_url=self._base_url,
                headers=self._headers,
                transport=self._transport,
                timeout=httpx.Timeout(self._timeout_s, connect=min(self._timeout_s, 5.0)),
                verify=not plain,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        import httpx

        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise CentralError(
                f"central did not answer in time ({type(exc).__name__})", transient=True
            ) from None
        except httpx.TransportError as exc:
            raise CentralError(f"central unreachable: {exc}", transient=True) from None
        if response.status_code >= 400:
            raise _error_of(response)
        return response

    def enrol(self, code: str, device_key: str) -> dict[str, Any]:
        reply = self._call("POST", "/v1/enrolment", json={"code": code, "device_key": device_key})
        return dict(reply.json())

    def push(self, entries: Sequence[tuple[int, bytes, str]]) -> dict[str, Any]:
        body = {
            "entries": [
                {"seq": seq, "entry": raw.decode("utf-8"), "hash": digest}
                for seq, raw, digest in entries
            ]
        }
        return dict(self._call("POST", "/v1/journal", json=body).json())

    def mark(self) -> dict[str, Any]:
        return dict(self._call("GET", "/v1/journal/mark").json())

    def pull(self, path: str, etag: str | None) -> Pulled:
        headers = {"If-None-Match": etag} if etag else {}
        reply = self._call("GET", path, headers=headers)
        if reply.status_code == 304:
            return Pulled(etag, None, True)
        return Pulled(reply.headers.get("ETag"), reply.json(), False)

    def health(self) -> Health:
        """Ask /healthz; a degraded central (503) raises CentralError like any 5xx."""
        import time
        from email.utils import parsedate_to_datetime

        sent, started = datetime.now(UTC), time.monotonic()
        reply = self._call("GET", "/healthz")
        round_trip = time.monotonic() - started
        central_time = None
        stamp = reply.headers.get("Date")
        if stamp:
            try:
                central_time = parsedate_to_datetime(stamp)
            except (TypeError, ValueError):
                central_time = None
        middle = sent + (datetime.now(UTC) - sent) / 2
        try:
            status = str(reply.json().get("status", "ok"))
        except ValueError:
            status = "ok"
        return Health(status, central_time, middle, round_trip)

    def get(self, path: str) -> dict[str, Any]:
        return dict(self._call("GET", path).json())

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call("POST", path, json=body).json())


def _error_of(response: httpx.Response) -> CentralError:
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {}
    detail = body.get("detail")
    if not isinstance(detail, str):
        detail = response.reason_phrase or f"HTTP {status}"
    contact = body.get("contact")
    transient = status >= 500 or status in TRANSIENT_STATUS
    return CentralError(
        f"central answered {status}: {detail}",
        status=status,
        transient=transient,
        quarantined=status == 423,
        revoked=status == 401 and body.get("revoked") is True,
        contact=contact if isinstance(contact, str) and contact else None,
    )
