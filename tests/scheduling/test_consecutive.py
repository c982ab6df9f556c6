"""Delegates who ask for fewer meetings back to back (``participants[].max_consecutive``).

A participant with ``max_consecutive`` K holds no meetings in K + 1 consecutive slots:
slots that follow each other in the file's order and are of the same session.
"""

from __future__ import annotations

import copy
import functools
import random

import pytest

from liaison.scheduling.baseline import self_booking
from liaison.scheduling.bounds import weight_upper_bound
from liaison.scheduling.explain import explain_all
from liaison.scheduling.instance import InstanceError
from liaison.scheduling.readers import instance_from_dict
from liaison.scheduling.result import Assignment, evaluate, to_dict
from liaison.scheduling.solve import solve

from . import bruteforce as bf

SOLVERS = ("exact", "large", "portfolio", "auto")


def _doc(slots, people, meetings, *, require_all=False, fairness=None, tables=2):
    """``slots``: session per slot (None: no session); ``people``: id -> extra fields;
    ``meetings``: lists of participant ids."""
    return {
        "format": "liaison-schedule/1",
        "name": "back-to-back",
        "slots": [
            {"id": f"S{t + 1}", **({"session": s} if s else {})} for t, s in enumerate(slots)
        ],
        "locations": [{"id": f"T{j + 1}", "mode": "onsite"} for j in range(tables)],
        "participants": [{"id": p, **extra} for p, extra in people.items()],
        "meetings": [{"id": f"m{k + 1}", "participants": ps} for k, ps in enumerate(meetings)],
        "rules": {"fairness": fairness, "require_all": require_all},
    }


#: "a" meets b, c and d; four slots of one session
STAR = (
    [None] * 4,
    {"a": {"max_consecutive": 2}, "b": {}, "c": {}, "d": {}},
    [["a", "b"], ["a", "c"], ["a", "d"]],
)


def _without_limit(doc):
    loose = copy.deepcopy(doc)
    for p in loose["participants"]:
        p.pop("max_consecutive", None)
    return loose


# -- the file format --------------------------------------------------------------------


def test_old_files_read_as_before_and_the_field_is_read():
    doc = _doc(*STAR)
    inst = instance_from_dict(doc)
    assert inst.participants[0].max_consecutive == 2
    assert inst.participants[1].max_consecutive is None
    assert instance_from_dict(_without_limit(doc)).participants[0].max_consecutive is None
    null = copy.deepcopy(doc)
    null["participants"][0]["max_consecutive"] = None
    assert instance_from_dict(null).participants[0].max_consecutive is None


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True, [2]])
def test_a_bad_max_consecutive_is_rejected_naming_the_participant(bad):
    doc = _doc(*STAR)
    doc["participants"][0]["max_consecutive"] = bad
    with pytest.raises(InstanceError) as err:
        instance_from_dict(doc)
    message = str(err.value)
    assert message.startswith("participant 'a': max_consecutive must be null or a whole number")
    assert repr(bad) in message


# -- what "consecutive" means ------------------------------------------------------------


def test_consecutive_slots_are_adjacent_and_of_one_session():
    inst = instance_from_dict(
        _doc(["morning", "morning", "afternoon", "afternoon", "any", "any"], {"a": {}}, [])
    )
    assert [inst.consecutive(t, t + 1) for t in range(5)] == [True, False, True, False, True]
    assert not inst.consecutive(0, 2) and not inst.consecutive(1, 0)
    assert inst.window_starts(2) == 0b10101
    assert inst.window_starts(3) == 0


def test_too_many_in_a_row_and_the_most_meetings_it_leaves():
    inst = instance_from_dict(
        _doc(
            ["morning"] * 3 + ["afternoon"] * 3,
            {"a": {"max_consecutive": 2}, "b": {"max_consecutive": 1, "unavailable": ["S2"]}},
            [],
        )
    )
    assert not inst.too_many_in_a_row(0, 0b000011)
    assert inst.too_many_in_a_row(0, 0b000111)
    assert not inst.too_many_in_a_row(0, 0b011011)  # S2 S3 | S4 S5: a session between
    assert inst.too_many_in_a_row(0, 0b111000)
    assert not inst.too_many_in_a_row(1, 0b010101)
    assert inst.too_many_in_a_row(1, 0b110000)
    # three slots per session, at most two of each in a row: 2 + 2
    assert inst.most_meetings(0) == 4
    # b: S1 | S3 (S2 away) | S4 S5 S6 -> 1 + 1 + 2
    assert inst.most_meetings(1) == 4
    assert inst.most_meetings(1, usable=0b111000) == 2


