import os
from pathlib import Path

import pytest

# shared/ lies beside the checkout (the developers' and CI's layout); override with
# LIAISON_BENCHMARKS=/path/to/b2b-jair2022.
DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "b2b-jair2022"
EXPLICIT = os.environ.get("LIAISON_BENCHMARKS")
BENCHMARKS = Path(EXPLICIT or DEFAULT)


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    """The published B2B instances. A checkout without shared/ beside it skips the tests
    that read them (and says where they were looked for); a path given explicitly in
    LIAISON_BENCHMARKS must exist."""
    instances = BENCHMARKS / "instances"
    if not instances.is_dir():
        message = f"benchmark instances not found at {instances}"
        if EXPLICIT:
            pytest.fail(message + " (LIAISON_BENCHMARKS)")
        pytest.skip(message + "; put shared/ beside the checkout or set LIAISON_BENCHMARKS")
    return instances


@pytest.fixture(autouse=True)
def strict_self_check(monkeypatch):
    """In tests a failed self-check raises instead of downgrading the result."""
    monkeypatch.setenv("LIAISON_SCHEDULING_STRICT", "1")


def pytest_collection_modifyitems(config, items):
    """The scheduler's `slow` tests (minutes of cross-checking) run only when asked for
    (``pytest -m slow``), so that `make test` stays quick."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords and "scheduling" in str(item.path):
            item.add_marker(skip)
