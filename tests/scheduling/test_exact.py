"""The exact solver on hand-made instances whose optimum is known, and on benchmark files."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from liaison.scheduling.exact import coordinator, params, solve_exact
from liaison.scheduling.readers import instance_from_dict, load
from liaison.scheduling.result import Assignment, evaluate

# b is free only in s0, c only in s2: a meets both with an idle slot between.
APART = {
    "a": {},
    "b": {"unavailable": ["s1", "s2", "s3"]},
    "c": {"unavailable": ["s0", "s1", "s3"]},
}
APART_MEETINGS = [("ab", ["a", "b"], {}), ("ac", ["a", "c"], {})]


def make(
    n_slots,
    participants,
    meetings,
    *,
    locations=None,
    fairness=None,
    require_all=False,
    sessions=None,
):
    """participants: id -> dict(extra fields); meetings: list of (id, [pids], extra dict)."""
    doc = {
        "format": "liaison-schedule/1",
        "name": "t",
        "slots": [
            {"id": f"s{t}", "session": (sessions[t] if sessions else "any")} for t in range(n_slots)
        ],
        "locations": locations or [{"id": f"T{j}", "mode": "onsite"} for j in range(4)],
        "participants": [{"id": pid, **extra} for pid, extra in participants.items()],
        "meetings": [{"id": mid, "participants": ps, **extra} for mid, ps, extra in meetings],
        "rules": {"fairness": fairness, "require_all": require_all},
    }
    return instance_from_dict(doc)


def check(instance, plan):
    """Give tables per mode and run the independent referee; returns the evaluation."""
    free = {mode: list(locs) for mode, locs in instance.locations_by_mode.items()}
    used: dict[tuple[int, str], int] = {}
    assignments = []
    for k, t in sorted(plan.slot_of.items()):
        mode = instance.meeting_mode[k]
        i = used.get((t, mode), 0)
        used[(t, mode)] = i + 1
        assignments.append(Assignment(k, t, free[mode][i]))
    ev = evaluate(instance, assignments)
    assert ev.violations == []
    return ev


def ids(instance, plan):
    return {instance.meetings[k].id: instance.slots[t].id for k, t in plan.slot_of.items()}


def test_breaks_counted_when_availability_forces_a_gap():
    inst = make(
        4,
        APART,
        APART_MEETINGS,
        require_all=True,
    )
    plan = solve_exact(inst, time_limit=10)
    ev = check(inst, plan)
    assert plan.status == "optimal"
    assert ev.total_breaks == 1 == plan.breaks_lower_bound
    assert ids(inst, plan) == {"ab": "s0", "ac": "s2"}


def test_breaks_zero_when_meetings_can_be_consecutive():
    inst = make(
        6,
        {"a": {}, "b": {}, "c": {}, "d": {}},
        [
            ("ab", ["a", "b"], {}),
            ("ac", ["a", "c"], {}),
            ("ad", ["a", "d"], {}),
            ("bc", ["b", "c"], {}),
        ],
        require_all=True,
        fairness=2,
    )
    plan = solve_exact(inst, time_limit=10)
    assert plan.status == "optimal"
    assert check(inst, plan).total_breaks == 0


def test_fairness_zero_require_all_infeasible_proven():
    # the forced gap of test_breaks_counted... is not allowed with fairness 0
    inst = make(
        4,
        APART,
        APART_MEETINGS,
        require_all=True,
        fairness=0,
    )
    assert solve_exact(inst, time_limit=10).status == "infeasible"


def test_fairness_optional_meetings_drops_one_to_stay_fair():
    inst = make(
        4,
        APART,
        APART_MEETINGS,
        fairness=0,
    )
    plan = solve_exact(inst, time_limit=10)
    assert plan.status == "optimal"
    assert len(plan.slot_of) == 1 and plan.weight_upper_bound == 1
    assert check(inst, plan).total_breaks == 0


def test_fairness_general_when_nobody_is_break_free_by_force():
    # a triangle in three slots: whoever meets first and last waits once, so exactly one
    # participant has a break; nobody has fewer than two meetings.
    people = {"a": {}, "b": {}, "c": {}}
    meetings = [("ab", ["a", "b"], {}), ("bc", ["b", "c"], {}), ("ac", ["a", "c"], {})]
    fair1 = make(3, people, meetings, require_all=True, fairness=1)
    plan = solve_exact(fair1, time_limit=10)
    assert plan.status == "optimal" and check(fair1, plan).total_breaks == 1
    fair0 = make(3, people, meetings, require_all=True, fairness=0)
    assert solve_exact(fair0, time_limit=10).status == "infeasible"
    optional = make(3, people, meetings, fairness=0)
    plan = solve_exact(optional, time_limit=10)
    assert plan.status == "optimal" and len(plan.slot_of) == 2
    assert check(optional, plan).total_breaks == 0


def test_precedence_orders_meetings():
    inst = make(
        3,
        {"a": {}, "b": {}, "c": {}, "d": {}},
        [
            ("m1", ["a", "b"], {"after": ["m2"]}),
            ("m2", ["c", "d"], {"after": ["m3"]}),
            ("m3", ["a", "d"], {}),
        ],
        require_all=True,
    )
    plan = solve_exact(inst, time_limit=10)
    check(inst, plan)
    assert ids(inst, plan) == {"m3": "s0", "m2": "s1", "m1": "s2"}


def test_precedence_cycle_require_all_infeasible():
    inst = make(
        4,
        {"a": {}, "b": {}, "c": {}, "d": {}},
        [("m1", ["a", "b"], {"after": ["m2"]}), ("m2", ["c", "d"], {"after": ["m1"]})],
        require_all=True,
    )
    assert solve_exact(inst, time_limit=10).status == "infeasible"


def test_capacity_per_mode_limits_each_slot():
    inst = make(
        1,
        {"a": {}, "b": {}, "c": {}, "d": {}, "e": {"mode": "online"}, "f": {}},
        [("ab", ["a", "b"], {}), ("cd", ["c", "d"], {}), ("ef", ["e", "f"], {})],
        locations=[{"id": "T1", "mode": "onsite"}, {"id": "V1", "mode": "online"}],
    )
    plan = solve_exact(inst, time_limit=10)
    check(inst, plan)
    assert plan.status == "optimal"
    held = set(ids(inst, plan))
    assert "ef" in held and len(held) == 2  # one onsite table, one video room
    assert plan.weight_upper_bound == 2


def test_capacity_counts_a_hubs_meetings_once_per_slot():
    # 3 slots x 2 tables = 6 places; h meets a, b, c and must be busy in every slot, so
    # each slot holds one of h's meetings and one of the pairs.
    people = {p: {} for p in "habcdefgij"}
    meetings = [("ha", ["h", "a"], {}), ("hb", ["h", "b"], {}), ("hc", ["h", "c"], {})]
    meetings += [("de", ["d", "e"], {}), ("fg", ["f", "g"], {}), ("ij", ["i", "j"], {})]
    two_tables = [{"id": "T1", "mode": "onsite"}, {"id": "T2", "mode": "onsite"}]
    inst = make(3, people, meetings, locations=two_tables, require_all=True)
    plan = solve_exact(inst, time_limit=10)
    check(inst, plan)
    assert plan.status == "optimal"
    assert [list(plan.slot_of.values()).count(t) for t in range(3)] == [2, 2, 2]
    assert len({plan.slot_of[k] for k in range(3)}) == 3  # h's meetings in three slots
    people.update({"k": {}, "l": {}})
    one_more = make(3, people, [*meetings, ("kl", ["k", "l"], {})], locations=two_tables)
    assert len(solve_exact(one_more, time_limit=10).slot_of) == 6
    required = make(
        3, people, [*meetings, ("kl", ["k", "l"], {})], locations=two_tables, require_all=True
    )
    assert solve_exact(required, time_limit=10).status == "infeasible"


def test_clusters_partition_the_meetings_by_a_shared_participant():
    import random

    from liaison.scheduling.exact import _clusters, _Prep

    rng = random.Random(3)
    people = {f"p{i}": {} for i in range(30)}
    pairs = {tuple(sorted(rng.sample(range(30), 2))) for _ in range(90)}
    meetings = [(f"m{a}-{b}", [f"p{a}", f"p{b}"], {}) for a, b in sorted(pairs)]
    people["p0"] = {"unavailable": [f"s{t}" for t in range(6)]}  # p0's meetings: no slot
    prep = _Prep(make(6, people, meetings), None)
    groups = _clusters(prep)
    flat = sorted(k for g in groups for k in g)
    assert flat == sorted(k for k in range(len(prep.inst.meetings)) if prep.dom[k])
    for g in groups:
        common = set.intersection(*(set(prep.inst.meetings[k].participants) for k in g))
        assert common, g
    sizes = [len(g) for g in groups]
    assert sizes == sorted(sizes, reverse=True)
    assert len(groups) < len(flat) // 3


def test_max_meetings_keeps_the_heavier_meeting():
    inst = make(
        4,
        {"a": {"max_meetings": 1}, "b": {}, "c": {}},
        [("ab", ["a", "b"], {"weight": 2}), ("ac", ["a", "c"], {"weight": 5})],
    )
    plan = solve_exact(inst, time_limit=10)
    check(inst, plan)
    assert plan.status == "optimal"
    assert set(ids(inst, plan)) == {"ac"} and plan.weight_upper_bound == 5


def test_weight_priority_over_breaks():
    # holding both meetings costs a break; weight comes first
    inst = make(
        4,
        APART,
        APART_MEETINGS,
        fairness=2,
    )
    plan = solve_exact(inst, time_limit=10)
    ev = check(inst, plan)
    assert plan.status == "optimal"
    assert len(plan.slot_of) == 2 and ev.total_breaks == 1 and plan.breaks_lower_bound == 1


def test_keep_moved_tier_before_breaks():
    inst = make(
        4,
        {"a": {}, "b": {}, "c": {}},
        [("ab", ["a", "b"], {}), ("ac", ["a", "c"], {})],
        require_all=True,
    )
    keep = {0: 0, 1: 2}  # a previous plan with a break for a
    plan = solve_exact(inst, time_limit=10, keep=keep)
    assert plan.status == "optimal"
    assert plan.slot_of == keep
    assert check(inst, plan).total_breaks == 1
    # a kept slot that cannot be kept any more: one move, then no break
    inst2 = make(
        4,
        {"a": {}, "b": {}, "c": {"unavailable": ["s2"]}},
        [("ab", ["a", "b"], {}), ("ac", ["a", "c"], {})],
        require_all=True,
    )
    plan2 = solve_exact(inst2, time_limit=10, keep=keep)
    assert plan2.status == "optimal" and plan2.slot_of[0] == 0 and plan2.slot_of[1] == 1
    assert check(inst2, plan2).total_breaks == 0


def test_sessions_respected_and_hint_accepted():
    inst = make(
        4,
        {"a": {}, "b": {}, "c": {}},
        [("ab", ["a", "b"], {"session": "afternoon"}), ("ac", ["a", "c"], {"session": "morning"})],
        require_all=True,
        sessions=["morning", "morning", "afternoon", "afternoon"],
    )
    plan = solve_exact(inst, time_limit=10, hint={0: 3, 1: 0})
    ev = check(inst, plan)
    assert plan.status == "optimal" and ev.total_breaks == 0
    assert ids(inst, plan) == {"ac": "s1", "ab": "s2"}


def test_deterministic_two_runs_equal(bench_dir):
    """One worker: the prover alone, the same schedule every time.  Two workers: the same
    proven optimum every time (which of the two searches delivers the schedule can
    depend on timing)."""
    path = bench_dir / "forumt-14crafd.original.dzn"
    a = solve_exact(load(path), time_limit=30, workers=1)
    b = solve_exact(load(path), time_limit=30, workers=1)
    assert a == b
    c = solve_exact(load(path), time_limit=30)
    d = solve_exact(load(path), time_limit=30)
    assert c.status == d.status == a.status == "optimal"
    assert c.breaks_lower_bound == d.breaks_lower_bound == a.breaks_lower_bound == 4


@pytest.mark.parametrize(
    "name, published",
    [
        ("tic-12.original.dzn", 0),
        ("forumt-14crafd.original.dzn", 4),
        ("forumt-14.original.dzn", 5),
        ("forum-13.prec25.dzn", "infeasible"),
        ("forum-14.forb0007.dzn", "infeasible"),
    ],
)
def test_benchmark_file_matches_published_optimum(bench_dir, name, published):
    inst = load(bench_dir / name)
    plan = solve_exact(inst, time_limit=30)
    if published == "infeasible":
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    ev = check(inst, plan)
    assert ev.total_breaks == published == plan.breaks_lower_bound
    assert len(plan.slot_of) == len(inst.meetings) == plan.weight_upper_bound


class _Enough(Exception):
    pass


def test_breaks_lns_only_reports_valid_schedules_each_better(bench_dir):
    """The second core's improver: every schedule it reports holds every meeting, passes
    the checker and has fewer breaks than the one before."""
    from liaison.scheduling import exact

    inst = load(bench_dir / "forum-13crafc.original.dzn")
    prep = exact._Prep(inst, None)
    enc = exact._Sat(prep, None)
    seen: list[int] = []

    def send(kind, plan, value):
        assert kind == "better"
        ev = check(inst, SimpleNamespace(slot_of=plan))
        assert ev.ok, ev.violations
        assert len(plan) == len(inst.meetings)
        assert ev.total_breaks == value
        seen.append(value)
        if len(seen) == 6:
            raise _Enough

    with pytest.raises(_Enough):
        exact._improve_lns(prep, enc, None, send)
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen)


def test_time_limit_returns_the_improved_schedule_with_its_bounds(bench_dir):
    """When the proof cannot finish (3 breaks are optimal; finding such a schedule takes
    7-9 s on an idle machine), the result is a valid schedule, not proven, with a lower
    bound below its breaks. (forum-13crafc, used before, is now proven in under 2 s.)"""
    inst = load(bench_dir / "ticf-13crafb.original.dzn")
    plan = solve_exact(inst, time_limit=2)
    assert plan.status == "feasible"
    ev = check(inst, plan)
    assert len(plan.slot_of) == len(inst.meetings)
    assert plan.breaks_lower_bound <= 3 < ev.total_breaks
    assert any("not proven" in note for note in plan.notes)


def test_kissat_finder_answers_each_bound_with_a_checked_schedule_or_no():
    """The other core's finder: "no" below the optimum (a must idle between b and c),
    a schedule that passes the checker at it."""
    from liaison.scheduling import exact

    inst = make(4, APART, APART_MEETINGS, require_all=True)
    enc = exact._Sat(exact._Prep(inst, None), None)
    answers = []
    exact._find_at(enc, 0, lambda *msg: answers.append(msg))
    exact._find_at(enc, 1, lambda *msg: answers.append(msg))
    assert answers[0] == ("none", 0)
    kind, bound, plan = answers[1]
    assert (kind, bound) == ("found", 1)
    ev = check(inst, SimpleNamespace(slot_of=plan))
    assert ev.ok and ev.total_breaks == 1 and len(plan) == 2


def test_finder_alone_proves_the_optimum_when_the_prover_is_stuck(monkeypatch):
    """A prover that never answers (as CaDiCaL on the crafc files): the finder's "no" at
    0 breaks and its schedule with 1 break make a proven optimum, long before the limit."""
    import time

    monkeypatch.setattr(coordinator, "_sat_phase", lambda *a, **k: time.sleep(120))
    monkeypatch.setattr(params, "FINDER_AFTER", (0.0, 0.0, 0.0))
    inst = make(4, APART, APART_MEETINGS, require_all=True)
    started = time.monotonic()
    plan = solve_exact(inst, time_limit=60)
    assert time.monotonic() - started < 30
    assert plan.status == "optimal"
    assert plan.breaks_lower_bound == 1
    assert check(inst, plan).total_breaks == 1


def test_second_core_goes_back_to_lns_before_the_end_when_kissat_has_no_answer(monkeypatch):
    """Prover and Kissat both stuck: the last seconds of LNS still deliver a checked
    schedule, reported as not proven."""
    import time

    monkeypatch.setattr(coordinator, "_sat_phase", lambda *a, **k: time.sleep(120))
    monkeypatch.setattr(coordinator, "_find_at", lambda *a, **k: time.sleep(120))
    monkeypatch.setattr(params, "FINDER_AFTER", (0.0, 0.0, 0.0))
    monkeypatch.setattr(params, "FINDER_UNTIL", (2.0, 0.0))
    inst = make(4, APART, APART_MEETINGS, require_all=True)
    said: list[str] = []
    plan = solve_exact(inst, time_limit=5, progress=said.append)
    assert "improving the best schedule found in the time left" in said
    assert plan.status == "feasible"
    assert check(inst, plan).total_breaks == 1
    assert plan.breaks_lower_bound == 0


def test_a_stalled_prover_gives_its_core_to_kissat_on_the_lower_bound(monkeypatch):
    """The prover never answers: after the hand-over one Kissat run decides one break
    above the bound; once the prover has made no progress for PROVER_STALL seconds, a
    second Kissat run takes over the bound itself, and the two answers prove the optimum."""
    import time

    from liaison.scheduling import exact

    real_lns = exact._improve_lns

    def first_schedule_only(prep, enc, hint, send, seed=0):
        # LNS reports its first schedule as if it had 4 breaks more (every schedule of
        # this instance has 1), then never improves it: bounds 0 and 1 stay open
        def once(kind, plan, value):
            send(kind, plan, value + 4)
            time.sleep(120)

        real_lns(prep, enc, hint, once, seed)

    def busy_prover(*a, **k):  # a prover stuck at work burns CPU (the stall rule counts it)
        end = time.monotonic() + 120
        while time.monotonic() < end:
            pass

    monkeypatch.setattr(coordinator, "_sat_phase", busy_prover)
    real_find = exact._find_at

    def slow_above_zero(enc, bound, send):
        # a Kissat run that needs 2 s unless it is asked for 0 breaks
        if bound > 0:
            time.sleep(2.0)
        real_find(enc, bound, send)

    monkeypatch.setattr(coordinator, "_improve_lns", first_schedule_only)
    monkeypatch.setattr(coordinator, "_find_at", slow_above_zero)
    monkeypatch.setattr(params, "FINDER_AFTER", (0.0, 0.0, 0.0))
    monkeypatch.setattr(params, "PROVER_STALL", 0.5)
    inst = make(4, APART, APART_MEETINGS, require_all=True)
    said: list[str] = []
    plan = solve_exact(inst, time_limit=60, progress=said.append)
    assert said.index("kissat: a schedule with at most 1 breaks?") < said.index(
        "kissat takes over the lower bound"
    )
    assert "kissat: a schedule with at most 0 breaks?" in said
    assert plan.status == "optimal"
    assert plan.breaks_lower_bound == 1
    assert check(inst, plan).total_breaks == 1


def test_one_worker_runs_the_prover_alone(bench_dir):
    """With one worker (and in repair) no Kissat run starts: only the prover's
    deterministic search, which also keeps a repair's moved meetings minimal."""
    said: list[str] = []
    plan = solve_exact(
        load(bench_dir / "forumt-14crafd.original.dzn"),
        time_limit=30,
        workers=1,
        progress=said.append,
    )
    assert plan.status == "optimal"
    assert said[-1] == "breaks = 4, optimal"
    assert not any(line.startswith("kissat") for line in said)


@pytest.mark.parametrize(("limit", "lns_first"), [(10.0, False), (30.0, False), (9.0, True)])
def test_the_short_limit_rule_looks_at_the_callers_limit(monkeypatch, limit, lns_first):
    """solve() hands the exact solver its limit less the seconds kept for the check, so
    a 10 s call arrives as 9.94 s; it is still not a short limit: Kissat gets the second
    core from the first schedule on (LNS first cost ticf-13crafb its 10 s proof)."""
    from liaison.scheduling.solve import solve

    seen = {}

    def spy(prep, enc, keep, hint, stop_at, say, improver, window, monitor):
        seen["window"], seen["improver"] = window, improver
        seen["from"] = monitor.started
        return {"final": None}

    monkeypatch.setattr(coordinator, "_sat_in_child", spy)
    inst = make(4, APART, APART_MEETINGS, require_all=True)
    solve(inst, solver="exact", time_limit=limit, workers=2)
    find_at, _until = seen["window"]
    assert seen["improver"]
    below, share, after = params.FINDER_AFTER
    if lns_first:
        assert find_at - seen["from"] >= share * limit * 0.9
    else:
        assert find_at - seen["from"] <= after + 0.5