# -- the evaluator ------------------------------------------------------------------------


def test_the_evaluator_rejects_three_in_a_row_for_a_limit_of_two():
    inst = instance_from_dict(_doc(*STAR))
    three = [Assignment(0, 0, 0), Assignment(1, 1, 0), Assignment(2, 2, 0)]
    ev = evaluate(inst, three)
    assert ev.violations == ["a has more than 2 meetings back to back (up to slot S3)"]
    gap = [Assignment(0, 0, 0), Assignment(1, 1, 0), Assignment(2, 3, 0)]
    assert evaluate(inst, gap).ok
    doc = _doc(*STAR)
    result = {
        "assignments": [
            {"meeting": f"m{k + 1}", "slot": f"S{k + 1}", "location": "T1"} for k in range(3)
        ]
    }
    assert bf.violations(doc, result) == ["a: max_consecutive"]


def test_the_evaluator_lets_meetings_run_on_across_a_session_change():
    doc = _doc(
        ["morning", "morning", "afternoon"],
        {"a": {"max_consecutive": 1}, "b": {}},
        [["a", "b"], ["a", "b"]],
    )
    inst = instance_from_dict(doc)
    assert evaluate(inst, [Assignment(0, 1, 0), Assignment(1, 2, 0)]).ok  # S2 | S3
    assert not evaluate(inst, [Assignment(0, 0, 0), Assignment(1, 1, 0)]).ok  # S1 S2


# -- the solvers --------------------------------------------------------------------------


@pytest.mark.parametrize("solver", SOLVERS)
def test_the_limit_costs_a_break_when_every_meeting_is_required(solver):
    doc = _doc(*STAR, require_all=True)
    assert bf.optimum(doc) == (3, 1)
    assert bf.optimum(_without_limit(doc)) == (3, 0)
    inst = instance_from_dict(doc)
    result = solve(inst, solver=solver, time_limit=10)
    assert bf.claims_errors(doc, to_dict(inst, result), (3, 1)) == []
    assert evaluate(inst, result.assignments).total_breaks == 1
    if solver != "large":  # the heuristic has no breaks bound to prove it
        assert result.status == "optimal"


@pytest.mark.parametrize("solver", SOLVERS)
def test_the_limit_costs_a_meeting_when_the_slots_are_few(solver):
    doc = _doc([None] * 3, *STAR[1:])
    assert bf.optimum(doc) == (2, 0)
    assert bf.optimum(_without_limit(doc)) == (3, 0)
    inst = instance_from_dict(doc)
    result = solve(inst, solver=solver, time_limit=10)
    assert result.status == "optimal"
    assert len(result.assignments) == 2 and result.weight_upper_bound == 2
    assert bf.claims_errors(doc, to_dict(inst, result), (2, 0)) == []
    (k,) = set(range(3)) - {a.meeting for a in result.assignments}
    reason = result.unscheduled[k]
    assert reason.code == "max_consecutive_reached"
    assert reason.params["participants"] == ["a"] and reason.params["limits"] == {"a": 2}
    held = sorted(inst.slots[a.slot].id for a in result.assignments)
    assert sorted(reason.params["slots"] + reason.params["busy_slots"]) == ["S1", "S2", "S3"]
    assert reason.params["busy_slots"] == held
    required = instance_from_dict(_doc([None] * 3, *STAR[1:], require_all=True))
    assert solve(required, solver="exact", time_limit=10).status == "infeasible"


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("second", ["afternoon", "any"])
def test_a_session_change_is_a_pause(solver, second):
    # one meeting per slot at most for "a": two slots of one session hold one meeting,
    # a morning slot and an afternoon (or session-less) one hold both, with no break
    people = {"a": {"max_consecutive": 1}, "b": {}, "c": {}}
    doc = _doc(["morning", second], people, [["a", "b"], ["a", "c"]], require_all=True)
    assert bf.optimum(doc) == (2, 0)
    assert (
        bf.optimum(_doc(["morning", "morning"], people, [["a", "b"], ["a", "c"]], require_all=True))
        is None
    )
    inst = instance_from_dict(doc)
    result = solve(inst, solver=solver, time_limit=10)
    assert result.status == "optimal" and len(result.assignments) == 2
    assert bf.claims_errors(doc, to_dict(inst, result), (2, 0)) == []


