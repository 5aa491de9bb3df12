#!/usr/bin/env python3
"""Write a large, deterministic data set with the schema of this example.

    python3 examples/lead-funnel/generate.py --leads 250000 --out /tmp/leads
    jixiao run examples/lead-funnel --data /tmp/leads --as-of 2025-12-31T18:00 --format json

`--leads` sales leads (lead_events.csv) submitted on the web form during working hours over the
26 weeks from 2025-07-07, each reaching `screened`, `solution` and `contract` after random delays
(most within their deadlines, some late); about 5% of the leads stop after each stage, and 2% skip the
solution node. Delays are wall-clock hours, so nights, weekends and the October holidays make some
of them late in working time. Same arguments, same file (seeded random numbers).
"""
import argparse, csv, datetime as dt, os, random

START = dt.datetime(2025, 7, 7, 9, 0)  # a Monday
WEEKS = 26
SALES = ["王磊", "李娜", "张伟", "刘洋", "陈静"]
PRESALES = ["赵敏", "周杰", "吴霞"]
LEGAL = ["孙丽", "郑浩"]


def working_instant(rnd, day):
    """A time between 09:00 and 17:00 on `day` (which may be a weekend: the web form never closes)."""
    return dt.datetime(day.year, day.month, day.day, 9, 0) + dt.timedelta(minutes=rnd.randrange(8 * 60))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--leads", type=int, default=100_000, help="leads to write")
    ap.add_argument("--out", required=True, help="folder to write lead_events.csv into")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    event = 0
    with open(os.path.join(a.out, "lead_events.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["event_id", "lead_id", "stage", "actor", "at"])

        def put(lead, stage, actor, at):
            nonlocal event
            event += 1
            w.writerow([f"E{event}", lead, stage, actor, at.strftime("%Y-%m-%dT%H:%M")])

        for i in range(1, a.leads + 1):
            lead = f"L{i}"
            at = working_instant(rnd, START.date() + dt.timedelta(days=rnd.randrange(WEEKS * 7)))
            put(lead, "submitted", "web", at)
            # screening: usually within an hour or two, sometimes the next day
            at += dt.timedelta(minutes=rnd.choice([rnd.randrange(20, 110), rnd.randrange(110, 300), rnd.randrange(900, 1500)]))
            if rnd.random() < 0.05:
                continue
            put(lead, "screened", rnd.choice(SALES), at)
            if rnd.random() < 0.05:
                continue
            if rnd.random() >= 0.02:  # a few go straight to contract review
                at += dt.timedelta(minutes=rnd.choice([rnd.randrange(60, 420), rnd.randrange(420, 1800)]))
                put(lead, "solution", rnd.choice(PRESALES), at)
                if rnd.random() < 0.05:
                    continue
            at += dt.timedelta(hours=rnd.choice([rnd.randrange(4, 48), rnd.randrange(48, 120)]))
            put(lead, "contract", rnd.choice(LEGAL), at)


if __name__ == "__main__":
    main()
