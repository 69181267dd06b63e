"""What makes a central URL one the counter can call: http or https, a host, a valid port."""

from __future__ import annotations

from urllib.parse import urlsplit


def central_url_problem(text: str) -> str | None:
    """Why `text` is not a central URL (one phrase), or None when it is one."""
    hint = "give http://HOST:PORT or https://HOST"
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError as exc:
        return f"{text!r} is not a URL ({exc}): {hint}"
    if parts.scheme not in ("http", "https"):
        if not parts.scheme:
            return f"{text!r} is not a URL (no http:// or https://): {hint}"
        return f"{text!r}: the central speaks http or https, not {parts.scheme}: {hint}"
    if not parts.hostname:
        return f"{text!r} has no host: {hint}"
    if port == 0:
        return f"{text!r}: port 0 is not a port: {hint}"
    return None
