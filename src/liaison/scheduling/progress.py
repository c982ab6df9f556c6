"""Progress reports and cancellation, shared by every solver phase.

``solve(..., progress=callback, cancel=event_or_callable)`` builds one :class:`Monitor`;
each phase tells it what it found (``incumbent``), what it proved (``bounds``) and what it
is doing (``say``), and asks it whether to stop (``stopped``).  The monitor turns these
into :class:`Progress` events for the caller, at most ``min_interval`` seconds apart
unless something important changed (a better schedule or bound, a new phase).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .instance import Instance


@dataclass
class Progress:
    """One progress event: where the search is and the best it has so far.

    ``slot_of`` is the best schedule so far (meeting index -> slot index; locations and
    interpreters are given only in the final result) or None when it has not changed
    since the previous event.  Weights and breaks are of that schedule; the bounds are
    the best proven so far (the weight bound is an upper bound on the optimum's weight,
    the breaks bound a lower bound on its breaks)."""

    elapsed: float  # seconds since the solve started
    fraction: float  # elapsed / time limit, in [0, 1]
    phase: str  # "bounds", "construction", "search", "proof", ... (free text, stable-ish)
    message: str  # an English line for logs and the command line
    weight: int | None = None
    weight_upper_bound: int | None = None
    breaks: int | None = None
    breaks_lower_bound: int | None = None
    slot_of: dict[int, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (meeting and slot indices as in the instance)."""
        return {
            "elapsed": round(self.elapsed, 3),
            "fraction": round(self.fraction, 4),
            "phase": self.phase,
            "message": self.message,
            "weight": self.weight,
            "weight_upper_bound": self.weight_upper_bound,
            "breaks": self.breaks,
            "breaks_lower_bound": self.breaks_lower_bound,
            "schedule": None if self.slot_of is None else sorted(self.slot_of.items()),
        }


def cancel_check(cancel: Any) -> Callable[[], bool]:
    """A callable for ``cancel``: None, an object with ``is_set()`` (threading or
    multiprocessing Event) or a callable returning true when the solve should stop."""
    if cancel is None:
        return lambda: False
    if hasattr(cancel, "is_set"):
        return cancel.is_set
    if callable(cancel):
        return lambda: bool(cancel())
    raise TypeError("cancel must be None, an Event or a callable returning a bool")


@dataclass
class Monitor:
    instance: Instance
    time_limit: float
    progress: Callable[[Progress], None] | None = None
    cancel: Any = None
    min_interval: float = 0.5
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self._cancelled = cancel_check(self.cancel)
        self.deadline = self.started + max(0.0, self.time_limit)
        self.phase = "start"
        self.best: dict[int, int] | None = None
        self.best_key: tuple[int, int] | None = None  # (weight, -breaks) of the best
        self.weight_ub: int | None = None
        self.breaks_lb: int | None = None
        self.was_cancelled = False
        self._last = -1e9
        self._fresh = False

    # -- questions ------------------------------------------------------------------

    def stopped(self) -> bool:
        """True once the caller cancelled (checked by every phase)."""
        if not self.was_cancelled and self._cancelled():
            self.was_cancelled = True
            self.say("cancelled: returning the best schedule found so far", force=True)
        return self.was_cancelled

    def due(self) -> bool:
        """Whether a report now would be passed on (``min_interval`` since the last):
        phases that must build a schedule to report it ask first."""
        return time.monotonic() - self._last >= self.min_interval

    def left(self) -> float:
        return self.deadline - time.monotonic()

    # -- reports --------------------------------------------------------------------

    def say(self, message: str, *, phase: str | None = None, force: bool = False) -> None:
        if phase is not None and phase != self.phase:
            self.phase = phase
            force = True
        self._emit(message, force)

    def incumbent(self, slot_of: dict[int, int], message: str = "") -> None:
        """A valid schedule found by some phase; kept when it is the best so far."""
        weight, breaks = self._value(slot_of)
        key = (weight, -breaks)
        if self.best_key is not None and key <= self.best_key:
            return
        self.best, self.best_key, self._fresh = dict(slot_of), key, True
        self._emit(message or f"schedule: weight {weight}, {breaks} breaks", True)

    def bounds(self, weight_ub: int | None = None, breaks_lb: int | None = None) -> None:
        changed = False
        if weight_ub is not None and (self.weight_ub is None or weight_ub < self.weight_ub):
            self.weight_ub, changed = weight_ub, True
        if breaks_lb is not None and (self.breaks_lb is None or breaks_lb > self.breaks_lb):
            self.breaks_lb, changed = breaks_lb, True
        if changed:
            self._emit("", True)

    # -- internals ------------------------------------------------------------------

    def _value(self, slot_of: dict[int, int]) -> tuple[int, int]:
        inst = self.instance
        busy: dict[int, int] = {}
        weight = 0
        for k, t in slot_of.items():
            weight += inst.meetings[k].weight
            for p in inst.meetings[k].participants:
                busy[p] = busy.get(p, 0) | (1 << t)
        breaks = sum(max(0, (b & ~(b << 1)).bit_count() - 1) for b in busy.values())
        return weight, breaks

    def _emit(self, message: str, force: bool) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last < self.min_interval:
            return
        self._last = now
        elapsed = now - self.started
        fraction = min(1.0, elapsed / self.time_limit) if self.time_limit > 0 else 1.0
        key = self.best_key
        event = Progress(
            elapsed,
            fraction,
            self.phase,
            message,
            None if key is None else key[0],
            self.weight_ub,
            None if key is None else -key[1],
            self.breaks_lb,
            self.best if self._fresh else None,
        )
        self._fresh = False
        self.progress(event)


def text_progress(say: Callable[[str], None]) -> Callable[[Progress], None]:
    """A progress callback that prints each event's message (the command line's)."""

    def callback(event: Progress) -> None:
        if event.message:
            say(event.message)

    return callback
