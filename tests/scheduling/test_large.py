import pytest
from bench.generate import generate

from liaison.scheduling.baseline import self_booking
from liaison.scheduling.instance import Rules
from liaison.scheduling.large import solve_large
from liaison.scheduling.readers import instance_from_dict
from liaison.scheduling.result import Assignment, evaluate


def _assignments(inst, slot_of):
    out, used = [], {}
    for k, t in sorted(slot_of.items()):
        mode = inst.meeting_mode[k]
        i = used.get((mode, t), 0)
        used[(mode, t)] = i + 1
        out.append(Assignment(k, t, inst.locations_by_mode[mode][i]))
    return out


@pytest.fixture(scope="module")
def doc():
    return generate(160, seed=4)


@pytest.fixture(scope="module")
def solved(doc):
    inst = instance_from_dict(doc)
    return inst, solve_large(inst, time_limit=30, seed=0)


def test_solve_large_generated_is_valid(solved):
    inst, plan = solved
    ev = evaluate(inst, _assignments(inst, plan.slot_of))
    assert ev.ok, ev.violations
    assert plan.status in ("feasible", "optimal")
    assert ev.weight <= plan.weight_upper_bound
    assert ev.weight >= 0.97 * plan.weight_upper_bound


def test_solve_large_beats_self_booking(solved):
    inst, plan = solved
    base = self_booking(inst, seed=0)
    ev_base = evaluate(inst, _assignments(inst, base.slot_of))
    assert ev_base.ok, ev_base.violations
    ours = sum(inst.meetings[k].weight for k in plan.slot_of)
    assert ours > ev_base.weight


def test_solve_large_same_seed_is_deterministic(doc, solved):
    inst, plan = solved
    again = solve_large(instance_from_dict(doc), time_limit=30, seed=0)
    assert again.slot_of == plan.slot_of


def test_solve_large_fairness_respected(doc):
    inst = instance_from_dict(doc)
    inst.rules = Rules(fairness=1, require_all=False)
    plan = solve_large(inst, time_limit=30)
    ev = evaluate(inst, _assignments(inst, plan.slot_of))
    assert ev.ok, ev.violations
    assert max(ev.breaks) - min(ev.breaks) <= 1


def test_solve_large_keep_nothing_moves_when_nothing_changed(doc, solved):
    inst, plan = solved
    again = solve_large(instance_from_dict(doc), time_limit=30, keep=dict(plan.slot_of))
    for k, t in plan.slot_of.items():
        assert again.slot_of.get(k) == t
    weight = lambda p: sum(inst.meetings[k].weight for k in p.slot_of)  # noqa: E731
    assert weight(again) >= weight(plan)


def test_solve_large_keep_cancellation_moves_nobody(doc, solved):
    inst, plan = solved
    held = sorted(plan.slot_of)
    cancelled = inst.meetings[held[len(held) // 2]].id
    # the new instance: only the meetings that were held, minus the cancelled one
    ids = {inst.meetings[k].id for k in held} - {cancelled}
    doc2 = dict(doc, meetings=[m for m in doc["meetings"] if m["id"] in ids])
    doc2["meetings"] = [
        dict(m, after=[a for a in m["after"] if a in ids]) for m in doc2["meetings"]
    ]
    inst2 = instance_from_dict(doc2)
    slot_by_id = {inst.meetings[k].id: t for k, t in plan.slot_of.items()}
    keep = {k: slot_by_id[m.id] for k, m in enumerate(inst2.meetings)}
    plan2 = solve_large(inst2, time_limit=30, keep=keep)
    assert plan2.slot_of == keep
    assert evaluate(inst2, _assignments(inst2, plan2.slot_of)).ok


def test_solve_large_require_all_unplaceable_is_infeasible():
    doc = generate(60, seed=1)
    doc["rules"] = {"fairness": None, "require_all": True}
    pid = doc["participants"][0]["id"]
    doc["participants"][0]["unavailable"] = [s["id"] for s in doc["slots"]]
    for m in doc["meetings"]:
        m["fixed_slot"] = None
    inst = instance_from_dict(doc)
    if not any(pid == inst.participants[p].id for m in inst.meetings for p in m.participants):
        pytest.skip("the generated participant has no meeting")
    assert solve_large(inst, time_limit=10).status == "infeasible"


def test_self_booking_generated_is_valid(doc):
    inst = instance_from_dict(doc)
    plan = self_booking(inst, seed=3)
    assert evaluate(inst, _assignments(inst, plan.slot_of)).ok
    assert plan.slot_of == self_booking(inst, seed=3).slot_of


def test_solve_large_require_all_not_all_held_is_timeout():
    doc = generate(60, seed=1)
    doc["rules"] = {"fairness": None, "require_all": True}
    inst = instance_from_dict(doc)
    # only meetings with a shared slot, so that the instance is not trivially infeasible
    ids = {m.id for m, slots in zip(inst.meetings, inst.allowed_slots) if slots}
    doc["meetings"] = [
        dict(m, after=[a for a in m["after"] if a in ids])
        for m in doc["meetings"]
        if m["id"] in ids
    ]
    inst = instance_from_dict(doc)
    plan = solve_large(inst, time_limit=10)
    if len(plan.slot_of) == len(inst.meetings):
        pytest.skip("every meeting was held")
    assert plan.status == "timeout"
    assert any("require_all" in note for note in plan.notes)


def test_break_lns_keeps_every_meeting_and_lowers_breaks(doc):
    from liaison.scheduling.large import _break_lns, _Clock, _construct, _State

    for fairness in (None, 1):
        inst = instance_from_dict(doc)
        inst.rules = Rules(fairness=fairness, require_all=False)
        st = _State(inst, seed=0)
        order = sorted(range(len(st.parts)), key=lambda k: (-st.weight[k], k))
        _construct(st, order, {}, {}, None, _Clock(30))
        held = {k: t for k, t in enumerate(st.slot_of) if t >= 0}
        weight, breaks = st.total_weight, st.total_breaks()
        _break_lns(st, _Clock(30), 60, seed=0)
        after = {k: t for k, t in enumerate(st.slot_of) if t >= 0}
        assert set(after) == set(held)  # the same meetings, possibly in other slots
        assert st.total_weight == weight
        assert st.total_breaks() < breaks
        ev = evaluate(inst, _assignments(inst, after))
        assert ev.ok, ev.violations
        assert ev.total_breaks == st.total_breaks()
        if fairness is not None:
            assert max(ev.breaks) <= fairness
