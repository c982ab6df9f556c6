"""Benchmark of the meeting scheduler; every figure is measured in the run that prints it.

(a) The published B2B instances (.dzn, JAIR 2022): our breaks and status beside the
    published optimum and the paper's MaxSAT seconds.
(b) Generated hybrid instances (bench/generate.py) of 200, 2,000 and 20,000 delegates:
    weight, upper bound, ratio, breaks, seconds and peak memory of our solver, beside the
    first-come-first-served self-booking baseline on the same instance.

Each solve runs in a fresh process (multiprocessing, spawn), which reports its own peak
resident memory (``getrusage(RUSAGE_SELF).ru_maxrss``, instance included).

    PYTHONPATH=src python bench/scheduling.py [--skip-dzn] [--skip-hybrid] [--originals-only]
        [--time-limit S] [--sizes 200,2000,20000] [--instances DIR] [--json out.json]
        [--files NAME,NAME] [--repeat N] [--max-consecutive SHARE:K]
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# shared/ lies beside the checkout, as on the developers' machines and in CI.
DEFAULT_INSTANCES = ROOT.parent / "shared" / "benchmarks" / "b2b-jair2022" / "instances"
#: Time limits of the targets per hybrid size (seconds); --time-limit overrides them all.
HYBRID_LIMITS = {200: 5.0, 2000: 30.0, 20000: 120.0}


def _setup_path() -> None:
    for p in (str(ROOT / "src"), str(ROOT)):
        if p not in sys.path:
            sys.path.insert(0, p)


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux


def _run_solver(instance, time_limit: float):
    from liaison.scheduling.solve import solve

    res = solve(instance, time_limit=time_limit, workers=2, seed=0)
    return res.status, res.assignments, res.weight_upper_bound, res.breaks_lower_bound, res.solver


def _child(job: dict, queue) -> None:
    _setup_path()
    try:
        from liaison.scheduling.result import evaluate
        from liaison.scheduling.solve import assign_locations

        if job["kind"] == "dzn":
            from liaison.scheduling.readers import load

            instance = load(job["path"])
        else:
            from bench.generate import generate

            from liaison.scheduling.readers import instance_from_dict

            doc = generate(job["n"], job["seed"])
            share, limit = job.get("consecutive") or (0.0, None)
            if share:
                # --max-consecutive: a share of the delegates (drawn with their own seed)
                # ask for at most `limit` meetings back to back
                import random

                rng = random.Random(job["seed"] + 1)
                for person in doc["participants"]:
                    if rng.random() < share:
                        person["max_consecutive"] = limit
            instance = instance_from_dict(doc)
        started = time.perf_counter()
        if job["solver"] == "baseline":
            from liaison.scheduling.baseline import self_booking
            from liaison.scheduling.bounds import weight_upper_bound

            plan = self_booking(instance, seed=job["seed"])
            seconds = time.perf_counter() - started
            status, name = plan.status, plan.solver
            assignments = assign_locations(instance, plan.slot_of)
            ub = weight_upper_bound(instance)  # for the ratio only, not timed
            lb = 0
        else:
            status, assignments, ub, lb, name = _run_solver(instance, job["time_limit"])
            seconds = time.perf_counter() - started
        ev = evaluate(instance, assignments)
        queue.put(
            {
                "status": status,
                "solver": name,
                "weight": ev.weight,
                "upper_bound": ub,
                "breaks": ev.total_breaks,
                "breaks_lower_bound": lb,
                "violations": ev.violations[:3] if status not in ("infeasible", "timeout") else [],
                "held": len(assignments),
                "meetings": len(instance.meetings),
                "participants": len(instance.participants),
                "seconds": seconds,
                "peak_mb": _peak_mb(),
            }
        )
    except Exception as exc:  # report, do not hang the benchmark
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def run_job(job: dict, timeout: float) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(job, queue))
    wall = time.perf_counter()
    proc.start()
    try:
        out = queue.get(timeout=timeout)
    except Exception:
        proc.kill()
        out = {"error": "no answer from the solver process (killed)"}
    proc.join()
    out["wall_seconds"] = time.perf_counter() - wall
    out["load"] = os.getloadavg()[0]  # 1-minute load average as the solve ends
    return out


def _published(instances: Path) -> dict[str, dict]:
    for candidate in (instances / "published.csv", instances.parent / "published.csv"):
        if candidate.exists():
            with candidate.open() as fh:
                return {row["file"]: row for row in csv.DictReader(fh)}
    return {}


def _table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in r] for r in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    out = [line, "-" * len(line)]
    out += [
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
        for r in cells
    ]
    return "\n".join(out)


def bench_dzn(args) -> list[dict]:
    instances = Path(args.instances)
    published = _published(instances)
    files = sorted(p.name for p in instances.glob("*.dzn"))
    originals = [f for f in files if ".original." in f]
    others = [f for f in files if f not in originals]
    chosen = originals if args.originals_only else originals + others
    if args.files:
        # --files ticf-13crafb.original,forum-13: only the files whose name contains one
        chosen = [f for f in chosen if any(part in f for part in args.files.split(","))]
    limit = args.time_limit or 60.0
    results, rows = [], []
    runs: dict[str, list[dict]] = {}
    for name in chosen:
        # --repeat N: N solves of the file; the row shows the slowest (and the worst
        # status), the summary the spread
        tries = [
            run_job(
                {
                    "kind": "dzn",
                    "path": str(instances / name),
                    "solver": "auto",
                    "seed": 0,
                    "time_limit": limit,
                },
                timeout=limit * 3 + 60,
            )
            for _ in range(max(1, args.repeat))
        ]
        runs[name] = tries
        r = max(
            tries, key=lambda t: ("error" in t, t.get("status") != "optimal", t.get("seconds", 0))
        )
        r = dict(r)
        pub = published.get(name, {})
        r.update(
            file=name,
            published=pub.get("published_optimum_breaks", "?"),
            maxsat_seconds=pub.get("maxsat_seconds", "?"),
        )
        results.append(r)
        if "error" in r:
            rows.append(
                [
                    name,
                    r["published"],
                    "-",
                    "error",
                    f"{r['wall_seconds']:.1f}",
                    r["maxsat_seconds"],
                    r["error"][:60],
                ]
            )
        else:
            ours = r["breaks"] if r["status"] not in ("infeasible", "timeout") else "-"
            agree = ""
            if r["status"] == "infeasible":
                agree = "agrees" if r["published"] == "infeasible" else "DISAGREES"
            elif r["status"] == "optimal":
                agree = "agrees" if str(ours) == r["published"] else "DISAGREES"
            if r["violations"]:
                agree = "INVALID: " + r["violations"][0]
            rows.append(
                [
                    name,
                    r["published"],
                    ours,
                    r["status"],
                    f"{r['seconds']:.1f}",
                    r["maxsat_seconds"],
                    agree,
                ]
            )
        print(f"  {rows[-1]}", file=sys.stderr, flush=True)
    print(f"\n(a) Published B2B instances (fairness 2, time limit {limit:g} s, 2 workers)")
    print(
        _table(
            ["file", "published", "our breaks", "status", "seconds", "paper MaxSAT s", "check"],
            rows,
        )
    )
    for label, group in (("originals", originals), ("all files", chosen)):
        done = [r for r in results if r["file"] in group and "error" not in r]
        if not done:
            continue
        agree = sum(
            1
            for r in done
            if r["status"] in ("optimal", "infeasible")
            and not r["violations"]
            and (r["published"] == "infeasible") == (r["status"] == "infeasible")
            and (r["status"] == "infeasible" or str(r["breaks"]) == r["published"])
        )
        worst = max(done, key=lambda r: r["seconds"])
        print(
            f"{label}: {agree}/{len([f for f in chosen if f in group])} proven at the "
            f"published value; slowest {worst['file']} {worst['seconds']:.1f} s"
        )
        if args.repeat > 1 and label == "all files":
            # per file: how many runs reached the published optimum, and the spread
            spread_rows = []
            for f in chosen:
                ok = [t for t in runs[f] if "seconds" in t]
                if not ok:
                    continue
                secs = sorted(t["seconds"] for t in ok)
                pub = published.get(f, {}).get("published_optimum_breaks", "?")
                at_opt = sum(
                    1 for t in ok if t["status"] == "optimal" and str(t["breaks"]) == pub
                ) + sum(1 for t in ok if t["status"] == "infeasible" and pub == "infeasible")
                loads = [t["load"] for t in ok]
                spread_rows.append(
                    [
                        f,
                        f"{at_opt}/{len(runs[f])}",
                        f"{secs[0]:.1f}",
                        f"{statistics.median(secs):.1f}",
                        f"{secs[-1]:.1f}",
                        f"{min(loads):.1f}-{max(loads):.1f}",
                    ]
                )
            print(
                _table(
                    ["file", "proven at optimum", "min s", "median s", "max s", "load (1 min)"],
                    spread_rows,
                )
            )
        if args.repeat > 1:
            times = [t["seconds"] for f in group if f in runs for t in runs[f] if "seconds" in t]
            spread = [f"{t['seconds']:.1f}" for t in runs.get(worst["file"], []) if "seconds" in t]
            print(
                f"  over {args.repeat} runs each: {worst['file']} took {', '.join(spread)} s; "
                f"total {sum(times) / args.repeat:.0f} s per pass"
            )
    return results


def bench_hybrid(args) -> list[dict]:
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    consecutive = None
    if args.max_consecutive:
        share, _, k = args.max_consecutive.partition(":")
        consecutive = (float(share), int(k))
    results, rows, growth = [], [], []
    for n in sizes:
        limit = args.time_limit or HYBRID_LIMITS.get(n, 60.0)
        ours = run_job(
            {
                "kind": "hybrid",
                "n": n,
                "seed": args.seed,
                "solver": "auto",
                "time_limit": limit,
                "consecutive": consecutive,
            },
            timeout=limit * 3 + 300,
        )
        base = run_job(
            {
                "kind": "hybrid",
                "n": n,
                "seed": args.seed,
                "solver": "baseline",
                "time_limit": limit,
                "consecutive": consecutive,
            },
            timeout=limit * 3 + 300,
        )
        results.append({"n": n, "time_limit": limit, "ours": ours, "baseline": base})
        for label, r in (("ours", ours), ("self-booking", base)):
            if "error" in r:
                rows.append([n, label, "-", "-", "-", "-", "-", "-", "-", "-", r["error"][:60]])
                continue
            ratio = r["weight"] / r["upper_bound"] if r["upper_bound"] else float("nan")
            rows.append(
                [
                    n,
                    f"{label} ({r['solver']})",
                    r["meetings"],
                    r["held"],
                    r["weight"],
                    r["upper_bound"],
                    f"{100 * ratio:.2f}%",
                    r["breaks"],
                    f"{r['seconds']:.1f}",
                    f"{r['peak_mb']:.0f}",
                    r["status"] + (" INVALID: " + r["violations"][0] if r["violations"] else ""),
                ]
            )
        if "error" not in ours:
            growth.append(
                [
                    n,
                    ours["meetings"],
                    f"{ours['seconds']:.1f}",
                    f"{ours['peak_mb']:.0f}",
                    f"{ours['seconds'] / ours['meetings'] * 1000:.2f}",
                    f"{ours['peak_mb'] / ours['meetings'] * 1000:.1f}",
                ]
            )
        print(f"  {rows[-2]}\n  {rows[-1]}", file=sys.stderr, flush=True)
    if consecutive:
        print(
            f"\n{consecutive[0]:.0%} of the delegates ask for at most {consecutive[1]} back to back"
        )
    print(
        f"\n(b) Generated hybrid instances (seed {args.seed}; time limit per size: "
        + ", ".join(f"{r['n']}: {r['time_limit']:g} s" for r in results)
        + ")"
    )
    print(
        _table(
            [
                "delegates",
                "solver",
                "requests",
                "held",
                "weight",
                "upper bound",
                "ratio",
                "breaks",
                "seconds",
                "peak MB",
                "status",
            ],
            rows,
        )
    )
    if growth:
        print("\nGrowth of our solver with size")
        print(
            _table(
                ["delegates", "requests", "seconds", "peak MB", "ms per request", "kB per request"],
                growth,
            )
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark of the meeting scheduler.")
    parser.add_argument("--instances", default=str(DEFAULT_INSTANCES))
    parser.add_argument("--originals-only", action="store_true")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="seconds per solve (default: 60 for .dzn, per size for hybrid)",
    )
    parser.add_argument(
        "--files", default=None, help="only the .dzn files whose name contains one of these (a,b)"
    )
    parser.add_argument("--skip-dzn", action="store_true")
    parser.add_argument("--skip-hybrid", action="store_true")
    parser.add_argument("--sizes", default="200,2000,20000")
    parser.add_argument(
        "--max-consecutive",
        default=None,
        metavar="SHARE:K",
        help="hybrid events: this share of the delegates has max_consecutive K (0.3:2)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    parser.add_argument(
        "--repeat", type=int, default=1, help="solves per .dzn file (the slowest is shown)"
    )
    args = parser.parse_args(argv)
    out: dict = {"machine": {"cpus": os.cpu_count()}}
    if not args.skip_dzn:
        out["dzn"] = bench_dzn(args)
    if not args.skip_hybrid:
        out["hybrid"] = bench_hybrid(args)
    print("\nNote: the machine may be shared with other CPU-heavy jobs; seconds are wall time.")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
