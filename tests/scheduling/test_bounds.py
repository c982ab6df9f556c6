from bench.generate import generate

from liaison.scheduling.baseline import self_booking
from liaison.scheduling.bounds import breaks_lower_bound, weight_upper_bound
from liaison.scheduling.instance import Instance, Location, Meeting, Participant, Rules, Slot
from liaison.scheduling.large import solve_large
from liaison.scheduling.readers import instance_from_dict


def _tiny(meetings, n_slots=1, n_locations=1, require_all=False, unavailable=None):
    n_people = 1 + max(p for m in meetings for p in m[0])
    unavailable = unavailable or {}
    return Instance(
        "tiny",
        [Slot(f"t{t}") for t in range(n_slots)],
        [Location(f"L{j}") for j in range(n_locations)],
        [
            Participant(f"p{i}", unavailable=frozenset(unavailable.get(i, ())))
            for i in range(n_people)
        ],
        [Meeting(f"m{k}", tuple(ps), w) for k, (ps, w) in enumerate(meetings)],
        Rules(None, require_all),
    )


def test_weight_upper_bound_tight_on_trivial_instance():
    assert weight_upper_bound(_tiny([((0, 1), 5)])) == 5
    # one slot, one pair asked twice: only the heavier can be held
    assert weight_upper_bound(_tiny([((0, 1), 5), ((1, 0), 3)])) == 5
    # two slots, one table, three disjoint pairs: two meetings at most
    assert weight_upper_bound(_tiny([((0, 1), 4), ((2, 3), 2), ((4, 5), 7)], n_slots=2)) == 11


def test_weight_upper_bound_between_achieved_and_total():
    inst = instance_from_dict(generate(150, seed=2))
    ub = weight_upper_bound(inst)
    plan = solve_large(inst, time_limit=30)
    achieved = sum(inst.meetings[k].weight for k in plan.slot_of)
    base = sum(inst.meetings[k].weight for k in self_booking(inst).slot_of)
    assert achieved <= ub
    assert base <= ub
    assert ub <= sum(m.weight for m in inst.meetings)


def test_weight_upper_bound_zero_when_nothing_fits():
    inst = _tiny([((0, 1), 5)], unavailable={0: [0]})
    assert weight_upper_bound(inst) == 0


def test_breaks_lower_bound_zero_without_require_all():
    inst = _tiny([((0, 1), 1), ((0, 2), 1)], n_slots=3, unavailable={0: [1]})
    assert breaks_lower_bound(inst) == 0


def test_breaks_lower_bound_counts_forced_gap_with_require_all():
    # p0 has two meetings and cannot attend the middle of three slots: one break at least
    inst = _tiny(
        [((0, 1), 1), ((0, 2), 1)],
        n_slots=3,
        n_locations=2,
        require_all=True,
        unavailable={0: [1]},
    )
    assert breaks_lower_bound(inst) == 1
    inst = _tiny([((0, 1), 1), ((0, 2), 1)], n_slots=3, n_locations=2, require_all=True)
    assert breaks_lower_bound(inst) == 0
