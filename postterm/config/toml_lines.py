"""Where a dotted key sits in a TOML text, so a config error can name its line.

tomllib gives values but no positions. This scanner follows table headers (`[a.b]`,
`[[a]]`) and key lines (`k = ...`, `a."b-c" = ...`) and records the first line of every
path it sees; a path inside an inline table or a multi-line array falls back to the line of
the nearest enclosing key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
_SEGMENT = r"(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
_KEY = re.compile(rf"^\s*({_SEGMENT}(?:\s*\.\s*{_SEGMENT})*)\s*=")
_PART = re.compile(r"[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'")

Path = tuple[str | int, ...]


def _parts(dotted: str) -> list[str]:
    return [p[1:-1] if p[:1] in "\"'" else p for p in _PART.findall(dotted)]


def key_lines(text: str) -> dict[Path, int]:
    """Map every table and key path in `text` to the 1-based line it first appears on."""
    found: dict[Path, int] = {}
    arrays: dict[Path, int] = {}
    current: Path = ()
    depth = 0  # open brackets of a multi-line value: key lines inside it are not keys
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if depth == 0 and (header := _HEADER.match(line)) and not _KEY.match(line):
            path: Path = tuple(_parts(header.group(2)))
            if header.group(1) == "[[":
                arrays[path] = arrays.get(path, -1) + 1
                path = (*path, arrays[path])
            current = path
            found.setdefault(path, number)
            continue
        if depth == 0 and (key := _KEY.match(line)):
            full = (*current, *_parts(key.group(1)))
            for cut in range(len(current) + 1, len(full) + 1):
                found.setdefault(full[:cut], number)
        if not stripped.startswith("#"):
            code = re.sub(r"\"[^\"]*\"|'[^']*'", "", line.split("#", 1)[0])
            opened = code.count("[") + code.count("{")
            depth = max(0, depth + opened - code.count("]") - code.count("}"))
    return found


def line_of(lines: dict[Path, int], loc: Sequence[str | int]) -> int | None:
    """The line of `loc`, or of its nearest enclosing path that the text names."""
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
