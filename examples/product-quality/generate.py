#!/usr/bin/env python3
"""Write a large data set with the schema of this example (deterministic, seeded).

    python3 examples/product-quality/generate.py --rows 1000000 --out /tmp/big
    jixiao run examples/product-quality --data /tmp/big --as-of 2026-01-01T00:00 --format json > /dev/null

jira_issues.csv: one resolved Jira issue per row over 2025, spread across --pms product managers; about
one in four issues reopened, with QA's rework cause; about one in two hundred rows has no issue key
(an offline review record). staff.csv lists the product managers and one director.
"""
import argparse, csv, datetime, os, random

CAUSES = ["需求不清", "需求变更", "开发缺陷", "测试环境", ""]
CAUSE_WEIGHTS = [30, 25, 30, 10, 5]
PROJECTS = ["MALL", "PAY", "OPS", "CRM", "APP", "DATA"]
TESTERS = ["测试-赵磊", "测试-孙悦", "测试-周宁", "测试-吴迪", "测试-郑洁", "测试-冯涛"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--pms", type=int, default=200, help="number of product managers")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20250701)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    pms = [f"产品经理{i:04d}" for i in range(a.pms)]
    # Each PM has a quality level of their own, so some of them miss the target month after month.
    skill = {pm: rnd.uniform(0.55, 0.95) for pm in pms}
    pm_index = {pm: i for i, pm in enumerate(pms)}
    start = datetime.datetime(2025, 1, 1, 9, 0)
    span = 365 * 24 * 3600
    counters = {p: 1000 for p in PROJECTS}
    with open(os.path.join(a.out, "jira_issues.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["issue_key", "requirement", "product_manager", "summary", "reopened_count", "rework_cause",
                    "resolved_by", "resolved_at"])
        for i in range(a.rows):
            pm = pms[rnd.randrange(len(pms))]
            project = PROJECTS[pm_index[pm] % len(PROJECTS)]
            counters[project] += 1
            key = "" if rnd.random() < 0.005 else f"{project}-{counters[project]}"
            requirement = f"REQ-{pm_index[pm]:04d}-{rnd.randrange(40):02d}"
            if rnd.random() < skill[pm]:
                reopened, cause = 0, ""
            else:
                reopened = rnd.choice([1, 1, 1, 2, 2, 3])
                cause = rnd.choices(CAUSES, CAUSE_WEIGHTS)[0]
            at = start + datetime.timedelta(seconds=rnd.randrange(span))
            w.writerow([key, requirement, pm, f"需求工单{i}", reopened, cause, rnd.choice(TESTERS),
                        at.strftime("%Y-%m-%dT%H:%M")])
    with open(os.path.join(a.out, "staff.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["employee_id", "name", "title", "department"])
        for i, pm in enumerate(pms):
            w.writerow([f"E{10000 + i}", pm, "产品经理", f"产品部{i % 6}"])
        w.writerow(["E09999", "刘洋", "产品总监", "产品中心"])


if __name__ == "__main__":
    main()
