"""Reading instances: what is accepted, and the message a user gets for what is not."""

import copy
import json

import pytest

from liaison.scheduling.instance import ONLINE, ONSITE, InstanceError
from liaison.scheduling.readers import instance_from_dict, load, read_dzn

VALID = {
    "format": "liaison-schedule/1",
    "name": "tiny",
    "slots": [
        {
            "id": "S1",
            "start": "2021-07-15T14:00:00+08:00",
            "end": "2021-07-15T14:20:00+08:00",
            "session": "afternoon",
        },
        {
            "id": "S2",
            "start": "2021-07-15T14:20:00+08:00",
            "end": "2021-07-15T14:40:00+08:00",
            "session": "afternoon",
        },
    ],
    "locations": [{"id": "T1", "mode": "onsite"}, {"id": "V1", "mode": "online"}],
    "participants": [
        {"id": "a", "side": "JP", "mode": "online", "unavailable": ["S1"]},
        {"id": "b", "side": "CN", "mode": "onsite", "max_meetings": 3},
        {"id": "c", "side": "CN", "mode": "onsite"},
    ],
    "meetings": [
        {"id": "m1", "participants": ["a", "b"], "weight": 3},
        {"id": "m2", "participants": ["b", "c"], "after": ["m1"], "session": "any"},
    ],
    "rules": {"fairness": 1, "require_all": False},
}


def doc(**changes):
    d = copy.deepcopy(VALID)
    d.update(changes)
    return d


def test_json_instance_valid_reads_everything():
    inst = instance_from_dict(VALID)
    assert [s.id for s in inst.slots] == ["S1", "S2"]
    assert inst.participants[0].unavailable == frozenset({0})
    assert inst.participants[1].max_meetings == 3
    assert inst.meetings[1].after == (0,)
    assert inst.meeting_mode == [ONLINE, ONSITE]
    assert inst.allowed_slots == [[1], [0, 1]]
    assert inst.rules.fairness == 1 and inst.rules.require_all is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "other/1"}, "'format' must be"),
        ({"slots": []}, "'slots' is empty"),
        ({"participants": VALID["participants"] + [{"id": "a"}]}, "participant 'a': duplicate id"),
        (
            {"meetings": [{"id": "m1", "participants": ["a"]}]},
            "meeting 'm1': a meeting needs at least two",
        ),
        (
            {"meetings": [{"id": "m1", "participants": ["a", "zz"]}]},
            "meeting 'm1': participant 'zz' is not a known",
        ),
        (
            {"meetings": [{"id": "m1", "participants": ["a", "b"], "fixed_slot": "S1"}]},
            "meeting 'm1': fixed slot 'S1' is one that participant 'a' cannot attend",
        ),
        (
            {"meetings": [{"id": "m1", "participants": ["a", "b"], "after": ["m9"]}]},
            "meeting 'm1': 'after' names unknown meeting 'm9'",
        ),
        ({"meetings": [{"id": "m1", "participants": ["b", "c"], "weight": 0}]}, "weight must be"),
        ({"locations": [{"id": "T1", "mode": "boat"}]}, "location 'T1': mode must be"),
        ({"rules": {"fairness": -1}}, "rules.fairness"),
    ],
)
def test_json_instance_bad_entry_named(change, message):
    with pytest.raises(InstanceError, match=None) as err:
        instance_from_dict(doc(**change))
    assert message in str(err.value)


def test_load_empty_file_says_empty(tmp_path):
    f = tmp_path / "x.json"
    f.write_text("  \n")
    with pytest.raises(InstanceError, match="empty"):
        load(f)


def test_load_huge_file_refused_before_reading(tmp_path):
    f = tmp_path / "huge.json"
    with open(f, "wb") as handle:  # a sparse 1 GB file: nothing is read into memory
        handle.truncate(1024**3)
    with pytest.raises(InstanceError, match="MB"):
        load(f)


def test_load_broken_json_names_line(tmp_path):
    f = tmp_path / "x.json"
    f.write_text('{"format": "liaison-schedule/1",\n "slots": [}')
    with pytest.raises(InstanceError, match="line 2"):
        load(f)


def test_dzn_benchmark_file_maps_ids_and_rules(bench_dir):
    inst = load(bench_dir / "forum-14.original.dzn")
    assert len(inst.participants) == 78 and len(inst.meetings) == 302
    assert len(inst.locations) == 22 and inst.locations[0].id == "T1"
    assert inst.slots[0].id == "t1" and inst.slots[11].session == "morning"
    assert inst.slots[12].session == "afternoon"
    assert inst.meetings[0].id == "m1" and inst.meetings[0].participants == (0, 37)
    assert inst.rules.require_all is True and inst.rules.fairness == 2


def test_dzn_fairness_override(bench_dir):
    assert load(bench_dir / "tic-12.original.dzn", fairness=0).rules.fairness == 0


def test_dzn_precedences_become_after(bench_dir):
    inst = load(bench_dir / "forum-14.prec15.dzn")
    assert inst.meetings[1].after == (7,)  # precedences[2] = {8}


def test_dzn_missing_field_named(bench_dir):
    text = (bench_dir / "tic-12.original.dzn").read_text()
    broken = text.replace("nTables", "nTablesX", 1)
    with pytest.raises(InstanceError, match="'nTables' is missing"):
        read_dzn(broken)


def test_dzn_wrong_row_count_named(bench_dir):
    text = (
        (bench_dir / "tic-12.original.dzn")
        .read_text()
        .replace("nMeetings = 125", "nMeetings = 126")
    )
    with pytest.raises(InstanceError, match="'requested' has 125 rows but nMeetings is 126"):
        read_dzn(text)


def test_json_round_trip_through_file(tmp_path):
    f = tmp_path / "tiny.json"
    f.write_text(json.dumps(VALID))
    assert load(f).name == "tiny"
