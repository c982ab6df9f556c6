"""Every solver's claims held against an enumeration of every schedule (bruteforce.py).

Thousands of random tiny instances: a claim of ``infeasible`` needs no valid schedule to
exist, ``optimal`` the enumeration's optimum, the weight upper bound at least and the
breaks lower bound at most the optimum's, and every schedule returned must be valid.
`make test` runs a few hundred instances per solver; ``-m slow`` runs thousands more.
``LIAISON_CROSSCHECK_OFFSET=N`` draws other instances (the seeds are N, N+1, ...).
"""

from __future__ import annotations

import os
import random

import pytest

from liaison.scheduling.readers import instance_from_dict
from liaison.scheduling.result import Assignment, to_dict
from liaison.scheduling.solve import solve, still_valid

from . import bruteforce as bf

SOLVERS = ("exact", "large", "portfolio", "auto")
OFFSET = int(os.environ.get("LIAISON_CROSSCHECK_OFFSET", "0"))

TWO_PAIRS = {
    "format": "liaison-schedule/1",
    "name": "two-pairs",
    "slots": [
        {
            "id": "S1",
            "start": "2021-07-15T14:00:00+08:00",
            "end": "2021-07-15T14:20:00+08:00",
            "session": "afternoon",
        }
    ],
    "locations": [{"id": "T1", "mode": "onsite"}, {"id": "T2", "mode": "onsite"}],
    "participants": [
        {"id": "a", "side": "JP", "mode": "onsite"},
        {"id": "b", "side": "CN", "mode": "onsite"},
        {"id": "c", "side": "JP", "mode": "onsite"},
        {"id": "d", "side": "CN", "mode": "onsite"},
    ],
    "meetings": [
        {"id": "m1", "participants": ["a", "b"]},
        {"id": "m2", "participants": ["c", "d"]},
    ],
    "rules": {"fairness": None, "require_all": True},
}


def _run(doc, solver, rng, *, keep=False, short=False):
    """Solve ``doc`` and return the claims the enumeration contradicts."""
    inst = instance_from_dict(doc)
    previous = None
    kept = None
    if keep:
        previous = [
            Assignment(k, rng.randrange(len(inst.slots)), rng.randrange(len(inst.locations)))
            for k in range(len(inst.meetings))
            if rng.random() < 0.6
        ]
        kept = {a.meeting: a.slot for a in still_valid(inst, previous)}
    best = bf.optimum(doc, kept)
    limit = rng.choice([0.01, 0.1, 0.5]) if short else 10.0
    result = solve(inst, solver=solver, time_limit=limit, workers=rng.choice([1, 2]), keep=previous)
    return bf.claims_errors(doc, to_dict(inst, result), best, kept)


def _batch(solver, seeds, *, extended=False, keep=False, short=False):
    """The seeds whose instance got a wrong claim from ``solver``, with the claims."""
    wrong = []
    for seed in seeds:
        rng = random.Random(seed)
        doc = bf.tiny(rng, extended=extended)
        errs = _run(doc, solver, rng, keep=keep, short=short)
        if errs:
            wrong.append((seed, errs))
    return wrong


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("require_all", [True, False])
def test_issue_14_two_pairs_in_one_slot_are_both_held(solver, require_all):
    doc = {**TWO_PAIRS, "rules": {"fairness": None, "require_all": require_all}}
    inst = instance_from_dict(doc)
    result = solve(inst, solver=solver, time_limit=10)
    assert result.status == "optimal"
    assert len(result.assignments) == 2 and result.weight_upper_bound == 2
    assert bf.claims_errors(doc, to_dict(inst, result), bf.optimum(doc)) == []


@pytest.mark.parametrize("solver", SOLVERS)
def test_claims_agree_with_enumeration(solver):
    seeds = range(OFFSET, OFFSET + 250)
    assert _batch(solver, seeds) == []


@pytest.mark.parametrize("solver", SOLVERS)
def test_interpreters_table_sizes_and_groups_claims_agree_with_enumeration(solver):
    seeds = range(OFFSET + 30_000, OFFSET + 30_200)
    assert _batch(solver, seeds, extended=True) == []


