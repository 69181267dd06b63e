"""core is pure: importing it loads no UI, SQL, HTTP, serial or printer library."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = [
    "textual",
    "sqlmodel",
    "sqlalchemy",
    "httpx",
    "fastapi",
    "serial",
    "escpos",
    "click",
    "pydantic",
]


def test_core_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "import postterm.core.money, postterm.core.s10, postterm.core.pincode, "
        "postterm.core.route, postterm.core.digipin, postterm.core.tariff, postterm.core.journal\n"
        f"print([m for m in {FORBIDDEN!r} if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
