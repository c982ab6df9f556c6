"""`liaison schedule INSTANCE [--out RESULT.json] [--time-limit S] [--fairness D] [--keep PREV]`

Reads a `liaison-schedule/1` JSON or a benchmark `.dzn`, writes a `liaison-schedule-result/1`
document to --out (or standard output) and a one-line summary to standard error.
Exit status: 0 when a schedule or a proof of infeasibility was produced, 1 when the time ran
out with neither, 2 on bad input (then nothing is written).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from .instance import InstanceError
from .progress import text_progress
from .readers import MAX_INPUT_BYTES, load
from .result import TIMEOUT, dumps, evaluate, read_result
from .solve import solve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="liaison schedule",
        description="Place requested B2B meetings on slots, tables and video rooms.",
    )
    parser.add_argument("instance", help="liaison-schedule/1 JSON or benchmark .dzn file")
    parser.add_argument("--out", help="where to write the result JSON (default: stdout)")
    parser.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument(
        "--fairness",
        type=int,
        default=None,
        metavar="D",
        help="no participant more than D breaks above the one with fewest",
    )
    parser.add_argument(
        "--keep",
        metavar="PREVIOUS_RESULT.json",
        help="repair: keep the meetings of this earlier result where they were",
    )
    parser.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--solver", choices=("auto", "exact", "large", "portfolio"), default="auto")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _error(message: str) -> int:
    print(f"liaison schedule: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.time_limit <= 0:
        return _error("--time-limit must be more than 0 seconds")
    if args.fairness is not None and args.fairness < 0:
        return _error("--fairness must be 0 or more")
    if args.workers < 1:
        return _error("--workers must be at least 1")
    try:
        instance = load(args.instance, fairness=args.fairness)
    except InstanceError as exc:
        return _error(str(exc))

    keep = None
    if args.keep:
        keep_path = Path(args.keep)
        try:
            if keep_path.stat().st_size > MAX_INPUT_BYTES:
                return _error(f"{keep_path}: the previous result is too large")
            keep = read_result(instance, json.loads(keep_path.read_text(encoding="utf-8")))
        except OSError as exc:
            return _error(f"{keep_path}: cannot read the previous result ({exc.strerror})")
        except (ValueError, UnicodeDecodeError) as exc:
            return _error(f"{keep_path}: {exc}")

    def progress(line: str) -> None:
        if not args.quiet:
            print(f"  {line}", file=sys.stderr, flush=True)

    if not args.quiet:
        print(f"liaison schedule: {instance.summary()}", file=sys.stderr, flush=True)
    result = solve(
        instance,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        keep=keep,
        solver=args.solver,
        progress=text_progress(progress),
    )
    text = dumps(instance, result)
    if args.out:
        _write_atomically(Path(args.out), text)
    else:
        sys.stdout.write(text)

    ev = evaluate(instance, result.assignments)
    summary = (
        f"{result.status}: {len(result.assignments)}/{len(instance.meetings)} meetings, "
        f"weight {ev.weight} of at most {result.weight_upper_bound}, "
        f"{ev.total_breaks} breaks (at least {result.breaks_lower_bound}), "
        f"{result.seconds:.2f} s"
    )
    if result.moved is not None:
        summary += f", {result.moved} moved, {result.dropped} dropped"
    print(f"liaison schedule: {summary}", file=sys.stderr)
    return 1 if result.status == TIMEOUT else 0