def test_the_weight_bound_counts_the_idle_slots_the_limit_forces():
    inst = instance_from_dict(_doc([None] * 3, *STAR[1:]))
    assert inst.most_meetings(0) == 2
    assert weight_upper_bound(inst) == 2
    assert weight_upper_bound(instance_from_dict(_without_limit(_doc([None] * 3, *STAR[1:])))) == 3


def test_the_self_booking_baseline_respects_the_limit():
    doc = _doc([None] * 3, *STAR[1:])
    inst = instance_from_dict(doc)
    for seed in range(6):
        plan = self_booking(inst, seed=seed)
        assert evaluate(inst, [Assignment(k, t, 0) for k, t in plan.slot_of.items()]).ok
        assert len(plan.slot_of) == 2


@pytest.mark.parametrize("solver", ("exact", "large", "portfolio"))
def test_a_repair_moves_a_meeting_out_of_a_run_the_delegate_no_longer_wants(solver):
    before = _doc(*STAR)
    before["participants"][0].pop("max_consecutive")
    previous = [Assignment(k, k, 0) for k in range(3)]  # S1 S2 S3: three in a row
    assert evaluate(instance_from_dict(before), previous).ok
    doc = _doc(*STAR)
    inst = instance_from_dict(doc)
    result = solve(inst, solver=solver, time_limit=10, keep=previous)
    assert evaluate(inst, result.assignments).ok
    assert len(result.assignments) == 3 and result.moved == 1
    kept = {a.meeting: a.slot for a in previous}
    assert bf.claims_errors(doc, to_dict(inst, result), bf.optimum(doc, kept), kept) == []


def test_explain_says_which_delegate_and_which_slots():
    doc = _doc([None] * 3, *STAR[1:])
    inst = instance_from_dict(doc)
    reasons = explain_all(inst, {0: 0, 1: 1})
    assert reasons[2].code == "max_consecutive_reached"
    assert str(reasons[2]) == (
        "in the slots a and d share, a (at most 2) would have more meetings back to back "
        "than asked for (S3); in the others one of them is in another meeting (S1, S2)"
    )
    assert reasons[2].params == {
        "participants": ["a"],
        "limits": {"a": 2},
        "slots": ["S3"],
        "busy_slots": ["S1", "S2"],
    }
    # S3 too many in a row for a, S4 without a free table: a mixed reason
    full = _doc([None] * 4, {**STAR[1], "e": {}, "f": {}}, [*STAR[2], ["e", "f"]], tables=1)
    inst = instance_from_dict(full)
    reasons = explain_all(inst, {0: 0, 1: 1, 3: 3})
    assert reasons[2].code == "busy_or_full"
    assert reasons[2].params["full_slots"] == ["S4"]
    assert reasons[2].params["back_to_back_slots"] == ["S3"]
    # without a limit the same slot is simply free: another reason
    loose = instance_from_dict(_without_limit(full))
    assert explain_all(loose, {0: 0, 1: 1, 3: 3})[2].code != "busy_or_full"


# -- the random instances of the cross-check include it ----------------------------------


@functools.cache
def _biting(first_seed: int, count: int) -> list[dict]:
    """Tiny random instances (bruteforce.tiny) whose optimum the limit changes."""
    found = []
    seed = first_seed
    while len(found) < count:
        doc = bf.tiny(random.Random(seed), dense=True)
        seed += 1
        limited = any("max_consecutive" in p for p in doc["participants"])
        if limited and bf.optimum(doc) != bf.optimum(_without_limit(doc)):
            found.append(doc)
        assert seed < first_seed + 50 * count, "the generator hardly ever draws a binding limit"
    return found


@pytest.mark.parametrize("solver", SOLVERS)
def test_claims_agree_with_enumeration_where_the_limit_binds(solver):
    wrong = []
    for doc in copy.deepcopy(_biting(40_000, 30)):
        inst = instance_from_dict(doc)
        result = solve(inst, solver=solver, time_limit=10)
        errs = bf.claims_errors(doc, to_dict(inst, result), bf.optimum(doc))
        if errs:
            wrong.append((doc, errs))
    assert wrong == []
