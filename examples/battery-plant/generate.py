#!/usr/bin/env python3
"""Generate a large data set for examples/battery-plant, same schema as data/.

    python3 examples/battery-plant/generate.py --rows 10000000 --batches 10000 --lines 20 --out /tmp/big

is the product's benchmark shape: 10 million inspection rows over 10,000 cell batches and 20 lines. Every
file is streamed to disk row by row (nothing is held in memory), and the output is deterministic for a
given --seed. Each line makes its batches one after the other, one batch per line and day slot, and
inspects each batch over its day; about 2% of the batches are "bad" (around 2% NG instead of 0.3%), so
`defect_spike` fires for them. Alongside the inspections it writes, per line and day, two shifts of
output and roster, environment readings every two hours, stops, spare-part requests and work orders,
and two process-parameter rows per batch, so that every indicator and the root-cause attachments have
data. Standard library only.
"""
import argparse
import datetime as dt
import os
import random

INSPECTORS = ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"]
LEADERS = ["周强", "吴敏", "郑丽", "孙涛", "冯军", "陈静", "褚磊", "卫东"]
EQUIPMENT = [("涂布机", "纠偏传感器报警"), ("烘箱", "温控超限"), ("卷绕机", "换型"), ("辊压机", "轧辊清洁"),
             ("分切机", "刀片更换")]
