"""Read commands as whole processes, each paired with a baseline in the same run.

Usage (from the checkout):

    .venv/bin/python bench/reads.py DB [--baseline-claimdb PATH --baseline-db DB] [--repeat 7]

Runs every read command of :data:`COMMANDS` against ``DB`` (a database filled by
``claimdb import`` of bench/generate.py's claims), alternating with the same
command run by another claimdb (e.g. main's checkout) on its own copy of the
data, so that both see the same load. Prints the median wall and CPU time
(user + system, from wait4: steadier than wall time on a shared machine) of
each, and their ratio. Output goes to /dev/null: rendering is counted, the
terminal is not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
COMMANDS: list[tuple[str, list[str]]] = [
    ("--help", ["--help"]),
    ("claim list --limit 50", ["claim", "list", "--limit", "50"]),
    ("claim list --type statistic -n 50", ["claim", "list", "--type", "statistic", "-n", "50"]),
    ("claim list -q budget --limit 20", ["claim", "list", "-q", "budget", "--limit", "20"]),
    *(
        (f"claim list {' '.join(more)} -n 50", ["claim", "list", *more, "-n", "50"])
        for more in (
            ["--status", "verified"],
            ["--verdict", "false"],
            ["--doc", "no-such-document"],
            ["--flagged"],
            ["--unsupported"],
            ["--tag", "energy"],
            ["--speaker", "speaker-14"],
            ["--has-number"],
            ["--sort", "id", "--desc"],
            ["--sort", "status"],
            ["--sort", "created"],
            ["--sort", "type"],
            ["--sort", "position"],
            ["-f", "json"],
        )
    ),
    ("search budget --limit 20", ["search", "budget", "--limit", "20"]),
    ("claim show 7", ["claim", "show", "7"]),
    ("log --limit 20", ["log", "--limit", "20"]),
    ("review --limit 20", ["review", "--limit", "20"]),
    ("status", ["status"]),
]


def once(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--claimdb", default=str(BIN / "claimdb"))
    parser.add_argument("--baseline-claimdb")
    parser.add_argument("--baseline-db")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", help="run only commands whose label contains this")
    args = parser.parse_args()
    sides = [("new", args.claimdb, args.db)]
    if args.baseline_claimdb:
        sides.append(("base", args.baseline_claimdb, args.baseline_db or args.db))
    print("| command | wall p50 | CPU p50 | baseline wall p50 | baseline CPU p50 | wall ratio |")
    print("|---|---|---|---|---|---|")
    for label, argv in COMMANDS:
        if args.only and args.only not in label:
            continue
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in sides}
        for i in range(args.repeat):
            order = sides if i % 2 == 0 else sides[::-1]
            for name, exe, db in order:
                times[name].append(once([exe, "--db", db, *argv]))
        med = {
            name: (
                statistics.median(w for w, _ in runs),
                statistics.median(c for _, c in runs),
            )
            for name, runs in times.items()
        }
        wall, cpu = med["new"]
        if "base" in med:
            bwall, bcpu = med["base"]
            print(
                f"| `{label}` | {wall:.3f} s | {cpu:.3f} s | {bwall:.3f} s | {bcpu:.3f} s "
                f"| {wall / bwall:.2f} |",
                flush=True,
            )
        else:
            print(f"| `{label}` | {wall:.3f} s | {cpu:.3f} s | | | |", flush=True)


if __name__ == "__main__":
    main()
