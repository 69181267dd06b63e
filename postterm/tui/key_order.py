"""Type-ahead: keys are handled one at a time, in the order they came, each against the
screen and the field that the keys before it produced.

Textual hands a key to the widget focused when the app reads it. An Enter that moves the
focus, an F-key that opens a screen, a menu letter: each takes effect only after its
messages have gone round the widget tree (the key bubbles to the bindings, the field posts
Submitted, the screen moves the focus or pushes a screen). Keys that arrive together (a fast
typist over SSH, a keyboard-wedge scanner) were read before that and landed in the old
field. So the app holds each key here and lets the next one go only once every message pump
of the app and of its screens has finished what the previous key set off: the keys go where
they would have gone typed slowly. A key typed after that goes at once.

"Finished" is read from private parts of Textual's message pumps and asyncio's tasks (the
queue, the "call next" list, the future a task is parked on): Textual is pinned by uv.lock,
and tests/tui/test_type_ahead.py fails if a new version moves them.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.worker import Worker

PATIENCE_S = 2.0  # a handler still busy after this long does not hold the keys behind it
TASK_PATIENCE_S = 20.0  # nor a clerk's task (a settle waiting on a busy database, printing)


class KeyOrder:
    def __init__(
        self,
        app: App[Any],
        dispatch: Callable[[events.Key], Awaitable[None]],
        *,
        patience_s: float = PATIENCE_S,
    ) -> None:
        self.app = app
        self._dispatch = dispatch
        self._patience_s = patience_s
        self._held: deque[events.Key] = deque()
        self._waiting = False  # a key has gone and what it set off is not finished yet
        self._waiter: asyncio.Task[None] | None = None
        self._app_task: asyncio.Task[Any] | None = None  # runs the app's own message loop
        self._tasks: list[Worker[Any]] = []
        self._generation = 0  # of the wait in progress

    def hold_for(self, worker: Worker[Any]) -> None:
        """Keys typed after the one that started `worker` wait until it has ended (and its
        ending has been shown), as they would typed slowly."""
        self._tasks = [w for w in self._tasks if not w.is_finished] + [worker]

    @property
    def held(self) -> int:
        return len(self._held)

    async def key(self, event: events.Key) -> None:
        """A key read from the terminal (called from the app's own message loop)."""
        self._app_task = asyncio.current_task()  # App.run does not keep it in app._task
        self._held.append(event)
        if self._waiting and len(self._held) == 1 and self._quiet(current=self.app):
            self._waiting = False  # finished, though the waiter has not looked yet
            self._generation += 1
        if not self._waiting:  # what the keys before it set off has finished: it goes now
            await self._release()

    async def _release(self) -> None:
        """Let the oldest held key go, then wait for what it sets off before the next."""
        if not self._held:
            return
        event = self._held.popleft()
        self._waiting = True
        try:
            await self._dispatch(event)
        finally:
            self._wait()

    def _wait(self) -> None:
        self._waiting = True
        self._generation += 1
        self._waiter = asyncio.create_task(self._until_quiet(self._generation))

    async def _until_quiet(self, generation: int) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        spins = 0
        while True:
            await asyncio.sleep(0 if spins < 20 else 0.002)
            spins += 1
            if self._quiet():
                break
            working = any(not w.is_finished for w in self._tasks)
            if loop.time() - started > (TASK_PATIENCE_S if working else self._patience_s):
                break
        if generation != self._generation:
            return  # a key came, found everything finished and went: this wait is over
        self._waiting = False
        if self._held:
            self._waiting = True
            self.app.call_later(self._release)

    def _pumps(self) -> Iterator[MessagePump]:
        yield self.app
        for screen in self.app.screen_stack:
            yield from screen.walk_children(with_self=True)

    def _quiet(self, current: MessagePump | None = None) -> bool:
        """No clerk's task running, and every pump mounted and waiting on an empty queue
        (`current` is handling the key that asks: nothing else queued for it)."""
        if any(not worker.is_finished for worker in self._tasks):
            return False
        return all(
            _waiting_for_messages(pump, self._app_task if pump is self.app else None)
            if pump is not current
            else pump._message_queue.empty() and not pump._next_callbacks
            for pump in self._pumps()
        )


def _waiting_for_messages(pump: MessagePump, task: asyncio.Task[Any] | None = None) -> bool:
    """Mounted, nothing queued, nothing to call next, and its task parked on its queue
    (not inside a handler that awaits, such as a screen still composing)."""
    queue: Any = pump._message_queue
    if not pump._is_mounted or not queue.empty() or pump._next_callbacks:
        return False
    task = task or pump._task
    if task is None:  # mounted and no task: its loop has ended (closed), it does nothing
        return True
    parked = getattr(task, "_fut_waiter", None)
    return parked is not None and parked in queue.ready_event._waiters
