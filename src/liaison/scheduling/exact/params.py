"""The exact solver's tunable rules, each with the measurement that chose it.

Everything here that is counted in seconds is a *heuristic* about wall-clock time on a
2-core machine: it decides which process does what and when, never what is proven.  A
slower or busier machine makes the same decisions later and may prove less within a
limit; the answer it gives is still checked and still sound.  The measurements are from
the B2B benchmark (shared/benchmarks/b2b-jair2022/) on the 2-core development machine.
"""

from __future__ import annotations

from pysat.card import EncType

#: CaDiCaL 1.9.5: best measured on the hard files; it cannot be interrupted, so it runs
#: in a killable child process.
SAT_SOLVER = "cd19"
#: Kissat 4: finds low-break schedules fastest (ticf-13crafb's 3-break optimum: 8-10 s
#: against 17-26 s for CaDiCaL's incremental search); takes no assumptions, so each
#: bound gets a fresh run in its own killable process.
FINDER_SOLVER = "kissat404"
#: Glucose 4: interruptible by a timer, for the time left once the children are done.
FALLBACK_SOLVER = "g4"
#: Below a time limit of the first figure (seconds), the second core first improves a
#: schedule by LNS for the second figure's share of the limit (a short limit rarely proves
#: a hard file, and LNS then gives a far better schedule); from that limit on, it decides
#: bounds with Kissat from the third figure's seconds on, once a first schedule is known
#: (0.5 s instead of 0 cost ticf-13crafb its 10 s proof in one run of two: 9.5-9.6 s).
#: The limit compared with the first figure is the caller's (``Monitor.time_limit``), not
#: the exact solver's share of it: ``solve()`` keeps 0.05 s + 5e-5 s per meeting for the
#: check, so a 10 s call reached the solver as 9.94 s and took the LNS-first branch;
#: ticf-13crafb then ended unproven at 9.5 s (17 breaks, load 1) instead of proven (the
#: 3-break optimum at 7.2 s, load 1: Kissat needs 6.7 s of CPU for it on the model without
#: symmetry clauses, from 0.33 s on).  The price of this branch on a busy machine: when
#: Kissat does not finish, the schedule returned is the prover's first (ticf-13crafb at a
#: load of 2.5-8: 63-82 breaks, where LNS-first reached 17).
FINDER_AFTER = (10.0, 0.2, 0.0)
#: Seconds before the end at which, when Kissat has not ended the search, LNS improves the
#: best schedule found alongside it; only with time limits of at least the second figure
#: (with 10 s, Kissat alone to the end proves more originals).
FINDER_UNTIL = (4.0, 30.0)
#: The two Kissat workers of the search's second part.
WORKERS = ("kissat-a", "kissat-b")
#: A Kissat run that has used less than this many CPU seconds on a bound that the prover
#: then reaches moves one bound up (its preprocessing is all it loses).  0.3 s: with 1 s,
#: ticf-13crafb lost its 10 s proof in 2 runs of 5 (a run that had nearly found the
#: 3-break schedule was restarted).
MOVE_UP = 0.3
#: CPU seconds of the prover without a raised bound after which its core goes to Kissat
#: too (forum-13crafb: Kissat proves "at most 5?" in 2.9 s, CaDiCaL in 4.8 s).  These two
#: rules count the process's own CPU time (measured on an idle machine, where it equals
#: the wall time): counted on the wall clock, a load of 10-15 on 2 cores made them fire
#: before the prover had done 3 s of work, and 8 of the 20 originals ended unproven.
PROVER_STALL = 3.0
#: Seconds between two looks at the prover's CPU time while the stall rule applies.
STALL_POLL = 0.2
#: Share of the limit kept for the final interruptible search after the children stop:
#: with a second worker at most a twentieth (and 1 s), else a fifth (and 15 s).
RESERVE_WITH_WORKER = (0.05, 1.0)
RESERVE_ALONE = (0.2, 15.0)
#: Seconds to build the SAT model per (meeting, slot) cell, and to load it into Glucose
#: per clause, on this machine under a load of 12 on 2 cores (measured: generated
#: 200-delegate event, 10,459 cells, 502,387 clauses: 0.80 s and 0.51 s; ticf-13crafb:
#: 3,278 cells, 0.37 s and 0.20 s).  With less time left than that, the step is skipped
#: and the best schedule so far returned: a weaker result rather than a late one.
BUILD_SECONDS_PER_CELL = 1e-4
LOAD_SECONDS_PER_CLAUSE = 1.5e-6
#: Share of the time limit CP-SAT may spend on tier (1), the weight.
WEIGHT_SHARE = 0.4
#: Conflicts allowed per sub-problem of the breaks LNS (a work budget, not a time budget).
LNS_CONFLICTS = 1000
#: Seconds between two looks at the caller's cancellation while a search runs (the
#: measured delay from cancel to return is below 0.5 s; see tests/scheduling).
CANCEL_POLL = 0.1
#: Cardinality encoding of the model's counters.
CARD = EncType.seqcounter
#: Above this many literals the implied "spread" clauses are left out (very large models).
SPREAD_MAX_LITERALS = 3_000_000
