"""The `liaison` command: what a person typing it sees."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from liaison.cli import main


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def run_cli(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "a-secret-key-for-the-cli-test-only-0123456789",
        "DEBUG": "0",
    }
    env.pop("LIAISON_TESTING", None)
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# A command run from the command line closes the database connection when it ends, so
# this test commits for real (and the database is emptied afterwards).
@pytest.mark.django_db(transaction=True)
def test_cli_demo_prints_login_then_declines_second_time(capsys, var_dir):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Loaded the demo seminar chengdu-2021" in out
    assert "Organiser login: organiser / " in out
    assert "http://127.0.0.1:8000/console/" in out
    password = out.split("Organiser login: organiser / ")[1].split()[0]
    assert f"password: {password}" in (var_dir / "demo-login.txt").read_text()

    assert main(["demo", "--seed", "5"]) == 0
    assert capsys.readouterr().out.strip() == (
        "The database already holds 1 event(s); the demo seminar was not loaded."
    )


@pytest.mark.django_db
def test_run_prints_organiser_login_on_every_start(capsys, var_dir):
    call_command("run", "--no-serve")
    first = capsys.readouterr().out
    password = (var_dir / "demo-login.txt").read_text().split("password: ")[1].split()[0]
    call_command("run", "127.0.0.1:8123", "--no-serve")
    second = capsys.readouterr().out
    assert "the demo seminar was not loaded" in second
    assert f"user: organiser  password: {password}" in first
    assert f"http://127.0.0.1:8123/console/  user: organiser  password: {password}" in second


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("liaison: error: ")
    for word in words:
        assert word in lines[0]


def test_cli_nonsense_database_url_one_line_error():
    result = run_cli("migrate", database_url="nonsense://x")
    assert_one_line_error(result, "DATABASE_URL")


def test_cli_unreachable_postgres_one_line_error():
    result = run_cli("migrate", database_url="postgres://postgres@127.0.0.1:1/liaison")
    assert_one_line_error(result, "DATABASE_URL", "cannot reach the database")
