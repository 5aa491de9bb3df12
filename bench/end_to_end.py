#!/usr/bin/env python3
"""What a user waits for: `jixiao run` on the lead-funnel example over generated data, end to end (process
start to exit: reading the CSV, the chain, the indicators and alerts, the output), wall time and peak
memory, for each output format and for one thread and the default.

    bench/end_to_end.py build/jixiao [--leads 1000000] [--dir /tmp/jixiao-e2e] [--reps 1]

The data is generated once per size (examples/lead-funnel/generate.py, deterministic) and kept in --dir.
Each run's stdout goes to /dev/null (`--out` writes a fresh SQLite file in --dir). The JSON output of one
thread and of the default are compared (their SHA-256) so that a faster run cannot be a wrong one."""
import argparse
import hashlib
import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(REPO, "examples", "lead-funnel")


def measure(command, stdout):
    """Wall seconds and peak resident memory (MB) of one run of `command`."""
    started = time.monotonic()
    p = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - started
    err = p.stderr.read().decode()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {p.returncode}:\n{err}")
    return wall, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jixiao")
    ap.add_argument("--leads", type=int, default=1000000)
    ap.add_argument("--dir", default="/tmp/jixiao-e2e")
    ap.add_argument("--reps", type=int, default=1, help="runs per measurement; the fastest is kept")
    args = ap.parse_args()
    data = os.path.join(args.dir, f"leads-{args.leads}")
    csv = os.path.join(data, "lead_events.csv")
    if not os.path.exists(csv):
        os.makedirs(data, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(EXAMPLE, "generate.py"), "--leads", str(args.leads), "--out", data],
                       check=True)
    size = os.path.getsize(csv) / 1e6
    events = sum(1 for _ in open(csv, "rb")) - 1
    print(f"lead-funnel, {args.leads} leads: {events} events, {size:.0f} MB of CSV; "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    base = [args.jixiao, "run", EXAMPLE, "--data", data]
    digests = {}
    for threads in ("1", str(os.cpu_count() or 1)):
        out = os.path.join(args.dir, "out.json")
        with open(out, "wb") as f:
            measure(base + ["--format", "json", "--threads", threads], f)
        with open(out, "rb") as f:
            digests[threads] = hashlib.sha256(f.read()).hexdigest()
        os.remove(out)
    if len(set(digests.values())) != 1:
        sys.exit(f"the JSON records differ between thread counts: {digests}")
    print(f"JSON records identical for --threads {' and '.join(digests)} (sha256 {next(iter(digests.values()))[:16]})")
    print(f"{'run':<34} {'threads':>7} {'wall s':>8} {'peak MB':>8}")
    for label, extra in (("--format json > /dev/null", ["--format", "json"]),
                         ("--format csv > /dev/null", ["--format", "csv"]),
                         ("--format table > /dev/null", ["--format", "table"]),
                         ("--out results.db --format json", ["--format", "json", "--out", None])):
        for threads in ("1", str(os.cpu_count() or 1)):
            best = None
            for _ in range(args.reps):
                command = base + extra + ["--threads", threads]
                if None in command:
                    db = os.path.join(args.dir, "results.db")
                    if os.path.exists(db):
                        os.remove(db)
                    command[command.index(None)] = db
                with open(os.devnull, "wb") as devnull:
                    wall, peak = measure(command, devnull)
                best = (wall, peak) if best is None or wall < best[0] else best
            print(f"{label:<34} {threads:>7} {best[0]:>8.2f} {best[1]:>8.0f}")


if __name__ == "__main__":
    main()
