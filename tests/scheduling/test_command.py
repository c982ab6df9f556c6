"""`liaison schedule` as a user runs it: bad input is named, and nothing is written."""

import json

import pytest

from liaison.cli import main


def run(capsys, *args):
    status = main(["schedule", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        (
            '{"format": "liaison-schedule/1", "slots": [{"id": "S1"}], "participants": '
            '[{"id": "a"}, {"id": "a"}]}',
            "participant 'a': duplicate id",
        ),
        (
            '{"format": "liaison-schedule/1", "slots": [{"id": "S1"}], "participants": '
            '[{"id": "a"}], "meetings": [{"id": "m1", "participants": ["a"]}]}',
            "meeting 'm1': a meeting needs at least two participants",
        ),
        ("nBusiness = 2;\nnMeetings = 0;", "dzn: the field 'nTables' is missing"),
    ],
)
def test_schedule_bad_input_names_entry_and_writes_nothing(tmp_path, capsys, content, message):
    src = tmp_path / ("in.dzn" if content.startswith("nB") else "in.json")
    src.write_text(content)
    out = tmp_path / "result.json"
    status, stdout, err = run(capsys, src, "--out", out)
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()
    assert stdout == ""


def test_schedule_missing_file_is_bad_input(tmp_path, capsys):
    status, _, err = run(capsys, tmp_path / "nope.json")
    assert status == 2 and "cannot read the file" in err


def test_schedule_bad_keep_file_writes_nothing(tmp_path, capsys):
    src = tmp_path / "in.json"
    src.write_text(
        json.dumps(
            {
                "format": "liaison-schedule/1",
                "slots": [{"id": "S1"}],
                "locations": [{"id": "T1"}],
                "participants": [{"id": "a"}, {"id": "b"}],
                "meetings": [{"id": "m1", "participants": ["a", "b"]}],
            }
        )
    )
    keep = tmp_path / "prev.json"
    keep.write_text('{"format": "something-else"}')
    out = tmp_path / "result.json"
    status, _, err = run(capsys, src, "--keep", keep, "--out", out)
    assert status == 2 and "liaison-schedule-result/1" in err
    assert not out.exists()


def _hybrid(tmp_path, unavailable_b=()):
    doc = {
        "format": "liaison-schedule/1",
        "name": "hybrid",
        "slots": [{"id": f"S{i}", "session": "afternoon"} for i in range(1, 5)],
        "locations": [{"id": "T1", "mode": "onsite"}, {"id": "V1", "mode": "online"}],
        "participants": [
            {"id": "jp1", "side": "JP", "mode": "online"},
            {"id": "cn1", "side": "CN", "mode": "onsite", "unavailable": list(unavailable_b)},
            {"id": "cn2", "side": "CN", "mode": "onsite"},
            {"id": "cn3", "side": "CN", "mode": "onsite"},
        ],
        "meetings": [
            {"id": "m1", "participants": ["jp1", "cn1"], "weight": 5},
            {"id": "m2", "participants": ["jp1", "cn2"], "weight": 3},
            {"id": "m3", "participants": ["cn1", "cn2"], "weight": 2},
            {"id": "m4", "participants": ["cn2", "cn3"], "weight": 1},
        ],
        "rules": {"fairness": 1, "require_all": False},
    }
    path = tmp_path / "hybrid.json"
    path.write_text(json.dumps(doc))
    return path


def test_schedule_small_hybrid_is_proven_optimal_and_valid(tmp_path, capsys):
    out = tmp_path / "result.json"
    status, _, err = run(capsys, _hybrid(tmp_path), "--out", out, "--time-limit", "20")
    assert status == 0, err
    result = json.loads(out.read_text())
    assert result["format"] == "liaison-schedule-result/1"
    assert result["status"] == "optimal"
    stats = result["stats"]
    assert stats["meetings_scheduled"] == 4 and stats["weight_scheduled"] == 11
    assert stats["weight_upper_bound"] == 11 and stats["breaks"] == 0
    online = {a["meeting"]: a["location"] for a in result["assignments"]}
    assert online["m1"] == "V1" and online["m2"] == "V1"  # jp1 joins online: video room
    assert "optimal: 4/4 meetings" in err


def test_schedule_repair_keeps_unaffected_meetings_in_place(tmp_path, capsys):
    first = tmp_path / "first.json"
    assert run(capsys, _hybrid(tmp_path), "--out", first, "--time-limit", "20")[0] == 0
    before = {a["meeting"]: a for a in json.loads(first.read_text())["assignments"]}
    # cn1 can no longer make the slot of m1: m1 must move, nothing else needs to.
    lost = before["m1"]["slot"]
    changed = _hybrid(tmp_path, unavailable_b=[lost])
    second = tmp_path / "second.json"
    status, _, err = run(capsys, changed, "--keep", first, "--out", second, "--time-limit", "20")
    assert status == 0, err
    after_doc = json.loads(second.read_text())
    after = {a["meeting"]: a for a in after_doc["assignments"]}
    assert after["m1"]["slot"] != lost
    unaffected = [m for m in before if m != "m1" and m in after]
    assert all(after[m] == before[m] for m in unaffected if before[m]["slot"] != lost)
    # Weight first, then as few moves as possible: all four still fit with only m1 moved.
    assert after_doc["stats"]["weight_scheduled"] == 11
    assert after_doc["stats"]["moved"] == 1 and after_doc["stats"]["dropped"] == 0
    assert "1 moved, 0 dropped" in err
