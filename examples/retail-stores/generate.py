#!/usr/bin/env python3
"""Write a large data set with the schema of this example (pos_sales.csv, store_checkins.csv).

    python3 examples/retail-stores/generate.py --rows 1000000 --out /tmp/big
    jixiao run examples/retail-stores --data /tmp/big --format json > /dev/null

--rows is the number of POS tickets; the stores open every day from 2025-09-01 with about 40 tickets
each, and each store has one planned inspection check-in a day. The output depends only on the
arguments (fixed seed), so two runs write the same files.
"""
import argparse
import csv
import datetime as dt
import os
import random

CASHIERS = ["李娜", "王强", "陈静", "赵磊", "孙悦", "周涛", "刘洋", "黄敏"]
INSPECTORS = ["吴督导", "郑督导", "冯督导", "蒋督导"]
# Remarks: most tickets have none; a few are complaints (keyword + KS number), a few only look like one.
REMARKS = [
    (0.010, "顾客投诉商品过期，已退款，客诉单号KS{no}"),
    (0.004, "12315转来投诉：价签与结算价不符，客诉单KS{no}"),
    (0.010, "顾客说要投诉排队太久，已安抚"),
    (0.010, "团购券KS{no}核销"),
    (0.030, "会员积分补录"),
]
NOTES = [
    (0.010, "冷柜温度偏高；顾客现场投诉，已登记客诉单KS{no}"),
    (0.050, "货架整洁，本周无投诉"),
    (0.050, "地面有积水，已整改"),
]


def pick(rng, table):
    x = rng.random()
    for p, text in table:
        if x < p:
            return text.format(no=f"{rng.randrange(10**8):08d}")
        x -= p
    return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100000, help="number of POS tickets (default 100000)")
    ap.add_argument("--stores", type=int, default=0, help="number of stores (default: rows / 2000, at least 3)")
    ap.add_argument("--out", required=True, help="folder to write the CSV files into")
    ap.add_argument("--seed", type=int, default=20250901)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    stores = args.stores or max(3, min(5000, args.rows // 2000))
    per_day = 40
    days = max(1, -(-args.rows // (stores * per_day)))
    start = dt.datetime(2025, 9, 1)
    os.makedirs(args.out, exist_ok=True)

    # Each store has its own level of sales, so weeks differ from store to store.
    level = [rng.uniform(40, 160) for _ in range(stores)]
    with open(os.path.join(args.out, "pos_sales.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ticket_no", "store_id", "cashier", "sold_at", "amount", "items", "pay_status", "remark"])
        n = 0
        for d in range(days):
            day = start + dt.timedelta(days=d)
            for s in range(stores):
                for k in range(per_day):
                    if n == args.rows:
                        break
                    n += 1
                    t = day + dt.timedelta(hours=7, seconds=rng.randrange(15 * 3600))
                    amount = round(max(1.0, rng.gauss(level[s], level[s] / 2)), 2)
                    status = "refunded" if rng.random() < 0.02 else "paid"
                    w.writerow([f"S{s + 1:04d}-{day:%m%d}-{k + 1:03d}", f"S{s + 1:04d}", rng.choice(CASHIERS),
                                t.strftime("%Y-%m-%dT%H:%M:%S"), f"{amount:.2f}", rng.randint(1, 12), status,
                                pick(rng, REMARKS)])

    with open(os.path.join(args.out, "store_checkins.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["checkin_id", "store_id", "inspector", "scheduled_at", "checked_at", "status", "score", "notes"])
        for d in range(days):
            day = start + dt.timedelta(days=d)
            planned = day + dt.timedelta(hours=9, minutes=30)
            for s in range(stores):
                row_id = f"C-S{s + 1:04d}-{day:%m%d}"
                inspector = INSPECTORS[s % len(INSPECTORS)]
                if rng.random() < 0.06:
                    w.writerow([row_id, f"S{s + 1:04d}", inspector, planned.strftime("%Y-%m-%dT%H:%M"), "", "missed", "", ""])
                    continue
                checked = planned + dt.timedelta(minutes=rng.randint(-15, 40))
                score = min(100, max(50, round(rng.gauss(88, 6))))
                w.writerow([row_id, f"S{s + 1:04d}", inspector, planned.strftime("%Y-%m-%dT%H:%M"),
                            checked.strftime("%Y-%m-%dT%H:%M"), "done", score, pick(rng, NOTES)])
    print(f"wrote {n} tickets and {days * stores} check-ins ({stores} stores, {days} days) to {args.out}")


if __name__ == "__main__":
    main()
