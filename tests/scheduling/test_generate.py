from bench.generate import generate

from liaison.scheduling.readers import instance_from_dict


def test_generate_same_seed_is_deterministic():
    assert generate(120, seed=3) == generate(120, seed=3)


def test_generate_other_seed_differs():
    assert generate(120, seed=1) != generate(120, seed=2)


def test_generate_reads_as_valid_instance():
    inst = instance_from_dict(generate(200, seed=0))
    assert len(inst.participants) == 200
    sides = [p.side for p in inst.participants]
    assert 0.35 <= sides.count("JP") / 200 <= 0.45
    online = sum(p.mode == "online" for p in inst.participants)
    assert 0.15 <= online / 200 <= 0.45
    assert 12 <= len(inst.slots) <= 16
    assert {s.session for s in inst.slots} == {"morning", "afternoon"}
    assert all(1 <= m.weight <= 7 for m in inst.meetings)
    cross = sum(
        inst.participants[m.participants[0]].side != inst.participants[m.participants[1]].side
        for m in inst.meetings
    )
    assert cross / len(inst.meetings) > 0.8


def test_generate_capacity_binds():
    inst = instance_from_dict(generate(400, seed=0))
    for mode, locs in inst.locations_by_mode.items():
        demand = sum(1 for md in inst.meeting_mode if md == mode)
        assert demand > len(locs) * len(inst.slots), mode


def test_generate_far_time_zones_miss_slots():
    doc = generate(300, seed=0)
    europe = [p for p in doc["participants"] if p.get("time_zone", "").startswith("Europe/")]
    assert europe
    morning = {s["id"] for s in doc["slots"] if s["session"] == "morning"}
    assert all(morning <= set(p["unavailable"]) for p in europe)
