#!/usr/bin/env python3
"""Write a large data set with the schema of this example (deterministic, seeded).

    python3 examples/regional-sales/generate.py --rows 1000000 --out /tmp/big
    jixiao run examples/regional-sales --data /tmp/big --as-of 2026-01-05T00:00 --format json > /dev/null

receivables.csv: --rows invoices due over 2025 in --regions regions, each region with customers in three
tiers and a collection level of its own that drifts from week to week, so some regions stay below 90%
for weeks; about one row in a thousand has an unreadable amount (quarantined). regions.csv lists the
regions and their managers. alert_responses.csv: one OA response per region and about every fifth week,
answered after 1 to 60 hours, a few never answered. (The responses are not derived from the alerts the
run raises: they only give the response indicators a realistic volume.)
"""
import argparse, csv, datetime, os, random

TIERS = [("战略", 8, 400000), ("重点", 30, 120000), ("普通", 120, 30000)]  # name, customers, typical amount


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--regions", type=int, default=40)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20250310)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    regions = [f"区域{i:03d}" for i in range(a.regions)]
    managers = {r: f"经理{i:03d}" for i, r in enumerate(regions)}
    first_monday = datetime.date(2024, 12, 30)  # 2025-W01
    weeks = 52
    # A weekly collection level per region: a random walk around 92%.
    level = {}
    for r in regions:
        x = rnd.uniform(0.85, 0.98)
        for w in range(weeks):
            x = min(1.0, max(0.6, x + rnd.gauss(0, 0.03)))
            level[(r, w)] = x
    with open(os.path.join(a.out, "receivables.csv"), "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["invoice_id", "region", "customer", "customer_tier", "sales_rep", "due_on", "amount_due",
                      "collected"])
        for i in range(a.rows):
            r = regions[rnd.randrange(len(regions))]
            w = rnd.randrange(weeks)
            tier, n_customers, typical = rnd.choices(TIERS, [1, 3, 8])[0]
            customer = f"{r}-{tier}客户{rnd.randrange(n_customers):03d}"
            due = first_monday + datetime.timedelta(days=7 * w + rnd.randrange(7))
            amount = round(typical * rnd.uniform(0.2, 1.8), -2)
            p = level[(r, w)]
            if rnd.random() < p:
                collected = amount
            else:
                collected = "" if rnd.random() < 0.3 else round(amount * rnd.uniform(0, 0.9), -2)
            amount_text = "待确认" if rnd.random() < 0.001 else f"{amount:.0f}"
            collected_text = collected if collected == "" else f"{collected:.0f}"
            out.writerow([f"INV-{i:08d}", r, customer, tier, f"{r}-销售{rnd.randrange(6)}", due.isoformat(),
                          amount_text, collected_text])
    with open(os.path.join(a.out, "regions.csv"), "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["region", "manager", "manager_id"])
        for i, r in enumerate(regions):
            out.writerow([r, managers[r], f"E{20000 + i}"])
    with open(os.path.join(a.out, "alert_responses.csv"), "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["response_id", "alert", "region", "period", "manager", "alerted_at", "acted_at", "action"])
        n = 0
        for r in regions:
            for w in range(1, weeks):
                if rnd.random() >= 0.2:
                    continue
                n += 1
                alerted = datetime.datetime.combine(first_monday + datetime.timedelta(days=7 * (w + 1)),
                                                    datetime.time(0, 0))
                if rnd.random() < 0.05:
                    acted, action = "", ""
                else:
                    acted = (alerted + datetime.timedelta(minutes=rnd.randrange(60, 60 * 60))).strftime("%Y-%m-%dT%H:%M")
                    action = "催收并更新回款计划"
                out.writerow([f"OA-{n:06d}", "collection_drop", r, f"2025-W{w + 1:02d}", managers[r],
                              alerted.strftime("%Y-%m-%dT%H:%M"), acted, action])


if __name__ == "__main__":
    main()
