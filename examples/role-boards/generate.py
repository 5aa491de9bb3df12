#!/usr/bin/env python3
"""Generate a large data set for examples/role-boards, same schema as data/.

    python3 examples/role-boards/generate.py --rows 1000000 --out /tmp/boards

--rows is the total number of event rows, split over the six event tables (attendance 40%, service
tickets 20%, quality checks 15%, sales orders 10%, purchase orders 10%, production reports 5%) and
spread evenly over --days days from --start. The staff list (people) grows with the data: one agent per
~50 tickets a week, one employee per attendance row a day. Rows are written one by one (nothing is held
in memory) and the output is deterministic for a given --seed. Standard library only.
"""
import argparse
import datetime as dt
import os
import random

REGIONS = ["华东", "华南", "华北", "华中", "西南", "西北", "东北", "海外"]
DEPARTMENTS = ["生产部", "客服部", "销售部", "采购部", "质量部", "仓储部"]
PRODUCTS = ["电芯A", "电芯B", "电芯C", "模组M1", "模组M2"]
CATEGORIES = ["交付", "质量", "开票", "退货", "咨询"]
MATERIALS = ["正极材料", "负极材料", "隔膜", "电解液", "铜箔", "铝箔"]


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="event rows over all tables (default 1,000,000)")
    ap.add_argument("--days", type=int, default=182, help="days of history (default 182)")
    ap.add_argument("--lines", type=int, default=20)
    ap.add_argument("--suppliers", type=int, default=50)
    ap.add_argument("--start", default="2025-01-06", help="first day (a Monday by default)")
    ap.add_argument("--seed", type=int, default=20250707)
    ap.add_argument("--out", required=True, help="output folder (created)")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    start = dt.datetime.fromisoformat(a.start)
    os.makedirs(a.out, exist_ok=True)
    share = dict(attendance=0.40, service_tickets=0.20, quality_checks=0.15, sales_orders=0.10,
                 purchase_orders=0.10, production=0.05)
    n = {k: max(1, int(a.rows * v)) for k, v in share.items()}
    lines = [f"L{i + 1}" for i in range(a.lines)]
    suppliers = [f"供应商{i + 1:03d}" for i in range(a.suppliers)]
    agents = max(2, n["service_tickets"] * 7 // (a.days * 50))
    staff = max(6, n["attendance"] // a.days)

    def open_csv(name, header):
        f = open(os.path.join(a.out, name + ".csv"), "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        f.write(header + "\n")
        return f

    def moments(count, first_hour=8, hours=12):
        """count event times in chronological order, spread over the days, within working hours."""
        for i in range(count):
            day = start + dt.timedelta(days=i * a.days // count)
            yield i, day, day + dt.timedelta(hours=first_hour, minutes=rnd.randrange(hours * 60))

    # Staff: line leaders, agents (U2xxxxx), the other roles, then everybody who clocks in (U9xxxxx).
    f = open_csv("people", "employee_id,name,title,line,region,department")
    for i, line in enumerate(lines):
        f.write(f"U1{i:05d},组长{i + 1},产线组长,{line},,生产部\n")
    for i in range(agents):
        f.write(f"U2{i:05d},客服{i + 1},客服专员,,{REGIONS[i % len(REGIONS)]},客服部\n")
    for i, region in enumerate(REGIONS):
        f.write(f"U3{i:05d},总监{i + 1},销售总监,,{region},销售部\n")
    f.write("U400000,韩梅,采购经理,,,采购部\nU500000,钱工,质量工程师,,,质量部\nU600000,何总,厂长,,,厂部\n")
    for i, dep in enumerate(DEPARTMENTS):
        f.write(f"U7{i:05d},HRBP{i + 1},HRBP,,,{dep}\n")
    for i in range(staff):
        f.write(f"U9{i:05d},员工{i + 1},操作工,{lines[i % len(lines)]},,{DEPARTMENTS[i % len(DEPARTMENTS)]}\n")
    f.close()

    f = open_csv("production", "report_id,line,shift_start,leader,planned_units,units,downtime")
    for i, day, _ in moments(n["production"]):
        li = i % len(lines)
        planned = 1000
        stop = rnd.choice([0, 0, 15, 30, 45, 60, 90])
        units = int(planned * rnd.uniform(0.82, 1.03))
        f.write(f"P{i + 1:09d},{lines[li]},{ts(day + dt.timedelta(hours=8))},组长{li + 1},{planned},{units},{stop}m\n")
    f.close()

    f = open_csv("quality_checks", "check_id,line,product,checked_at,inspector,inspected,defects")
    for i, _, t in moments(n["quality_checks"]):
        inspected = rnd.choice([100, 150, 200])
        defects = int(inspected * rnd.uniform(0, 0.07))
        f.write(f"Q{i + 1:09d},{lines[rnd.randrange(len(lines))]},{PRODUCTS[rnd.randrange(len(PRODUCTS))]},{ts(t)},"
                f"钱工,{inspected},{defects}\n")
    f.close()

    f = open_csv("service_tickets",
                 "ticket_id,employee_id,customer,region,category,opened_at,first_reply_at,resolved_at,satisfaction")
    for i, _, t in moments(n["service_tickets"]):
        ag = rnd.randrange(agents)
        r = rnd.random()
        reply = "" if r < 0.03 else ts(t + dt.timedelta(minutes=rnd.choice([5, 10, 20, 30, 45, 90, 180])))
        resolved = reply and rnd.random() < 0.8
        end = ts(t + dt.timedelta(hours=rnd.randint(1, 30))) if resolved else ""
        sat = rnd.choice([3, 4, 4, 5, 5]) if resolved else ""
        f.write(f"T{i + 1:09d},U2{ag:05d},客户{rnd.randrange(5000)},{REGIONS[ag % len(REGIONS)]},"
                f"{CATEGORIES[rnd.randrange(len(CATEGORIES))]},{ts(t)},{reply},{end},{sat}\n")
    f.close()

    f = open_csv("sales_orders", "order_id,region,salesperson,ordered_at,status,amount,collected")
    for i, _, t in moments(n["sales_orders"]):
        cancelled = rnd.random() < 0.08
        amount = rnd.randrange(10, 500) * 1000
        collected = 0 if cancelled else int(amount * rnd.choice([0, 0.3, 0.5, 0.8, 1.0]))
        f.write(f"SO{i + 1:09d},{REGIONS[rnd.randrange(len(REGIONS))]},销售{rnd.randrange(300)},{ts(t)},"
                f"{'cancelled' if cancelled else 'signed'},{amount},{collected}\n")
    f.close()

    f = open_csv("purchase_orders", "po_id,supplier,buyer,material,promised_at,delivered_at,amount,qualified")
    for i, _, t in moments(n["purchase_orders"]):
        r = rnd.random()
        delivered = "" if r < 0.05 else ts(t + dt.timedelta(hours=rnd.randint(-24, 12)))
        qualified = "" if not delivered else ("false" if rnd.random() < 0.03 else "true")
        f.write(f"PO{i + 1:09d},{suppliers[rnd.randrange(len(suppliers))]},采购{rnd.randrange(20)},"
                f"{MATERIALS[rnd.randrange(len(MATERIALS))]},{ts(t)},{delivered},{rnd.randrange(1, 200) * 1000},"
                f"{qualified}\n")
    f.close()

    f = open_csv("attendance", "record_id,employee_id,name,department,work_day,status,overtime")
    statuses = ["present"] * 90 + ["late"] * 5 + ["absent"] * 2 + ["leave"] * 3
    for i in range(n["attendance"]):
        e = i % staff
        day = start + dt.timedelta(days=i * a.days // n["attendance"])
        status = statuses[rnd.randrange(100)]
        overtime = f"{rnd.choice([1, 2, 3])}h" if status in ("present", "late") and rnd.random() < 0.3 else ""
        f.write(f"A{i + 1:09d},U9{e:05d},员工{e + 1},{DEPARTMENTS[e % len(DEPARTMENTS)]},{ts(day + dt.timedelta(hours=8))},"
                f"{status},{overtime}\n")
    f.close()
    print(f"{a.out}: " + ", ".join(f"{k} {v}" for k, v in n.items()) +
          f"; people {len(lines) + agents + len(REGIONS) + 3 + len(DEPARTMENTS) + staff} over {a.days} days")


if __name__ == "__main__":
    main()
