"""Import python-escpos 3.1 without letting it change our logging, stdout or start-up time.

* `escpos.capabilities` calls `logging.basicConfig()` on import: a root handler we add for
  the import makes that call a no-op, and we take it away again.
* It pickles the printer database to a fresh temporary directory per process unless
  `ESCPOS_CAPABILITIES_PICKLE_DIR` is set: we point it at a cache directory and write the
  pickle there ourselves, atomically (its own writer leaves an empty file for a moment,
  which a second process starting at the same time would fail to read).
* `barcode()` print()s to stdout: `drivers.printer.render` redirects stdout around it.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import json
import logging
import os
import pickle
import platform
import tempfile
from pathlib import Path
from types import ModuleType

PICKLE_DIR_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def cache_dir() -> Path:
    """Where the printer database pickle lives: $XDG_CACHE_HOME/postterm/escpos."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "postterm" / "escpos"


def escpos_printer() -> ModuleType:
    """The `escpos.printer` module, imported the careful way (cheap after the first call)."""
    _prepare_pickle()
    root = logging.getLogger()
    guard = logging.NullHandler()
    added = not root.handlers
    if added:
        root.addHandler(guard)
    try:
        import escpos.printer

        module: ModuleType = escpos.printer
        return module
    finally:
        if added:
            root.removeHandler(guard)


def profile_names() -> list[str]:
    """The printer profiles python-escpos knows (`TM-T88V`, `default`, ...)."""
    escpos_printer()
    import escpos.capabilities

    return sorted(escpos.capabilities.CAPABILITIES["profiles"])


def _prepare_pickle() -> None:
    if "ESCPOS_CAPABILITIES_FILE" in os.environ:
        os.environ.setdefault(PICKLE_DIR_ENV, tempfile.mkdtemp(prefix="postterm-escpos-"))
        return
    if PICKLE_DIR_ENV not in os.environ:
        directory = cache_dir()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            directory = Path(tempfile.gettempdir()) / f"postterm-escpos-{os.getuid()}"
            directory.mkdir(parents=True, exist_ok=True)
        os.environ[PICKLE_DIR_ENV] = str(directory)
    directory = Path(os.environ[PICKLE_DIR_ENV])
    target = directory / f"{platform.python_version()}.capabilities.pickle"
    source = importlib.resources.files("escpos") / "capabilities.json"
    with importlib.resources.as_file(source) as source_path:
        if target.exists() and target.stat().st_mtime >= source_path.stat().st_mtime:
            return
        with contextlib.suppress(OSError):
            capabilities = json.loads(source_path.read_text(encoding="utf-8"))
            fd, partial = tempfile.mkstemp(dir=directory, suffix=".partial")
            with os.fdopen(fd, "wb") as out:
                pickle.dump(capabilities, out, protocol=2)
            os.replace(partial, target)
