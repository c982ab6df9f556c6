"""Running a solve in a supervised child process (for Celery workers and web requests).

``solve_in_subprocess(instance, ...)`` takes the same arguments as ``solve()`` and returns
the same :class:`Result`, but the solve runs in a fresh Python process started with
``subprocess`` (not ``multiprocessing``), in its own session and process group:

- it works inside a daemonic process such as a worker of Celery's default *prefork*
  pool, where ``multiprocessing`` refuses to start children (the exact solver starts
  some);
- every solver process dies with its parent: the child and each process it starts ask
  the kernel for SIGKILL when their parent dies (``PR_SET_PDEATHSIG``), and the child
  also kills its whole process group when the pipe from the parent closes; the parent
  kills the group when it returns, on an exception, or when the child overruns the time
  limit by more than ``GRACE`` seconds;
- progress events and cancellation cross the pipes (``progress`` gets the same
  :class:`Progress` events as with ``solve()``; ``cancel`` is checked every
  ``POLL`` seconds and forwarded).

The protocol is private: pickled messages, one base64 line each, on the child's stdout
(``("progress", Progress)``, ``("result", Result)``, ``("error", text)``); the parent
writes the pickled job (8-byte length first) to the child's stdin, then ``b"c"`` to
cancel.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

#: Seconds between two looks at ``cancel`` in the parent.
POLL = 0.1
#: Seconds past the time limit after which the parent kills the child's process group
#: (the solve itself stops within its limit; this covers a child stuck in start-up or a
#: machine so loaded that it cannot answer).
GRACE = 10.0

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; a no-op
    elsewhere), and die at once if the parent is already gone.

    ``parent``: the process id the parent had before it started this process; without
    it, a parent that died before the request is only noticed when this process was
    handed to init (pid 1), not to another subreaper."""
    if not sys.platform.startswith("linux"):
        return
    expected = parent if parent is not None else os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != expected or os.getppid() == 1:
        os._exit(1)


class SolverProcessError(RuntimeError):
    """The solver process failed (its message says how); no result was produced."""


def _encode(obj: Any) -> bytes:
    return base64.b64encode(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)) + b"\n"


def _decode(line: bytes) -> Any:
    return pickle.loads(base64.b64decode(line))  # noqa: S301 - our own child's pipe


def _read_exactly(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("the parent closed the pipe")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def solve_in_subprocess(
    instance,
    *,
    time_limit: float = 60.0,
    progress: Callable[[Any], None] | None = None,
    cancel: Any = None,
    started: Callable[[int], None] | None = None,
    **options: Any,
):
    """``solve(instance, time_limit=..., **options)`` in a supervised child process.

    Returns the child's :class:`Result`.  ``cancel`` (an Event or a callable) stops the
    solve, which then returns the best schedule found so far.  ``started`` is called
    with the child's process id, which is also its process group id (every solver
    process is in that group).  Raises :class:`SolverProcessError` when the child dies
    without a result."""
    from .progress import cancel_check

    cancelled = cancel_check(cancel)
    env = dict(os.environ)
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    child = subprocess.Popen(
        [sys.executable, "-m", "liaison.scheduling.supervisor", str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own session and process group, killed as one
        close_fds=True,
    )
    job = {
        "instance": instance,
        "time_limit": time_limit,
        "options": options,
        "progress": progress is not None,
    }
    result: Any = None
    error: str | None = None
    lines: list[bytes] = []
    reader_done = threading.Event()

    def read() -> None:
        try:
            for line in child.stdout:  # type: ignore[union-attr]
                lines.append(line)
        finally:
            reader_done.set()

    reader = threading.Thread(target=read, daemon=True)
    try:
        if started is not None:
            started(child.pid)
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        child.stdin.write(len(data).to_bytes(8, "big") + data)  # type: ignore[union-attr]
        child.stdin.flush()  # type: ignore[union-attr]
        reader.start()
        deadline = time.monotonic() + time_limit + GRACE
        sent_cancel = False
        seen = 0
        while True:
            finished = reader_done.wait(POLL)
            while seen < len(lines):
                kind, payload = _decode(lines[seen])
                seen += 1
                if kind == "progress" and progress is not None:
                    progress(payload)
                elif kind == "result":
                    result = payload
                elif kind == "error":
                    error = payload
            if finished or result is not None or error is not None:
                break
            if not sent_cancel and cancelled():
                sent_cancel = True
                with contextlib.suppress(OSError, ValueError):
                    child.stdin.write(b"c")  # type: ignore[union-attr]
                    child.stdin.flush()  # type: ignore[union-attr]
            if time.monotonic() > deadline:
                error = f"the solver process overran its time limit by {GRACE:g} s"
                break
    finally:
        _kill_group(child)
    if result is None:
        code = child.returncode
        raise SolverProcessError(error or f"the solver process ended without a result ({code})")
    return result


def _kill_group(child: subprocess.Popen) -> None:
    """Kill the child's process group (the child and every solver process it started)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    with contextlib.suppress(OSError, ValueError):
        child.stdin.close()  # type: ignore[union-attr]
    child.wait()
    with contextlib.suppress(OSError, ValueError):
        child.stdout.close()  # type: ignore[union-attr]


def _child_main() -> int:
    """The child: read the job, solve, write progress and the result, watch the parent.

    The pipes are used through raw file descriptors, and the standard streams are
    pointed elsewhere first: a thread blocked in ``sys.stdin`` would hold its lock
    across the solver's ``fork()``, and a forked process that then touches
    ``sys.stdin`` (multiprocessing closes it) would hang; anything printed on
    standard output (a library banner) would corrupt the result pipe."""
    die_with_parent(int(sys.argv[1]) if len(sys.argv) > 1 else None)
    job_fd, out_fd = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull)  # noqa: SIM115 - for the process's lifetime
    sys.stdout = sys.stderr
    size = int.from_bytes(_read_exactly(job_fd, 8), "big")
    job = pickle.loads(_read_exactly(job_fd, size))  # noqa: S301 - our parent's pipe
    cancel = threading.Event()
    lock = threading.Lock()

    def send(kind: str, payload: Any) -> None:
        data = _encode((kind, payload))
        with lock:
            while data:
                data = data[os.write(out_fd, data) :]

    def watch_parent() -> None:
        # b"c" cancels; end of file means the parent is gone: end the whole group
        while True:
            byte = os.read(job_fd, 1)
            if not byte:
                break
            if byte == b"c":
                cancel.set()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch_parent, daemon=True).start()
    from .solve import solve

    try:
        result = solve(
            job["instance"],
            time_limit=job["time_limit"],
            progress=(lambda event: send("progress", event)) if job["progress"] else None,
            cancel=cancel,
            **job["options"],
        )
    except Exception as exc:  # reported to the parent, which raises it
        send("error", f"{type(exc).__name__}: {exc}")
        return 1
    send("result", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(_child_main())
