"""Interpreter pools and table sizes: the format, the evaluator, the bounds and the solvers."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from liaison.scheduling.bounds import weight_upper_bound
from liaison.scheduling.explain import CODES, explain_all
from liaison.scheduling.instance import InstanceError
from liaison.scheduling.readers import instance_from_dict
from liaison.scheduling.result import Assignment, evaluate, to_dict
from liaison.scheduling.solve import solve

BASE = {
    "format": "liaison-schedule/1",
    "name": "field",
    "slots": [{"id": "S1"}],
    "locations": [{"id": "T2", "capacity": 2}, {"id": "T4", "capacity": 4}],
    "participants": [{"id": p} for p in ("jp1", "jp2", "cn1", "cn2", "cn3")],
    "meetings": [
        {"id": "trio", "participants": ["jp1", "cn1", "cn2"]},
        {"id": "pair", "participants": ["jp2", "cn3"]},
    ],
    "interpreters": [],
    "rules": {"fairness": None, "require_all": False},
}


def doc(**changes):
    d = copy.deepcopy(BASE)
    d.update(changes)
    return d


@pytest.mark.parametrize("solver", ["exact", "large", "portfolio"])
def test_a_meeting_of_three_takes_the_table_that_seats_it(solver):
    inst = instance_from_dict(doc())
    result = solve(inst, solver=solver, time_limit=10)
    assert result.status == "optimal" and len(result.assignments) == 2
    where = {inst.meetings[a.meeting].id: inst.locations[a.location].id for a in result.assignments}
    assert where == {"trio": "T4", "pair": "T2"}
    # two meetings of three, one table that seats them: one is held, the bound knows it
    two_trios = doc(
        participants=[{"id": p} for p in ("jp1", "jp2", "cn1", "cn2", "cn3", "cn4")],
        meetings=[
            {"id": "trio", "participants": ["jp1", "cn1", "cn2"]},
            {"id": "trio2", "participants": ["jp2", "cn3", "cn4"], "weight": 2},
        ],
    )
    inst = instance_from_dict(two_trios)
    assert weight_upper_bound(inst) == 2
    result = solve(inst, solver=solver, time_limit=10)
    assert result.status == "optimal" and result.weight_upper_bound == 2
    assert [inst.meetings[a.meeting].id for a in result.assignments] == ["trio2"]


def test_a_meeting_larger_than_every_table_is_explained():
    inst = instance_from_dict(doc(locations=[{"id": "T2", "capacity": 2}]))
    result = solve(inst, time_limit=5)
    reason = result.unscheduled[0]
    assert reason.code == "no_table_large_enough" and reason.params == {"mode": "onsite", "size": 3}
    assert str(reason) == "no table seats 3 people"


INTERPRETED = doc(
    slots=[{"id": "S1"}, {"id": "S2"}],
    locations=[{"id": "T1"}, {"id": "T2"}, {"id": "T3"}],
    meetings=[
        {"id": "a", "participants": ["jp1", "cn1"], "interpreter": ["ja", "zh"]},
        {"id": "b", "participants": ["jp2", "cn2"], "interpreter": ["zh", "ja"]},
        {"id": "c", "participants": ["jp1", "cn3"], "interpreter": ["ja", "zh"], "weight": 3},
    ],
    interpreters=[
        {"id": "li", "languages": ["ja", "zh"]},
        {"id": "wang", "languages": ["ja", "zh"], "unavailable": ["S2"]},
        {"id": "smith", "languages": ["en", "zh"]},
    ],
)


@pytest.mark.parametrize("solver", ["exact", "large", "portfolio"])
def test_each_interpreted_meeting_takes_one_interpreter_of_its_pair(solver):
    inst = instance_from_dict(INTERPRETED)
    # S1: two ja-zh interpreters, S2: one; a and c share jp1: at most 3 meetings fit
    result = solve(inst, solver=solver, time_limit=10)
    assert result.status == "optimal" and len(result.assignments) == 3
    assert evaluate(inst, result.assignments).ok
    out = to_dict(inst, result)
    per_slot = {}
    for a in out["assignments"]:
        assert a["interpreter"] in ("li", "wang")
        per_slot.setdefault(a["slot"], []).append(a["interpreter"])
    assert sorted(map(len, per_slot.values())) == [1, 2]
    assert per_slot["S2"] == ["li"]
    # without wang only two of the three fit (one interpreter per slot)
    fewer = copy.deepcopy(INTERPRETED)
    fewer["interpreters"] = [iv for iv in fewer["interpreters"] if iv["id"] != "wang"]
    inst = instance_from_dict(fewer)
    assert weight_upper_bound(inst) == 3 + 1
    result = solve(inst, solver=solver, time_limit=10)
    assert result.status == "optimal" and len(result.assignments) == 2
    left = next(iter(result.unscheduled.values()))
    assert left.code in ("interpreters_taken", "participants_busy", "busy_or_full")


def test_evaluator_rejects_a_missing_or_wrong_interpreter():
    inst = instance_from_dict(INTERPRETED)
    assert evaluate(inst, [Assignment(0, 0, 0, 0), Assignment(1, 0, 1, 1)]).ok
    assert not evaluate(inst, [Assignment(0, 0, 0)]).ok  # none
    assert not evaluate(inst, [Assignment(0, 0, 0, 2)]).ok  # en-zh
    assert not evaluate(inst, [Assignment(0, 1, 0, 1)]).ok  # wang is away in S2
    assert not evaluate(inst, [Assignment(0, 0, 0, 0), Assignment(1, 0, 1, 0)]).ok  # li twice
    small = instance_from_dict(doc())
    assert not evaluate(small, [Assignment(0, 0, 0)]).ok  # three people at T2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"locations": [{"id": "T1", "capacity": 1}]}, "location 'T1': capacity must be"),
        ({"locations": [{"id": "T1", "capacity": "4"}]}, "location 'T1': capacity must be"),
        ({"interpreters": [{"id": "i1", "languages": ["ja"]}]}, "interpreter 'i1': 'languages'"),
        ({"interpreters": [{"id": "i1", "languages": ["ja", "ja"]}]}, "two different"),
        (
            {"interpreters": [{"id": "i1", "languages": ["ja", "zh"], "unavailable": ["S9"]}]},
            "interpreter 'i1': unavailable slot 'S9'",
        ),
        ({"interpreters": [{"languages": ["ja", "zh"]}]}, "interpreter[0] needs an 'id'"),
        (
            {"meetings": [{"id": "m", "participants": ["jp1", "cn1"], "interpreter": "ja-zh"}]},
            "meeting 'm': 'interpreter' must be a list of two",
        ),
    ],
)
def test_bad_resources_are_named(change, message):
    with pytest.raises(InstanceError, match=message.replace("[", r"\[")):
        instance_from_dict(doc(**change))


def test_old_files_read_unchanged():
    old = doc()
    del old["interpreters"]
    for loc in old["locations"]:
        del loc["capacity"]
    inst = instance_from_dict(old)
    assert inst.interpreters == [] and all(loc.capacity is None for loc in inst.locations)
    assert [r.name for r in inst.resources] == ["onsite>=2"]


def test_reasons_carry_stable_codes_and_id_params():
    inst = instance_from_dict(
        doc(
            participants=[{"id": "p007", "unavailable": ["S1"]}, {"id": "p031"}],
            meetings=[{"id": "m1", "participants": ["p007", "p031"]}],
        )
    )
    reason = explain_all(inst, {})[0]
    assert reason.code == "no_common_free_slot" and reason.code in CODES
    assert reason.params == {"participants": ["p007", "p031"], "session": "any"}
    assert str(reason) == "p007 and p031 have no free slot in common"
    copied = pickle.loads(pickle.dumps(reason))  # noqa: S301
    assert copied == reason and copied.code == reason.code and copied.params == reason.params
    result = solve(inst, time_limit=5)
    entry = to_dict(inst, result)["unscheduled"][0]
    assert entry == {
        "meeting": "m1",
        "reason": "p007 and p031 have no free slot in common",
        "code": "no_common_free_slot",
        "params": {"participants": ["p007", "p031"], "session": "any"},
    }
    json.dumps(entry)
