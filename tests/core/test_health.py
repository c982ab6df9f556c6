"""Health and readiness endpoints, and `liaison serve`'s refusals."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_ready_with_database_and_no_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


@pytest.mark.django_db
def test_readyz_names_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    problems = response.json()["problems"]
    assert len(problems) == 1 and problems[0].startswith("broker: ")


def _serve(env_extra: dict) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SECRET_KEY": "serve-test-key-0123456789abcdef",
        "NEWSROOM_SEAL_KEY": "serve-test-seal-key-0123456789abcdef",
        **env_extra,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("LIAISON_TESTING", None)
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", "serve", "--no-migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_refuses_sqlite(tmp_path):
    result = _serve({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3", "DEBUG": "0"})
    assert result.returncode != 0
    assert "DATABASE_URL does not name PostgreSQL" in result.stderr


def test_serve_refuses_debug(tmp_path):
    result = _serve({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3", "DEBUG": "1"})
    assert result.returncode != 0
    assert "DEBUG is on" in result.stderr


def test_serve_refuses_to_start_without_secret_key(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3", "DEBUG": "0"}
    for name in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "LIAISON_TESTING"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "liaison.cli", "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr


def test_help_needs_no_settings():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env["DATABASE_URL"] = "nonsense://"
    result = subprocess.run(
        [sys.executable, "-m", "liaison.cli", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "liaison run" in result.stdout


def test_production_settings_hash_passwords_with_argon2():
    import liaison.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_worker_without_broker_explains_why_none_is_needed(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "worker-test-key-0123456789abcdef",
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
        "CELERY_BROKER_URL": "",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "liaison.cli", "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "CELERY_BROKER_URL is not set" in result.stderr


@pytest.mark.django_db
def test_request_id_is_returned_and_reused_from_proxy(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"


def test_json_log_line_carries_the_request_id():
    import json
    import logging

    from liaison.core.logging import JsonFormatter, RequestIdFilter, request_id

    token = request_id.set("rid-7")
    try:
        record = logging.makeLogRecord({"name": "liaison.test", "msg": "成都 %s", "args": (1,)})
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "成都 1" and line["request_id"] == "rid-7"
    assert line["logger"] == "liaison.test"


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    """`liaison check --deploy` with the settings a production machine gets (HTTPS on,
    a long random key, PostgreSQL) reports nothing."""
    env = {
        **os.environ,
        "SECRET_KEY": "q8Zp-3vN!x7Lr2Wc_9mKs6Td$4YbHf1Jg0Ue5Ai+Ro8Pn3Qw7Ez2Xc4Vb6Nm9Lk",
        "NEWSROOM_SEAL_KEY": "r3Xk-8wQ!z1Mt6Yh_2Ld9Fs$5NcVb7Gj4Pe0Ua+Ko2Wm8Xq1Rt5Zy9Hb3Vn6Cs",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{tmp_path}/deploy-check.sqlite3"
        ),
        "ALLOWED_HOSTS": "liaison.example.org",
        "DEBUG": "0",
    }
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never)
    for name in ("DJANGO_SETTINGS_MODULE", "LIAISON_TESTING", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "liaison.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
