#!/usr/bin/env python3
"""Write a large, deterministic data set with the schema of this example.

    python3 examples/supplier-delivery/generate.py --rows 1000000 --out /tmp/big
    jixiao run examples/supplier-delivery --data /tmp/big --as-of 2025-12-29T00:00 --format json

`--rows` purchase-order lines (po_deliveries.csv) promised over the 52 weeks from 2024-12-30 (2025-W01),
plus buyers.csv. Suppliers (default: one per 2,000 rows, at least 4) each supply one to three of the
parts (one part per three suppliers), with an on-time level of their own; one supplier in ten goes
through a 7-week slide of about 8 points a week, so `supplier_decline` has something to find. About
2% of the lines are still open (no receipt) and some are promised after the as_of above. Same arguments,
same files (seeded random numbers).
"""
import argparse, csv, datetime as dt, os, random

START = dt.date(2024, 12, 30)  # Monday of 2025-W01
WEEKS = 52


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000, help="purchase-order lines to write")
    ap.add_argument("--out", required=True, help="folder to write po_deliveries.csv and buyers.csv into")
    ap.add_argument("--suppliers", type=int, default=0)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    n_sup = a.suppliers or max(4, a.rows // 2000)
    n_parts = max(2, n_sup // 3)
    sups = [f"S{i:04d}" for i in range(1, n_sup + 1)]
    parts = {s: rnd.sample(range(n_parts), k=min(n_parts, rnd.randint(1, 3))) for s in sups}
    level = {s: rnd.uniform(0.80, 0.99) for s in sups}
    slide = {s: rnd.randrange(WEEKS - 8) for s in sups if rnd.random() < 0.1}  # first week of the slide
    receivers = [f"仓管{i:02d}" for i in range(1, 31)]

    with open(os.path.join(a.out, "po_deliveries.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["delivery_id", "po_no", "supplier", "supplier_name", "part", "qty", "promised_on",
                    "received_at", "receiver"])
        for n in range(1, a.rows + 1):
            s = sups[rnd.randrange(n_sup)]
            day = rnd.randrange(WEEKS * 7 + 14)  # two weeks past the end: open orders after as_of
            week = day // 7
            p = level[s]
            if s in slide and 0 <= week - slide[s] < 7:
                p -= 0.08 * (week - slide[s] + 1)
            promised = START + dt.timedelta(days=day)
            if rnd.random() < 0.02 or day >= WEEKS * 7:
                received = ""
            else:
                late_days = 0 if rnd.random() < p else rnd.randint(1, 10)
                early_days = rnd.randint(0, 3) if late_days == 0 else 0
                t = dt.datetime.combine(promised, dt.time(8)) + dt.timedelta(
                    days=late_days - early_days, seconds=rnd.randrange(10 * 3600))
                received = t.strftime("%Y-%m-%dT%H:%M:%S")
            w.writerow([f"RCV-{n:08d}", f"PO-{(n + 3) // 4:07d}", s, f"供应商{s[1:]}",
                        f"P-{rnd.choice(parts[s]):04d}", 10 * rnd.randint(1, 50), promised.isoformat(),
                        received, rnd.choice(receivers)])

    with open(os.path.join(a.out, "buyers.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["employee_id", "name", "supplier"])
        for i, s in enumerate(sups):
            w.writerow([f"B{i // 20 + 1:03d}", f"采购员{i // 20 + 1:03d}", s])
    print(f"wrote {a.rows} purchase-order lines ({n_sup} suppliers, {n_parts} parts, "
          f"{len(slide)} sliding suppliers) to {a.out}")


if __name__ == "__main__":
    main()
