"""Every meeting left out gets a reason a delegate understands."""

from liaison.scheduling.explain import explain_all, why_not_held
from liaison.scheduling.readers import instance_from_dict
from liaison.scheduling.result import Assignment, evaluate
from liaison.scheduling.solve import assign_locations


def make(participants, meetings, slots=("S1", "S2"), locations=(("T1", "onsite"),)):
    return instance_from_dict(
        {
            "format": "liaison-schedule/1",
            "slots": [
                {"id": s, "session": "morning" if i == 0 else "afternoon"}
                for i, s in enumerate(slots)
            ],
            "locations": [{"id": j, "mode": m} for j, m in locations],
            "participants": participants,
            "meetings": meetings,
        }
    )


def test_explain_no_common_free_slot_names_both():
    inst = make(
        [{"id": "p007", "unavailable": ["S1"]}, {"id": "p031", "unavailable": ["S2"]}],
        [{"id": "m1", "participants": ["p007", "p031"]}],
    )
    assert why_not_held(inst, 0, {}) == "p007 and p031 have no free slot in common"


def test_explain_session_named_when_it_restricts():
    inst = make(
        [{"id": "a", "unavailable": ["S1"]}, {"id": "b"}],
        [{"id": "m1", "participants": ["a", "b"], "session": "morning"}],
    )
    assert why_not_held(inst, 0, {}) == "a and b have no free slot in common in the morning session"


def test_explain_maximum_reached():
    inst = make(
        [{"id": "a", "max_meetings": 1}, {"id": "b"}, {"id": "c"}],
        [{"id": "m1", "participants": ["a", "b"]}, {"id": "m2", "participants": ["a", "c"]}],
    )
    assert "a has reached the maximum of 1 meetings" in why_not_held(inst, 1, {0: 0})


def test_explain_no_table_free_in_shared_slots():
    inst = make(
        [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
        [
            {"id": "m1", "participants": ["a", "b"]},
            {"id": "m2", "participants": ["c", "d"]},
            {"id": "m3", "participants": ["a", "d"], "session": "morning"},
        ],
    )
    reason = why_not_held(inst, 2, {0: 0, 1: 1})
    assert reason.startswith("in every slot a and d share (S1), one of them is already")
    inst2 = make(
        [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
        [
            {"id": "m1", "participants": ["a", "b"], "session": "morning"},
            {"id": "m2", "participants": ["c", "d"], "session": "morning"},
        ],
    )
    assert why_not_held(inst2, 1, {0: 0}) == "every table is taken in the slots c and d share (S1)"


def test_explain_online_meeting_without_video_room():
    inst = make(
        [{"id": "a", "mode": "online"}, {"id": "b"}],
        [{"id": "m1", "participants": ["a", "b"]}],
    )
    assert why_not_held(inst, 0, {}) == "the event has no video room for online meetings"


def test_explain_all_covers_every_unscheduled_meeting():
    inst = make(
        [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        [
            {"id": "m1", "participants": ["a", "b"]},
            {"id": "m2", "participants": ["a", "c"]},
            {"id": "m3", "participants": ["b", "c"]},
        ],
        slots=("S1",),
    )
    reasons = explain_all(inst, {0: 0})
    assert set(reasons) == {1, 2}
    assert all(reasons.values())


def test_assign_locations_keeps_kept_table_and_fills_the_rest():
    inst = make(
        [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
        [{"id": "m1", "participants": ["a", "b"]}, {"id": "m2", "participants": ["c", "d"]}],
        locations=(("T1", "onsite"), ("T2", "onsite")),
    )
    placed = assign_locations(inst, {0: 0, 1: 0}, keep=[Assignment(1, 0, 0)])
    assert Assignment(1, 0, 0) in placed and Assignment(0, 0, 1) in placed
    assert evaluate(inst, placed).ok
