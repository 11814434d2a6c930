"""Command line: ``python -m careplanner bench ...`` and ``python -m careplanner synth ...``."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m careplanner")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("bench", help="solve benchmark instances and compare to best known")
    b.add_argument("files", nargs="+")
    b.add_argument("--format", choices=["solomon", "hhcrsp"], required=True)
    b.add_argument("--seconds", type=float, default=10.0)
    b.add_argument("--solver", choices=["pyvrp", "ortools"], default="pyvrp")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument(
        "--objective",
        choices=["distance", "hierarchical"],
        default="distance",
        help="distance, or hierarchical (fewest vehicles first, then distance); hierarchical gap: the "
        "distance gap when vehicles equal the BKS, with more vehicles max(distance gap, "
        "100*(vehicles-bks)/bks), with fewer the min (see careplanner/bench.py)",
    )
    b.add_argument("--bks", help="bks.csv, BKS.json or mankowska_best.md")
    b.add_argument("--json", action="store_true", help="one JSON object per line")
    b.add_argument(
        "--solutions",
        metavar="DIR",
        help="write each plan to DIR in its family's public format: <instance>.json (hhcrsp, the "
        "instance authors' validator format) or <instance>.sol (VRPLIB routes, read by vrplib and PyVRP)",
    )
    s = sub.add_parser("synth", help="plan a synthetic branch day")
    s.add_argument("--visits", type=int, default=1000)
    s.add_argument("--carers", type=int, default=80)
    s.add_argument("--double-ups", type=float, default=0.1)
    s.add_argument("--seconds", type=float, default=50.0)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--solver", choices=["pyvrp", "ortools"], default="pyvrp")
    args = parser.parse_args(argv)
    if args.command == "bench":
        from .bench import run
        from .kernels import warm_up

        # compile the planner's kernels once (cached on disk) before any instance is timed
        warm_up()

        from .formats import FormatError

        try:
            rows = run(
                args.format,
                args.files,
                args.seconds,
                args.solver,
                args.seed,
                args.objective,
                args.bks,
                args.json,
                solutions=args.solutions,
            )
        except FormatError as err:
            print("Nothing was solved: these files cannot be read", file=sys.stderr)
            for problem in err.problems:
                print(f"  {problem}", file=sys.stderr)
            return 2
        return 0 if all(r.feasible for r in rows) else 1
    from .synth import run_synth

    return run_synth(args.visits, args.carers, args.double_ups, args.seconds, args.seed, args.solver)


if __name__ == "__main__":
    sys.exit(main())
