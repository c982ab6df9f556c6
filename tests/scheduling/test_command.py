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