@pytest.mark.parametrize("solver", ("exact", "large", "portfolio"))
def test_repair_claims_agree_with_enumeration(solver):
    seeds = range(OFFSET + 10_000, OFFSET + 10_120)
    assert _batch(solver, seeds, keep=True) == []


@pytest.mark.parametrize("solver", ("exact", "large", "portfolio"))
def test_claims_hold_when_the_time_limit_cuts_the_search(solver):
    seeds = range(OFFSET + 20_000, OFFSET + 20_080)
    assert _batch(solver, seeds, short=True) == []


@pytest.mark.slow
@pytest.mark.parametrize("solver", SOLVERS)
def test_claims_agree_with_enumeration_many(solver):
    seeds = range(OFFSET + 100_000, OFFSET + 102_500)
    assert _batch(solver, seeds) == []
    assert _batch(solver, range(OFFSET + 110_000, OFFSET + 110_500), keep=True) == []
    assert _batch(solver, range(OFFSET + 120_000, OFFSET + 120_300), short=True) == []
    assert _batch(solver, range(OFFSET + 130_000, OFFSET + 132_000), extended=True) == []
    assert _batch(solver, range(OFFSET + 140_000, OFFSET + 140_300), extended=True, keep=True) == []


def test_enumeration_sees_what_a_wrong_claim_would_hide():
    """The referee itself: on the issue's instance it finds the two-meeting optimum and
    rejects the answers the old symmetry breaking gave."""
    assert bf.optimum(TWO_PAIRS) == (2, 0)
    inst = instance_from_dict(TWO_PAIRS)
    wrong = {
        "status": "infeasible",
        "assignments": [],
        "stats": {"weight_upper_bound": 0, "breaks_lower_bound": 0},
    }
    assert bf.claims_errors(TWO_PAIRS, wrong, bf.optimum(TWO_PAIRS)) != []
    optional = {**TWO_PAIRS, "rules": {"fairness": None, "require_all": False}}
    one = {
        "status": "optimal",
        "assignments": [{"meeting": "m1", "slot": "S1", "location": "T1"}],
        "stats": {"weight_upper_bound": 1, "breaks_lower_bound": 0},
    }
    errs = bf.claims_errors(optional, one, bf.optimum(optional))
    assert any("upper bound" in e for e in errs) and any("optimal" in e for e in errs)
    clash = {
        "status": "feasible",
        "assignments": [
            {"meeting": "m1", "slot": "S1", "location": "T1"},
            {"meeting": "m2", "slot": "S1", "location": "T1"},
        ],
        "stats": {"weight_upper_bound": 2, "breaks_lower_bound": 0},
    }
    assert bf.violations(optional, clash) == ["T1 twice in S1"]
    assert inst.meetings[0].id == "m1"


def _lying_solver(monkeypatch, plan):
    import liaison.scheduling.exact as exact

    monkeypatch.setattr(exact, "solve_exact", lambda instance, **kw: plan)


def test_self_check_fails_loudly_in_strict_mode_and_downgrades_otherwise(monkeypatch, caplog):
    from liaison.scheduling.result import OPTIMAL, SlotPlan
    from liaison.scheduling.solve import SelfCheckError

    doc = {
        **TWO_PAIRS,
        "locations": [{"id": "T1", "mode": "onsite"}],
        "rules": {"fairness": None, "require_all": False},
    }
    inst = instance_from_dict(doc)
    # both meetings in the one slot with one table: a broken capacity rule
    _lying_solver(monkeypatch, SlotPlan(OPTIMAL, {0: 0, 1: 0}, 2, 0, "liar"))
    with pytest.raises(SelfCheckError, match="invalid schedule"):
        solve(inst, solver="exact")
    monkeypatch.setenv("LIAISON_SCHEDULING_STRICT", "0")
    result = solve(inst, solver="exact")
    assert result.status == "feasible" and result.assignments == []
    assert any("self-check" in n for n in result.notes)
    assert "self-check" in caplog.text
    # a bound below the weight held is raised to a valid one, optimal withdrawn
    _lying_solver(monkeypatch, SlotPlan(OPTIMAL, {0: 0}, 0, 0, "liar"))
    result = solve(inst, solver="exact")
    assert result.status == "feasible" and result.weight_upper_bound == 2
    assert len(result.assignments) == 1
