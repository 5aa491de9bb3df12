"""`--threads` (issue 13): the output does not depend on how many threads write it. The lead-funnel example's
generator makes enough records (four steps a lead) for the JSON writer to split them into several parts per
thread and several rounds."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import cli_cases
from cli_cases import expect, run

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(REPO, "examples", "lead-funnel")
LEADS = 20000


def generate(tmp):
    data = os.path.join(tmp, "data")
    subprocess.run([sys.executable, os.path.join(EXAMPLE, "generate.py"), "--leads", str(LEADS), "--out", data],
                   check=True, capture_output=True)
    return data


def outputs_by_threads(jixiao, data, fmt):
    """`run --format fmt` with 1, 2 and 3 threads: the three outputs, which must be the same."""
    outputs = {}
    for threads in ("1", "2", "3"):
        code, out, err = run(jixiao, "run", EXAMPLE, "--data", data, "--format", fmt, "--threads", threads)
        expect(code == 0, f"--threads {threads}: exit {code}", err)
        outputs[threads] = out
    expect(outputs["1"] == outputs["2"], f"--threads 2 printed other {fmt} than --threads 1")
    expect(outputs["1"] == outputs["3"], f"--threads 3 printed other {fmt} than --threads 1")
    return outputs["1"]


def case_json_same_for_any_threads(jixiao, tmp):
    records = [json.loads(line) for line in outputs_by_threads(jixiao, generate(tmp), "json").splitlines()]
    steps = [r for r in records if r["type"] == "step"]
    # The generator writes every lead's submission; the chain has four nodes, so four steps a lead.
    expect(len(steps) == 4 * LEADS, f"{len(steps)} step records, expected {4 * LEADS}")
    keys = [(r["case"], r["node"]) for r in steps]
    expect(len(set(keys)) == len(keys), "a step record was written twice")
    expect(keys == sorted(keys, key=lambda k: (k[0], ["submitted", "screened", "solution", "contract"].index(k[1]))),
           "step records are not in case order, then node order")


def case_csv_same_for_any_threads(jixiao, tmp):
    """CSV parts start inside a section: each must take up the section's header without writing it again."""
    text = outputs_by_threads(jixiao, generate(tmp), "csv")
    lines = text.split("\n")
    sections = [line for line in lines if line.startswith("# ")]
    expect(sections == ["# ingest", "# indicator", "# step", "# alert"], f"sections: {sections}")
    step_header = lines.index("# step") + 1
    step_rows = lines[step_header + 1:lines.index("", step_header)]
    expect(len(step_rows) == 4 * LEADS, f"{len(step_rows)} step rows, expected {4 * LEADS}")
    expect(text.endswith("\n\n"), "the last section ends with a blank line")


def case_table_same_for_any_threads(jixiao, tmp):
    """The threads measure the columns side by side: the widths must be merged before any part is printed."""
    text = outputs_by_threads(jixiao, generate(tmp), "table")
    tables = [t.split("\n") for t in text.rstrip("\n").split("\n\n")]
    headers = [t[0].split()[0] for t in tables]
    expect(headers == ["source", "indicator", "chain", "alert"], f"tables: {headers}")
    expect(len(tables[2]) - 1 == 4 * LEADS, f"{len(tables[2]) - 1} step rows, expected {4 * LEADS}")
    for table in tables:
        header = table[0]
        starts = [i for i in range(1, len(header)) if header[i] != " " and header[i - 1] == " "]
        for row in table[1:]:
            for at in starts:
                expect(at < len(row) and row[at - 1] == " " and row[at - 2] == " ",
                       f"a row of the {table[0].split()[0]} table is not aligned under its header:\n{header}\n{row}")
    expect(text.endswith("\n\n"), "the last table ends with a blank line")


def case_store_same_for_any_threads(jixiao, tmp):
    """With --out the alerts' actions are prepared on a second thread while the values are stored."""
    import sqlite3
    data = generate(tmp)
    dumps = {}
    for threads in ("1", "2"):
        db = os.path.join(tmp, f"results-{threads}.db")
        code, out, err = run(jixiao, "run", EXAMPLE, "--data", data, "--format", "json", "--threads", threads,
                             "--out", db)
        expect(code == 0, f"--threads {threads} --out: exit {code}", err)
        con = sqlite3.connect(db)
        dump = {}
        for table in ("indicator_values", "value_evidence", "alerts", "outbox", "tasks", "reports", "ingest_log"):
            columns = [c[1] for c in con.execute(f"PRAGMA table_info({table})") if c[1] != "created_at"]
            dump[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
        con.close()
        dumps[threads] = dump
    for table, rows in dumps["1"].items():
        expect(rows == dumps["2"][table], f"table {table} differs between --threads 1 and 2")
    # One DingTalk notification per lead screened late or not at all: as many as the alert's records.
    alerts = dumps["1"]["alerts"]
    expect(len(dumps["1"]["outbox"]) == len(alerts) > 0, f"{len(dumps['1']['outbox'])} notifications, {len(alerts)} alerts")


def case_threads_out_of_range(jixiao, tmp):
    for bad in ("0", "-1", "lots"):
        code, out, err = run(jixiao, "run", EXAMPLE, "--data", os.path.join(EXAMPLE, "data"), "--threads", bad)
        expect(code == 2 and "--threads" in err, f"--threads {bad}: exit {code}", err)


cli_cases.main(globals())
