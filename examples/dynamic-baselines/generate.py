#!/usr/bin/env python3
"""Write a large, deterministic data set with the schema of this example.

    python3 examples/dynamic-baselines/generate.py --rows 1000000 --out /tmp/big
    jixiao run examples/dynamic-baselines --data /tmp/big --as-of 2025-07-07T00:00 --format json

About 90% of the rows are calls (calls.csv), spread over 26 weeks (2025-01-06 .. 2025-07-06) and
`--queues` hotlines; the rest are pick tasks (picks.csv) over `--warehouses` warehouses. Each hotline and
warehouse has a level of its own; about 2% of the days and weeks are shifted by 20-40% up or down, so
the baseline alerts have something to find. Same arguments, same files (seeded random numbers).
"""
import argparse, csv, datetime as dt, os, random

START = dt.date(2025, 1, 6)  # a Monday
DAYS = 26 * 7


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000, help="total rows over both files")
    ap.add_argument("--out", required=True, help="folder to write calls.csv and picks.csv into")
    ap.add_argument("--queues", type=int, default=0, help="hotlines (default: one per 25k call rows, at least 2)")
    ap.add_argument("--warehouses", type=int, default=0, help="warehouses (default: one per 5k pick rows, at least 2)")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    n_calls = a.rows * 9 // 10
    n_picks = a.rows - n_calls
    queues = a.queues or max(2, n_calls // 25_000)
    warehouses = a.warehouses or max(2, n_picks // 5_000)

    agents = [f"坐席{i:03d}" for i in range(1, 201)]
    with open(os.path.join(a.out, "calls.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["call_id", "queue", "agent", "answered_at", "handle_time"])
        level = {q: rnd.randint(240, 600) for q in range(queues)}
        written = 0
        slots = DAYS * queues
        for s in range(slots):
            day, q = divmod(s, queues)
            k = (n_calls * (s + 1)) // slots - written  # spread the rows evenly over the slots
            shift = rnd.choice([0.65, 0.75, 1.25, 1.4]) if rnd.random() < 0.02 else 1.0
            date = START + dt.timedelta(days=day)
            for _ in range(k):
                written += 1
                t = dt.datetime.combine(date, dt.time(8)) + dt.timedelta(seconds=rnd.randrange(12 * 3600))
                secs = max(30, int(rnd.gauss(level[q] * shift, level[q] * 0.3)))
                w.writerow([f"C{written:08d}", f"热线{q + 1:02d}", rnd.choice(agents),
                            t.strftime("%Y-%m-%dT%H:%M:%S"), f"{secs}s"])

    pickers = [f"拣货员{i:03d}" for i in range(1, 301)]
    with open(os.path.join(a.out, "picks.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["task_id", "warehouse", "picker", "picked_at", "lines", "error_lines"])
        rate = {h: rnd.uniform(0.004, 0.012) for h in range(warehouses)}
        written = 0
        slots = 26 * warehouses
        for s in range(slots):
            week, h = divmod(s, warehouses)
            k = (n_picks * (s + 1)) // slots - written
            shift = rnd.choice([0.6, 0.7, 1.3, 1.5]) if rnd.random() < 0.02 else 1.0
            monday = dt.datetime.combine(START + dt.timedelta(weeks=week), dt.time(0))
            for _ in range(k):
                written += 1
                t = monday + dt.timedelta(seconds=rnd.randrange(7 * 86400))
                lines = rnd.randint(20, 200)
                errors = sum(1 for _ in range(lines) if rnd.random() < rate[h] * shift)
                w.writerow([f"T{written:08d}", f"仓库{h + 1:02d}", rnd.choice(pickers),
                            t.strftime("%Y-%m-%dT%H:%M:%S"), lines, errors])
    print(f"wrote {n_calls} calls ({queues} hotlines) and {n_picks} pick tasks ({warehouses} warehouses) to {a.out}")


if __name__ == "__main__":
    main()
