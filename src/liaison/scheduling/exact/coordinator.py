"""The process coordination of the exact solver: the prover, LNS and Kissat runs.

CaDiCaL and Kissat cannot be interrupted, so each search runs in a forked process that
is killed when its answer is no longer needed or at the time limit; every such process
asks the kernel to be killed with its parent (``supervisor.die_with_parent``).  The rules
that decide which process works on what, and when, are wall-clock heuristics
(``params.py`` gives the measurement behind each); they decide speed, never soundness:
a schedule whose breaks equal a proven lower bound is optimal whichever process found it.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import time

from ..progress import Monitor
from ..supervisor import die_with_parent
from . import params
from .encoding import _Sat
from .search import _breaks_of, _find_at, _improve_lns, _sat_phase

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used, from /proc (None elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            stat = fh.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _sat_in_child(
    prep,
    enc,
    keep,
    hint,
    stop_at: float,
    say,
    improver: bool = False,
    finder_window: tuple[float, float] = (0.0, float("inf")),
    monitor: Monitor | None = None,
):
    """Run the deterministic SAT search (CaDiCaL, which cannot be interrupted) in a forked
    process that is killed at ``stop_at``.  Returns its final result, or what it had
    reported so far (best plan, lower bound, proven moved count) with ``final`` None.

    With ``improver`` the other core works at the same time: until ``finder_window[0]``
    it improves a schedule by large-neighbourhood search (``_improve_lns``), then the two
    lowest open bounds ``lo`` and ``lo + 1`` (below the best schedule known) are decided at
    once (``retarget``): ``lo`` by the prover while it makes progress, the other by Kissat;
    a Kissat "no" raises the bound itself.  A schedule whose breaks equal the proven bound
    is optimal and ends the search; the other schedules are kept in case the time runs out
    first: from ``finder_window[1]`` on, LNS improves the best of them (alongside Kissat)
    until ``stop_at``.
    """
    ctx = multiprocessing.get_context("fork")
    jobs: dict[str, tuple] = {}
    spawned: dict[str, float] = {}

    def spawn(role: str, target) -> None:
        receiver, sender = ctx.Pipe(duplex=False)
        parent = os.getpid()

        def child() -> None:
            die_with_parent(parent)
            try:
                target(lambda *msg: sender.send(msg))
            finally:
                sender.close()

        proc = ctx.Process(target=child, daemon=True)
        proc.start()
        sender.close()
        jobs[role] = (proc, receiver)
        spawned[role] = time.monotonic()

    def cpu(role: str) -> float:
        # the rules below count a process's own CPU time, not the wall clock: on an idle
        # machine the two are the same, on a loaded one a rule fires when the process
        # has really worked that long (under a load of 10-15 on 2 cores the wall-clock
        # rules stopped provers that were about to finish: ticf-13crafa, proven in 1.1 s
        # of CPU, ended unproven at 10 s with 48-80 breaks)
        seconds = _cpu_seconds(jobs[role][0].pid)
        return seconds if seconds is not None else time.monotonic() - spawned[role]

    def stop(role: str) -> None:
        proc, conn = jobs.pop(role)
        if proc.is_alive():
            proc.kill()
        proc.join()
        conn.close()

    def prover(send) -> None:
        out = _sat_phase(
            prep,
            enc,
            keep,
            hint,
            float("inf"),
            lambda m: send("say", m),
            lambda key, value: send("info", key, value),
            solver=params.SAT_SOLVER,
        )
        send("done", out)

    models: dict[str, _Sat] = {"sym": enc}

    def model(kind: str) -> _Sat:
        if kind not in models:
            models[kind] = enc.without_symmetry()
        return models[kind]

    #: what each Kissat worker decides: role -> (bound, model)
    deciding: dict[str, tuple[int, str]] = {}

    def start_worker(role: str, bound: int, kind: str) -> None:
        if role in jobs:
            stop(role)
        m = model(kind)
        spawn(role, lambda send: _find_at(m, bound, send))
        deciding[role] = (bound, kind)
        say(f"kissat: a schedule with at most {bound} breaks?")

    def finished(role: str) -> None:
        deciding.pop(role, None)
        if role in jobs:
            stop(role)

    spawn("prover", prover)
    if improver:
        spawn("lns", lambda send: _improve_lns(prep, enc, hint, send))
    info: dict = {"final": None}
    lo = 0  # proven lower bound on breaks (by any process)
    better: tuple[dict, int] | None = None
    find_at, find_until = finder_window
    phase = "lns" if improver else "none"
    progress_cpu = 0.0  # the prover's CPU seconds at its last raised bound (or the hand-over)
    prover_at = 0  # the bound the prover decides (one above the last it proved)

    def retarget() -> None:
        # The two lowest open bounds are decided at once, on two cores: while the
        # prover runs it decides the lower one and one Kissat run the upper one (or the
        # lower one, when only that is open); without the prover two Kissat runs do.
        # A run already deciding an open bound goes on; Kissat runs on the model
        # without symmetry-breaking clauses, except a second run on a bound that is
        # already being decided (for a different search).
        if phase not in ("finder", "endgame"):
            return  # LNS still has the second core, or there is none
        top = better[1] if better is not None else None
        open_ = [b for b in (lo, lo + 1) if top is None or b < top]
        if not open_:
            return
        prover_on = "prover" in jobs
        kept = [r for r in params.WORKERS if r in jobs and deciding[r][0] in open_]
        for role in params.WORKERS:
            if role not in kept:
                finished(role)
        decided = {deciding[r][0] for r in kept}
        if prover_on:
            order = [b for b in open_ if b != lo] + [lo]
        else:
            order = list(open_)
        want = [(b, "free") for b in order if b not in decided]
        if (open_[0], "sym") not in {deciding[r] for r in kept}:
            want.append((open_[0], "sym"))
        idle = [r for r in params.WORKERS if r not in kept]
        for role in idle[: max(0, 2 - prover_on - len(kept))]:
            if want:
                bound, kind = want.pop(0)
                start_worker(role, bound, kind)

    def watch_stall() -> bool:
        # the prover gives its core to Kissat when it has not raised the bound for
        # params.PROVER_STALL seconds
        return phase in ("finder", "endgame") and "prover" in jobs

    def optimal(plan: dict, value: int) -> dict:
        say(f"breaks = {value}, optimal (lower bound {lo} proven)")
        return {
            "final": "ok",
            "plan": plan,
            "lo": value,
            "breaks": value,
            "proven": True,
            "notes": [],
        }

    def found(plan: dict) -> None:
        if monitor is not None:
            monitor.incumbent(plan)

    def proven(bound: int) -> None:
        if monitor is not None:
            monitor.bounds(breaks_lb=bound)

    try:
        while jobs:
            now = time.monotonic()
            if now >= stop_at or (monitor is not None and monitor.stopped()):
                break
            # hand over once some schedule is known, so that a short limit still has one
            if phase == "lns" and now >= find_at and (better is not None or "plan" in info):
                if "lns" in jobs:
                    stop("lns")
                phase = "finder"
                if "prover" in jobs:
                    progress_cpu = cpu("prover")
                retarget()
            if watch_stall() and cpu("prover") >= progress_cpu + params.PROVER_STALL:
                # the prover has not raised the bound for a while: on the hardest
                # files it is then looking for a schedule at the optimum, which Kissat
                # finds faster, or proving a bound, which Kissat also does faster
                # (forum-13crafb: "at most 5?" 2.9 s against 4.8 s)
                stop("prover")
                say("kissat takes over the lower bound")
                retarget()
            if phase == "finder" and now >= find_until:
                # alongside Kissat (more processes than cores for these seconds), so
                # that a Kissat run about to finish still can
                phase = "endgame"
                best_plan = better[0] if better is not None else info.get("plan") or hint
                spawn("lns", lambda send, plan=best_plan: _improve_lns(prep, enc, plan, send))
                say("improving the best schedule found in the time left")
            wake = {"lns": find_at, "finder": find_until}.get(phase, stop_at)
            wake = min(stop_at, wake if wake > now else stop_at)
            if watch_stall():
                wake = min(wake, now + params.STALL_POLL)
            if monitor is not None:
                wake = min(wake, now + params.CANCEL_POLL)
            conns = {conn: role for role, (_p, conn) in jobs.items()}
            ready = multiprocessing.connection.wait(list(conns), timeout=max(0.0, wake - now))
            for conn in ready:
                role = conns[conn]
                if role not in jobs or jobs[role][1] is not conn:
                    continue  # stopped (or replaced) while handling an earlier message
                try:
                    msg = conn.recv()
                except EOFError:
                    finished(role)
                    continue
                kind = msg[0]
                if kind == "say":
                    say(msg[1])
                elif kind == "info" and msg[1] != "lo":
                    info[msg[1]] = msg[2]
                    if msg[1] == "plan":
                        found(msg[2])
                elif kind == "info":
                    if "prover" in jobs:
                        progress_cpu = cpu("prover")
                    prover_at = msg[2]
                    if msg[2] > lo:
                        lo = info["lo"] = msg[2]
                        proven(lo)
                        if better is not None and better[1] <= lo:
                            return optimal(*better)
                        # a Kissat run whose question is answered stops; one that has
                        # just started on the bound the prover now decides moves up; one
                        # that has worked on it for a while keeps it, and the prover's
                        # core moves up instead
                        for r, (b, _kind) in list(deciding.items()):
                            if b < lo or (b == lo and cpu(r) < params.MOVE_UP):
                                finished(r)
                        if any(b == lo for b, _kind in deciding.values()):
                            stop("prover")
                        retarget()
                elif kind == "done":
                    return msg[1]
                elif kind == "better" and (better is None or msg[2] < better[1]):
                    better = (msg[1], msg[2])
                    found(msg[1])
                elif kind == "none":
                    finished(role)
                    say(f"kissat: breaks > {msg[1]}")
                    if msg[1] + 1 > lo:
                        lo = info["lo"] = msg[1] + 1
                        proven(lo)
                    if better is not None and better[1] <= lo:
                        return optimal(*better)
                    if "prover" in jobs and prover_at < lo:
                        stop("prover")  # its question is answered: no
                    retarget()
                elif kind == "found":
                    finished(role)
                    value = _breaks_of(prep.inst, msg[2])
                    say(f"kissat: a schedule with {value} breaks")
                    found(msg[2])
                    if better is None or value < better[1]:
                        better = (msg[2], value)
                    if better[1] <= lo:
                        return optimal(*better)
                    retarget()
    finally:
        for role in list(jobs):
            stop(role)
    if "plan" in info and (better is not None or (monitor is not None and monitor.was_cancelled)):
        # the prover's own best schedule counts too (it can be better than the ones
        # LNS and Kissat sent: measured on ticf-13crafa under load, 48 against 63)
        value = _breaks_of(prep.inst, info["plan"])
        if better is None or value < better[1]:
            better = (info["plan"], value)
    if better is None:
        return info
    plan, value = better
    lo = min(value, lo)
    say(f"time limit: best schedule {value} breaks, lower bound {lo}")
    notes = [] if lo >= value else [f"breaks not proven minimal: {lo} <= {value}"]
    return {
        "final": "ok",
        "plan": plan,
        "lo": lo,
        "breaks": value,
        "proven": lo >= value,
        "notes": notes,
    }