PARTS = ["纠偏传感器", "烘箱热电偶", "卷针", "轧辊刮刀", "温控模块", "分切刀片"]
TECHNICIANS = ["陈工", "刘工", "马工", "何工"]


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="inspection rows (default 1,000,000)")
    ap.add_argument("--batches", type=int, default=None,
                    help="cell batches (default rows / 1000, at most 10,000)")
    ap.add_argument("--lines", type=int, default=20, help="production lines (default 20)")
    ap.add_argument("--batches-per-day", type=int, default=5, help="batches each line starts per day (default 5)")
    ap.add_argument("--seed", type=int, default=20250701)
    ap.add_argument("--start", default="2025-01-01", help="first production day")
    ap.add_argument("--out", required=True, help="output folder (created)")
    a = ap.parse_args()
    batches = a.batches or min(10_000, max(1, a.rows // 1000))
    lines = [f"L{i + 1:02d}" for i in range(a.lines)]
    per_day = a.lines * a.batches_per_day
    days = (batches + per_day - 1) // per_day
    start = dt.datetime.fromisoformat(a.start)
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)

    def open_csv(name, header):
        f = open(os.path.join(a.out, name + ".csv"), "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        f.write(header + "\n")
        return f

    # Inspections and process parameters, batch by batch. Batch b runs on line b % lines, on day
    # b // per_day, and is inspected from 08:00 to midnight; rows are spread evenly over batches.
    ins = open_csv("inspections", "record_id,batch_id,line,inspector,inspected_at,result,temperature,scrap_cost")
    par = open_csv("process_params", "param_id,batch_id,line,station,recorded_at,coating_speed,oven_temperature")
    record = 0
    pid = 0
    base, extra = divmod(a.rows, batches)
    for b in range(batches):
        n = base + (1 if b < extra else 0)
        line = lines[b % a.lines]
        day = start + dt.timedelta(days=b // per_day)
        bad = rnd.random() < 0.02
        p_ng = 0.02 if bad else 0.003
        batch = f"B{b + 1:05d}"
        for station, at, speed, oven in (("coating", "07:30", 12.0, 118), ("drying", "07:45", 11.8, 121)):
            pid += 1
            oven_t = oven + (rnd.randint(8, 12) if bad and station == "drying" else rnd.randint(-2, 2))
            par.write(f"P{pid:08d},{batch},{line},{station},{day.strftime('%Y-%m-%d')}T{at},"
                      f"{speed + rnd.randint(-3, 3) / 10:.1f},{oven_t}\n")
        step = 57600 / max(n, 1)  # seconds between inspections over 16 hours (08:00-24:00)
        t0 = day + dt.timedelta(hours=8)
        out = []
        for i in range(n):
            record += 1
            when = ts(t0 + dt.timedelta(seconds=int(i * step)))
            row_line = "pilot" if rnd.random() < 0.005 else line
            ng = rnd.random() < p_ng
            temp = 24.5 + rnd.random()
            out.append(f"R{record:08d},{batch},{row_line},{INSPECTORS[i % 8]},{when},{'NG' if ng else 'OK'},"
                       f"{temp:.1f},{'%.1f' % (10 + rnd.random() * 20) if ng else ''}\n")
            if len(out) >= 10_000:
                ins.write("".join(out))
                out.clear()
        ins.write("".join(out))
    ins.close()
    par.close()

    # Per line and day: shifts, output, environment, stops, spare parts, work orders.
    env = open_csv("env_readings", "reading_id,line,read_at,temperature,humidity")
    ros = open_csv("shift_roster", "roster_id,line,shift_start,shift_end,leader,operators")
    outp = open_csv("shift_output",
                    "output_id,line,shift,shift_start,shift_leader,planned_minutes,ideal_rate,units,good_units")
    stops = open_csv("downtime_events", "stop_id,line,equipment,stopped_at,downtime,reason,reported_by")
    spares = open_csv("spare_requests", "request_id,line,requested_at,part,quantity,requester")
    orders = open_csv("work_orders", "order_id,line,equipment,opened_at,closed_at,status,technician")
    people = open_csv("people", "employee_id,name,title,line")
    ids = dict(env=0, ros=0, out=0, stop=0, spare=0, order=0)

    def nid(kind):
        ids[kind] += 1
        return ids[kind]

    for li, line in enumerate(lines):
        leaders = (LEADERS[(2 * li) % 8], LEADERS[(2 * li + 1) % 8])
        people.write(f"U{2 * li + 1:04d},{leaders[0]}{li + 1},产线组长,{line}\n")
        people.write(f"U{2 * li + 2:04d},{leaders[1]}{li + 1},产线组长,{line}\n")
    people.write("U9001,钱工,质量工程师,\nU9002,陈工,设备工程师,\nU9003,何总,厂长,\n")
    people.close()
    for d in range(days):
        day = start + dt.timedelta(days=d)
        for li, line in enumerate(lines):
            leaders = (f"{LEADERS[(2 * li) % 8]}{li + 1}", f"{LEADERS[(2 * li + 1) % 8]}{li + 1}")
            humid = 45 + rnd.randint(0, 20)
            for h in range(0, 24, 2):
                env.write(f"E{nid('env'):08d},{line},{ts(day + dt.timedelta(hours=h))},"
                          f"{23.5 + rnd.random() * 2:.1f},{humid + rnd.randint(-2, 2)}\n")
            stop_minutes = 0
            for k in range(rnd.randint(0, 4)):
                equipment, reason = EQUIPMENT[rnd.randrange(len(EQUIPMENT))]
                at = day + dt.timedelta(hours=8, minutes=rnd.randint(0, 15 * 60))
                minutes = rnd.choice([15, 20, 30, 45, 60, 75, 90])
                stop_minutes += minutes
                who = leaders[0] if at.hour < 20 else leaders[1]
                stops.write(f"D{nid('stop'):08d},{line},{equipment},{ts(at)},{minutes}m,{reason},{who}\n")
                closed = rnd.random() < 0.85
                done = at + dt.timedelta(minutes=minutes + rnd.randint(5, 60))
                orders.write(f"WO{nid('order'):08d},{line},{equipment},{ts(at + dt.timedelta(minutes=2))},"
                             f"{ts(done) if closed else ''},{'closed' if closed else 'open'},"
                             f"{TECHNICIANS[rnd.randrange(4)]}\n")
                if rnd.random() < 0.6:
                    spares.write(f"SP{nid('spare'):08d},{line},{ts(at + dt.timedelta(minutes=20))},"
                                 f"{PARTS[rnd.randrange(len(PARTS))]},{rnd.randint(1, 4)},{who}\n")
            # Two 12-hour shifts of 600 planned minutes at 2 cells a minute; stops split between them.
            for s, (name, hour) in enumerate((("白班", 8), ("夜班", 20))):
                begin = day + dt.timedelta(hours=hour)
                ros.write(f"S{nid('ros'):08d},{line},{ts(begin)},{ts(begin + dt.timedelta(hours=12))},"
                          f"{leaders[s]},{12 if s == 0 else 8}\n")
                ran = 600 - stop_minutes / 2
                units = int(ran * 2 * rnd.uniform(0.85, 0.97))
                good = units - int(units * rnd.uniform(0.002, 0.02))
                outp.write(f"O{nid('out'):08d},{line},{name},{ts(begin)},{leaders[s]},600,2,{units},{good}\n")
    for f in (env, ros, outp, stops, spares, orders):
        f.close()
    print(f"{a.out}: {a.rows} inspections over {batches} batches, {a.lines} lines, {days} days; "
          f"{pid} process parameters, {ids['env']} environment readings, {ids['out']} shift outputs, "
          f"{ids['stop']} stops, {ids['spare']} spare-part requests, {ids['order']} work orders")


if __name__ == "__main__":
    main()
