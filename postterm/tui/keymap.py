"""Keys as data: every binding of the counter has an id, and the `[keys]` settings rebind any
of them by that id. The bindings in force are made here once at start; the key hints, F1
help and the F12 menu are all drawn from them, so a rebinding shows everywhere at once.

A value lists the keys of its binding: `"booking.pay" = "f6,ctrl+p"`. The binding's Alt
alternative (for terminals that lose F-keys) is kept unless the value names an Alt key of
its own or drops it with a minus: `"booking.pay" = "f6,-alt+p"`.

An Alt key is made a priority binding, so it reaches its command while a field has the focus
(a field would otherwise type its letter). Refused at start, in one line naming the setting:
a key name Textual does not know, an id no binding has, and a key given to two bindings that
are active on one screen (the app's own included), which Textual would drop silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

MODIFIERS = ("ctrl", "alt", "shift")
NAMED_KEYS = frozenset(
    {
        "backspace",
        "delete",
        "down",
        "end",
        "enter",
        "escape",
        "home",
        "insert",
        "left",
        "pagedown",
        "pageup",
        "right",
        "space",
        "tab",
        "up",
        *(f"f{n}" for n in range(1, 25)),
    }
)
SHOWN = {
    "delete": "Delete",
    "escape": "Esc",
    "enter": "Enter",
    "up": "Up",
    "down": "Down",
    "tab": "Tab",
    "backspace": "Backspace",
    "space": "Space",
    "insert": "Insert",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "left": "Left",
    "right": "Right",
}

# keys a terminal sends as another key, so a binding to them would never fire
ARRIVES_AS = {
    "alt+b": "ctrl+left",
    "alt+f": "ctrl+right",
    "ctrl+m": "enter",
    "ctrl+h": "backspace",
    "ctrl+i": "tab",
}


class KeymapRefused(ValueError):
    """A `[keys]` setting that cannot be used; the message is one line naming it."""


def key_problem(key: str) -> str | None:
    """Why `key` is no key name ("ctrl+b", "f5", "alt+p", "escape"), or None."""
    if key in ARRIVES_AS:
        return f"{key!r} arrives from a terminal as {ARRIVES_AS[key]}: choose another key"
    *mods, base = key.split("+")
    if len(set(mods)) != len(mods) or any(m not in MODIFIERS for m in mods):
        return f"{key!r}: modifiers are ctrl, alt and shift, each once"
    if base in NAMED_KEYS or (
        len(base) == 1 and base.isascii() and base.isalnum() and not base.isupper()
    ):
        return None
    return f"{key!r} is not a key name (f1-f24, a-z, 0-9, escape, delete, ...)"


def key_display(key: str) -> str:
    """How a key is written for the clerk: F5, Alt+P, Ctrl+Q, Esc, Delete."""
    *mods, base = key.strip().split("+")
    shown = (
        base.upper()
        if len(base) == 1 or (base[:1] == "f" and base[1:].isdigit())
        else SHOWN.get(base, base)
    )
    return "+".join([m.capitalize() for m in mods] + [shown])


def keys_of(binding: Binding) -> list[str]:
    return [k.strip() for k in binding.key.split(",") if k.strip()]


def declared(owner: type[DOMNode]) -> list[Binding]:
    """The bindings `owner` declares itself (not those it inherits from Textual)."""
    own: list[BindingType] = list(owner.__dict__.get("BINDINGS", []))
    return [b for b in own if isinstance(b, Binding)]


@dataclass(frozen=True)
class Keymap:
    """The keys in force, by binding id."""

    keys: Mapping[str, tuple[str, ...]]
    app: type[DOMNode] | None = None  # whose bindings every full screen also offers

    @classmethod
    def from_settings(
        cls, rebound: Mapping[str, str], owners: Sequence[type[DOMNode]] | None = None
    ) -> Keymap:
        owners = list(owners) if owners is not None else counter_owners()
        defaults = {b.id: tuple(keys_of(b)) for o in owners for b in declared(o) if b.id}
        keys = dict(defaults)
        for binding_id, value in rebound.items():
            setting = f"keys.{binding_id}"
            if binding_id not in defaults:
                raise KeymapRefused(
                    f"{setting}: no binding has this id (the README lists them under [keys])"
                )
            keys[binding_id] = _value_keys(setting, value, defaults[binding_id])
        keymap = cls(keys, owners[0] if owners else None)
        keymap._check_clashes(owners, rebound)
        return keymap

    def bindings(self, owner: type[DOMNode]) -> list[Binding]:
        """`owner`'s bindings with the keys in force; Alt keys as priority bindings."""
        made: list[Binding] = []
        for binding in declared(owner):
            keys = self.keys.get(binding.id or "", tuple(keys_of(binding)))
            alt_first = not issubclass(owner, App)  # the app's come through its screens
            plain = [
                k for k in keys if binding.priority or not alt_first or not k.startswith("alt+")
            ]
            alts = [k for k in keys if k not in plain]
            if plain:
                made.append(replace(binding, key=",".join(plain)))
            if alts:
                made.append(replace(binding, key=",".join(alts), priority=True))
        return made

    def in_force(self, owner: type[DOMNode]) -> list[Binding]:
        """What a node of `owner` answers to: its own bindings, and on a full screen (not a
        panel, which hides the app's keys) the app's Alt keys as priority bindings too, so
        they reach the app while a field has the focus."""
        made = self.bindings(owner)
        if self.app is None or not issubclass(owner, Screen) or issubclass(owner, ModalScreen):
            return made
        for binding in self.bindings(self.app):
            alts = [k for k in keys_of(binding) if k.startswith("alt+")]
            if alts and not binding.priority:
                made.append(
                    replace(
                        binding, key=",".join(alts), action=f"app.{binding.action}", priority=True
                    )
                )
        return made

    def shown(self, binding_id: str) -> list[str]:
        """Every key of a binding in force, as the clerk reads them."""
        return [key_display(k) for k in self.keys.get(binding_id, ())]

    def first_key(self, binding_id: str) -> str:
        """The key a hint shows for a binding: its first key in force."""
        keys = self.keys.get(binding_id, ())
        return key_display(keys[0]) if keys else "?"

    def _check_clashes(self, owners: Sequence[type[DOMNode]], rebound: Mapping[str, str]) -> None:
        app = owners[0]
        for owner in owners[1:]:
            # a modal panel hides the app's keys but its priority ones (Ctrl+Q)
            app_ids = [
                b.id
                for b in declared(app)
                if b.id and (b.priority or not issubclass(owner, ModalScreen))
            ]
            taken: dict[str, str] = {}
            for binding_id in [b.id for b in declared(owner) if b.id] + app_ids:
                for key in self.keys[binding_id]:
                    other = taken.setdefault(key, binding_id)
                    if other != binding_id:
                        named = binding_id if binding_id in rebound else other
                        both = sorted({binding_id, other}, key=lambda i: i != named)
                        raise KeymapRefused(
                            f"keys.{named}: {key} is given to both {both[0]} and {both[1]}, "
                            "which are active on one screen: give each its own key"
                        )


