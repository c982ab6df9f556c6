"""Waiting in the browser tests without ``eval``.

Playwright's ``wait_for_function`` runs its predicate through ``eval`` inside the page, which
Liaison's Content-Security-Policy forbids (as it should); ``wait_until`` asks the same
question from outside, through the DevTools protocol, every 100 ms.
"""

from __future__ import annotations

import time

_UNSET = object()


def wait_until(page, expression: str, arg=_UNSET, timeout: float = 30000):
    """Return the first truthy value of ``expression`` (a JS expression, or a function of
    ``arg``); fail after ``timeout`` milliseconds."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        value = page.evaluate(expression) if arg is _UNSET else page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout / 1000:.0f} s for: {expression}")
        page.wait_for_timeout(100)
