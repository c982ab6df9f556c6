"""How far past its time limit a solve returns (the overshoot), measured per solver.

Every solve runs in a fresh process; the figure is the wall time of the whole
``solve()`` call (bounds, model building, every child process, the check and the
reasons) minus the limit.  ``--burn N`` runs N busy-looping processes alongside, to
see what a loaded machine does: the result must get weaker, never later.

    PYTHONPATH=src:. python bench/scheduling_limits.py [--limits 0.5,2,5] [--burn 2]
        [--instances DIR] [--repeat 1]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCES = ROOT.parent / "shared" / "benchmarks" / "b2b-jair2022" / "instances"


def _setup_path() -> None:
    for p in (str(ROOT / "src"), str(ROOT)):
        if p not in sys.path:
            sys.path.insert(0, p)


def _hard_b2b_like(seed: int = 0) -> dict:
    """Every meeting required, 36 delegates with 7 requests each in 16 slots (the exact
    solver cannot prove its breaks in a minute, so it uses every limit to the end)."""
    import random

    rng = random.Random(seed)
    people = [f"p{i}" for i in range(36)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 126:
        a, b = rng.sample(range(36), 2)
        pairs.add((min(a, b), max(a, b)))
    return {
        "format": "liaison-schedule/1",
        "name": "hard-36",
        "slots": [{"id": f"t{t}"} for t in range(16)],
        "locations": [{"id": f"T{j}"} for j in range(9)],
        "participants": [{"id": p} for p in people],
        "meetings": [
            {"id": f"m{i}", "participants": [people[a], people[b]]}
            for i, (a, b) in enumerate(sorted(pairs))
        ],
        "rules": {"fairness": 2, "require_all": True},
    }


def _load(spec: str):
    from liaison.scheduling.readers import instance_from_dict, load

    if spec == "hard-36":
        return instance_from_dict(_hard_b2b_like())
    if spec.startswith("hybrid-"):
        from bench.generate import generate

        return instance_from_dict(generate(int(spec.split("-")[1]), 0))
    return load(spec)


def _child(spec: str, solver: str, limit: float, queue) -> None:
    _setup_path()
    from liaison.scheduling.solve import solve

    instance = _load(spec)
    started = time.perf_counter()
    result = solve(instance, time_limit=limit, solver=solver)
    wall = time.perf_counter() - started
    queue.put((result.status, wall, result.seconds))


def _burn() -> None:
    while True:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limits", default="0.5,2,5")
    parser.add_argument("--burn", type=int, default=0, help="busy processes alongside")
    parser.add_argument("--instances", default=str(DEFAULT_INSTANCES))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    limits = [float(x) for x in args.limits.split(",")]
    b2b = Path(args.instances) / "ticf-13crafb.original.dzn"
    cases = [("hard-36", "exact"), ("hybrid-200", "portfolio"), ("hybrid-2000", "large")]
    cases += [("hybrid-200", "exact"), ("hybrid-20000", "large")]
    if b2b.exists():
        cases.insert(0, (str(b2b), "exact"))
    ctx = mp.get_context("spawn")
    burners = [ctx.Process(target=_burn, daemon=True) for _ in range(args.burn)]
    for b in burners:
        b.start()
    worst = 0.0
    print(f"overshoot = wall time of solve() - limit; {args.burn} busy processes alongside")
    print(f"{'instance':32} {'solver':10} {'limit':>6} {'status':10} {'wall':>7} {'over':>7}")
    try:
        for spec, solver in cases:
            for limit in limits:
                for _ in range(args.repeat):
                    queue = ctx.Queue()
                    proc = ctx.Process(target=_child, args=(spec, solver, limit, queue))
                    proc.start()
                    status, wall, _seconds = queue.get(timeout=limit + 600)
                    proc.join()
                    over = wall - limit
                    worst = max(worst, over)
                    name = Path(spec).name
                    print(
                        f"{name:32} {solver:10} {limit:6.1f} {status:10} {wall:7.2f} {over:+7.2f}",
                        flush=True,
                    )
    finally:
        for b in burners:
            b.kill()
    print(f"largest overshoot: {worst:+.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