def _value_keys(setting: str, value: str, default: Iterable[str]) -> tuple[str, ...]:
    tokens = [t.strip().lower() for t in value.split(",") if t.strip()]
    dropped = {t[1:] for t in tokens if t.startswith("-")}
    given = [t for t in tokens if not t.startswith("-")]
    for key in [*given, *dropped]:
        problem = key_problem(key)
        if problem is not None:
            raise KeymapRefused(f"{setting}: {problem}")
    if not any(k.startswith("alt+") for k in given):
        given += [
            k for k in default if k.startswith("alt+") and k not in dropped and k not in given
        ]
    if not given:
        raise KeymapRefused(f"{setting}: gives no key: the command could not be reached")
    return tuple(dict.fromkeys(given))


@cache
def counter_owners() -> list[type[DOMNode]]:
    """The app first, then every screen of the counter that has bindings."""
    from postterm.tui.app import CounterApp
    from postterm.tui.screens.approval import ApprovalScreen
    from postterm.tui.screens.booking import BookingScreen
    from postterm.tui.screens.confirm import ConfirmScreen
    from postterm.tui.screens.day_end import DayEndScreen
    from postterm.tui.screens.help import HelpScreen
    from postterm.tui.screens.lock import LockScreen
    from postterm.tui.screens.login import LoginScreen
    from postterm.tui.screens.operations import OperationsScreen
    from postterm.tui.screens.payment import PaymentScreen
    from postterm.tui.screens.reprint import ReprintScreen
    from postterm.tui.screens.simulator import SimulatorScreen
    from postterm.tui.screens.track import TrackScreen
    from postterm.tui.screens.typed_weight import TypedWeightScreen
    from postterm.tui.screens.void import VoidScreen

    return [
        CounterApp,
        LoginScreen,
        BookingScreen,
        PaymentScreen,
        VoidScreen,
        ReprintScreen,
        TrackScreen,
        DayEndScreen,
        ApprovalScreen,
        LockScreen,
        TypedWeightScreen,
        ConfirmScreen,
        OperationsScreen,
        HelpScreen,
        SimulatorScreen,
    ]


def keymap_of(node: Any) -> Keymap:
    """The keymap of the app `node` runs in (the defaults outside the counter's app)."""
    try:
        keymap = getattr(node.app, "keymap", None)
    except Exception:  # not in an app yet
        keymap = None
    return keymap if isinstance(keymap, Keymap) else default_keymap()


@cache
def default_keymap() -> Keymap:
    return Keymap.from_settings({})


def bind_keys(node: DOMNode, keymap: Keymap) -> None:
    """Give `node` its own bindings with the keys in force, in place of the ones its class
    declares (Textual's own, such as Tab on a screen, stay)."""
    from textual.binding import BindingsMap

    own = {b.id for b in declared(type(node)) if b.id}
    kept = [
        b
        for bound in node._bindings.key_to_bindings.values()
        for b in bound
        if b.id is None or b.id not in own
    ]
    node._bindings = BindingsMap([*kept, *keymap.in_force(type(node))])
