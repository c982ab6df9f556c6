import os
from pathlib import Path

import pytest

# shared/ lies beside the checkout (the developers' and CI's layout); override with
# LIAISON_BENCHMARKS=/path/to/b2b-jair2022.
DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "b2b-jair2022"
BENCHMARKS = Path(os.environ.get("LIAISON_BENCHMARKS", DEFAULT))


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    instances = BENCHMARKS / "instances"
    assert instances.is_dir(), f"benchmark instances not found at {instances}"
    return instances
