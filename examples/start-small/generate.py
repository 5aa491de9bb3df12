#!/usr/bin/env python3
"""Write a large data set with the schema of this example: orders.csv, tracking.csv, service_qc.csv and
ad_daily.csv.

    python3 examples/start-small/generate.py --rows 1000000 --out /tmp/big
    jixiao run examples/start-small --data /tmp/big --format json > /dev/null

--rows is the number of orders (checkouts), spread over --days days from 2025-11-03 in the markets
below. Each paid order gets its tracking scans (some never picked up, some without a departure scan,
some still in transit), one order in 40 gets a reviewed service conversation, and each campaign has one
ad report row a day. The output depends only on the arguments (fixed seed).
"""
import argparse
import csv
import datetime as dt
import os
import random

MARKETS = {"US": ["stripe", "paypal"], "UK": ["stripe", "paypal"], "DE": ["klarna", "stripe"],
           "FR": ["stripe", "paypal"], "JP": ["stripe", "konbini"]}
CARRIERS = ["YunExpress", "4PX", "DHL", "UPS", "Yanwen"]
AGENTS = ["小林", "Amy", "阿杰", "Mia", "老周", "Kenji"]
PLATFORMS = ["meta", "google", "tiktok"]


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100000, help="number of orders (default 100000)")
    ap.add_argument("--days", type=int, default=28, help="days of orders from 2025-11-03 (default 28)")
    ap.add_argument("--out", required=True, help="folder to write the CSV files into")
    ap.add_argument("--seed", type=int, default=1111)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    start = dt.datetime(2025, 11, 3)
    span = args.days * 86400
    os.makedirs(args.out, exist_ok=True)
    markets = list(MARKETS)
    files = {name: open(os.path.join(args.out, name + ".csv"), "w", newline="", encoding="utf-8")
             for name in ("orders", "tracking", "service_qc", "ad_daily")}
    orders, tracking, qc, ads = (csv.writer(files[n]) for n in ("orders", "tracking", "service_qc", "ad_daily"))
    orders.writerow(["order_id", "market", "customer_id", "gateway", "created_at", "paid_at", "pay_status", "amount"])
    tracking.writerow(["event_id", "order_id", "carrier", "status", "at", "location"])
    qc.writerow(["review_id", "conversation_id", "agent", "market", "channel", "started_at", "first_response",
                 "score", "redline", "remark"])
    ads.writerow(["row_id", "campaign", "platform", "market", "day", "spend", "revenue", "clicks", "conversions"])

    events = reviews = 0
    for i in range(args.rows):
        market = rng.choice(markets)
        created = start + dt.timedelta(seconds=rng.randrange(span))
        x = rng.random()
        status = "paid" if x < 0.92 else ("failed" if x < 0.98 else "pending")
        paid_at = ts(created + dt.timedelta(seconds=rng.randint(5, 180))) if status == "paid" else ""
        amount = round(max(5.0, rng.lognormvariate(4.2, 0.6)), 2)
        order_id = f"O{i + 1:08d}"
        orders.writerow([order_id, market, f"cus_{rng.randrange(10**6):06d}", rng.choice(MARKETS[market]),
                         ts(created), paid_at, status, f"{amount:.2f}"])
        if status == "paid":
            # label -> pickup (mostly within 24h) -> departure (sometimes missing) -> delivery (5-9 days)
            carrier = rng.choice(CARRIERS)
            t = created + dt.timedelta(hours=rng.uniform(1, 20))
            scans = [("label_created", t)]
            if rng.random() < 0.97:
                t += dt.timedelta(hours=rng.expovariate(1 / 12))
                scans.append(("picked_up", t))
                if rng.random() < 0.95:
                    t += dt.timedelta(hours=rng.uniform(6, 60))
                    scans.append(("departed", t))
                t += dt.timedelta(hours=rng.uniform(30, 100))
                scans.append(("in_transit", t))
                t += dt.timedelta(hours=rng.uniform(20, 120))
                scans.append(("delivered", t))
            for s, at in scans:
                events += 1
                tracking.writerow([f"TR{events:09d}", order_id, carrier, s, ts(at), market])
        if rng.random() < 1 / 40:
            reviews += 1
            chat = rng.random() < 0.7
            fr = f"{rng.randint(10, 240)}s" if chat else f"{rng.randint(1, 12)}h"
            red = rng.random() < 0.01
            qc.writerow([f"QC{reviews:08d}", f"CV-{i:08d}", rng.choice(AGENTS), market, "chat" if chat else "email",
                         ts(created + dt.timedelta(hours=rng.uniform(0, 48))), fr if rng.random() < 0.97 else "",
                         min(100, max(40, round(rng.gauss(86, 7)))), "true" if red else "false",
                         "承诺超权限退款" if red else ""])

    for d in range(args.days):
        day = start + dt.timedelta(days=d)
        for m in markets:
            for p in PLATFORMS:
                spend = round(rng.uniform(20, 400) * max(1, args.rows / 100000), 2)
                roas = rng.uniform(0.8, 4.5)
                ads.writerow([f"AD-{day:%m%d}-{m}-{p}", f"{m.lower()}_{p}", p, m, f"{day:%Y-%m-%d}",
                              f"{spend:.2f}", f"{spend * roas:.2f}", rng.randint(100, 5000), rng.randint(0, 80)])
    for f in files.values():
        f.close()
    print(f"wrote {args.rows} orders, {events} tracking events, {reviews} reviews, "
          f"{args.days * len(markets) * len(PLATFORMS)} ad rows to {args.out}")


if __name__ == "__main__":
    main()
