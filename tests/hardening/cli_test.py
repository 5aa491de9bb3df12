#!/usr/bin/env python3
"""Hostile inputs from outside (issue 11): each case runs the built `jixiao` as a user would and checks
the exit code and the message. Exit 3 is for bugs only: never for the user's data, disk or locks.

    cli_test.py JIXIAO CASE      (CASE: a function name below without `case_`)
"""
import json
import os
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import cli_cases  # noqa: E402
from cli_cases import expect, run  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
LEAD_FUNNEL = os.path.join(ROOT, "examples", "lead-funnel")


def lead_events_db(path, rows):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE lead_events (event_id TEXT, lead_id TEXT, stage TEXT, actor TEXT, at TEXT)")
    db.executemany("INSERT INTO lead_events VALUES (?, ?, ?, ?, ?)",
                   [(f"E{i}", f"L{i // 4}", "submitted", "web" + "x" * 200, "2025-07-07T09:00") for i in range(rows)])
    db.commit()
    db.close()


# ---- a SQLite source that cannot be read is an error (exit 1), never an empty or partial run --------

def case_sqlite_not_a_database(jixiao, tmp):
    db = os.path.join(tmp, "x.db")
    with open(db, "w") as f:
        f.write("id,at\n")
    code, out, err = run(jixiao, "run", LEAD_FUNNEL, "--db", db)
    expect(code == 1 and "not a database" in err and out == "", f"exit {code}", err)


def case_sqlite_missing_file(jixiao, tmp):
    code, _, err = run(jixiao, "run", LEAD_FUNNEL, "--db", os.path.join(tmp, "nope.db"))
    expect(code == 2 and "no such database file" in err, f"exit {code}", err)


def case_data_folder_missing(jixiao, tmp):
    code, _, err = run(jixiao, "run", LEAD_FUNNEL, "--data", os.path.join(tmp, "nope"))
    expect(code == 2 and "no such data folder" in err and "internal error" not in err, f"exit {code}", err)


def case_sqlite_partly_corrupt(jixiao, tmp):
    db = os.path.join(tmp, "c.db")
    lead_events_db(db, 5000)
    size = os.path.getsize(db)
    with open(db, "r+b") as f:  # wreck pages in the middle of the table, keep the header and schema
        for page in range(size // 4096 // 2, size // 4096 // 2 + 3):
            f.seek(page * 4096)
            f.write(b"\xff" * 4096)
    code, out, err = run(jixiao, "run", LEAD_FUNNEL, "--db", db, "--format", "json")
    expect(code == 1 and "cannot read source `lead_events`" in err and "row(s) read before the error" in err,
           f"exit {code}", err)
    expect(out == "", "records printed from half the data", out[:500])


def case_sqlite_locked(jixiao, tmp):
    db = os.path.join(tmp, "l.db")
    lead_events_db(db, 10)
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing the database, and not letting go
    try:
        code, out, err = run(jixiao, "run", LEAD_FUNNEL, "--db", db)
    finally:
        holder.rollback()
        holder.close()
    expect(code == 1 and "locked" in err and out == "", f"exit {code}", err)


def case_csv_duplicate_header(jixiao, tmp):
    data = os.path.join(tmp, "data")
    os.makedirs(data)
    with open(os.path.join(data, "lead_events.csv"), "w") as f:
        f.write("event_id,lead_id,stage,at,at\nE1,L1,submitted,2025-07-07T09:00,2025-07-08T09:00\n")
    code, out, err = run(jixiao, "run", LEAD_FUNNEL, "--data", data)
    expect(code == 1 and "the header names column `at` twice (fields 4 and 5)" in err and out == "", f"exit {code}", err)


def case_markdown_injection(jixiao, tmp):
    # A lead id from the CRM that tries to add a fake heading and a link to the DingTalk group message.
    data = os.path.join(tmp, "data")
    os.makedirs(data)
    evil = '"L2\n#### [critical] 假告警 [点此](http://evil.example)"'
    with open(os.path.join(LEAD_FUNNEL, "data", "lead_events.csv"), encoding="utf-8") as f:
        text = f.read().replace(",L2,", "," + evil + ",")
    with open(os.path.join(data, "lead_events.csv"), "w", encoding="utf-8") as f:
        f.write(text)
    store = os.path.join(tmp, "r.db")
    code, _, err = run(jixiao, "run", LEAD_FUNNEL, "--data", data, "--out", store)
    expect(code == 0, f"exit {code}", err)
    db = sqlite3.connect(store)
    bodies = [json.loads(p)["markdown"]["text"] for (p,) in db.execute("SELECT payload FROM outbox WHERE kind = 'dingtalk'")]
    db.close()
    evil_bodies = [b for b in bodies if "evil.example" in b]
    expect(len(evil_bodies) == 1, f"the alert for the hostile lead is missing: {bodies}")
    body = evil_bodies[0]
    # One heading (the alert's own), no line break from the data, the link and heading marks escaped.
    expect(body.count("\n#") == 0 and body.startswith("#### [warning]"), "a heading from data", body)
    expect("\\#\\#\\#\\# \\[critical\\]" in body and "\\[点此\\](http" in body, "not escaped", body)


def case_terminal_control_characters(jixiao, tmp):
    # A lead id that would clear the screen and set the window title if printed raw in a terminal.
    data = os.path.join(tmp, "data")
    os.makedirs(data)
    with open(os.path.join(LEAD_FUNNEL, "data", "lead_events.csv"), encoding="utf-8") as f:
        text = f.read().replace(",L2,", ",L2\x1b[2J\x1b]0;pwned\x07,")
    with open(os.path.join(data, "lead_events.csv"), "w", encoding="utf-8") as f:
        f.write(text)
    code, out, err = run(jixiao, "run", LEAD_FUNNEL, "--data", data, "--format", "table")
    expect(code == 0, f"exit {code}", err)
    expect("\x1b" not in out and "\x07" not in out, "a control character reached the terminal", repr(out[:300]))
    expect("L2\\x1b[2J\\x1b]0;pwned\\x07" in out, "the id is not shown escaped", out[:2000])


# ---- the results store (`--out`): the environment's failures are exit 1 with a clear message --------

SKIP = 77  # ctest's SKIP_RETURN_CODE for these tests: a mount is not allowed where the test runs


def run_out(jixiao, out, fmt="json"):
    return run(jixiao, "run", LEAD_FUNNEL, "--data", os.path.join(LEAD_FUNNEL, "data"), "--out", out, "--format", fmt)


def stored_runs(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM runs").fetchone()[0]
    finally:
        db.close()


class Mount:
    """A small tmpfs of its own (as root), unmounted also when the test fails."""

    def __init__(self, path, options):
        self.path, self.options = path, options

    def __enter__(self):
        os.makedirs(self.path, exist_ok=True)
        if subprocess.run(["mount", "-t", "tmpfs", "-o", self.options, "tmpfs", self.path],
                          capture_output=True).returncode != 0:
            print("skipped: cannot mount a tmpfs here (not root?)")
            sys.exit(SKIP)
        return self.path

    def __exit__(self, *exc):
        subprocess.run(["umount", self.path])


def case_store_is_a_folder(jixiao, tmp):
    code, out, err = run_out(jixiao, tmp)
    expect(code == 1 and "is a folder" in err and out == "", f"exit {code}", err)


def case_store_read_only(jixiao, tmp):
    with Mount(os.path.join(tmp, "ro"), "ro,size=1m") as ro:
        code, out, err = run_out(jixiao, os.path.join(ro, "results.db"))
    expect(code == 1 and "cannot write the results store" in err and out == "", f"exit {code}", err)


def case_store_disk_full(jixiao, tmp):
    with Mount(os.path.join(tmp, "full"), "size=24k") as full:
        code, out, err = run_out(jixiao, os.path.join(full, "results.db"))
    expect(code == 1 and "cannot write the results store" in err, f"exit {code}", err)
    expect(out == "", "records printed although they were not stored", out[:300])


def case_store_not_ours(jixiao, tmp):
    path = os.path.join(tmp, "crm.db")
    lead_events_db(path, 3)
    code, out, err = run_out(jixiao, path)
    expect(code == 1 and "not a Jixiao results store" in err, f"exit {code}", err)
    db = sqlite3.connect(path)
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
    db.close()
    expect(names == ["lead_events"], f"tables were added to somebody else's database: {names}")
    # An empty database file is fine, and so is a store written before stores were marked.
    empty = os.path.join(tmp, "empty.db")
    sqlite3.connect(empty).close()
    code, _, err = run_out(jixiao, empty)
    expect(code == 0 and stored_runs(empty) == 1, f"exit {code} on an empty database", err)
    db = sqlite3.connect(empty)
    db.execute("PRAGMA application_id = 0")
    db.close()
    code, _, err = run_out(jixiao, empty)
    expect(code == 0 and stored_runs(empty) == 2, f"exit {code} on an unmarked store", err)


def case_store_two_writers(jixiao, tmp):
    path = os.path.join(tmp, "shared.db")
    args = [jixiao, "run", LEAD_FUNNEL, "--data", os.path.join(LEAD_FUNNEL, "data"), "--out", path, "--format", "json"]
    procs = [subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errs = [p.communicate(timeout=120)[1] for p in procs]
    expect(all(p.returncode == 0 for p in procs), "a run failed beside another: " + " | ".join(errs))
    expect(stored_runs(path) == 4, f"{stored_runs(path)} runs stored of 4")


def case_store_locked(jixiao, tmp):
    path = os.path.join(tmp, "held.db")
    code, _, err = run_out(jixiao, path)
    expect(code == 0, "first run", err)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")  # another program keeps the store locked past the busy timeout
    try:
        code, out, err = run_out(jixiao, path)
    finally:
        holder.rollback()
        holder.close()
    expect(code == 1 and "locked by another program" in err and out == "", f"exit {code}", err)


def case_stdout_full(jixiao, tmp):
    with open("/dev/full", "w") as full:
        p = subprocess.run([jixiao, "run", LEAD_FUNNEL, "--data", os.path.join(LEAD_FUNNEL, "data")],
                           stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    expect(p.returncode == 1 and "cannot write the results to standard output" in p.stderr,
           f"exit {p.returncode}", p.stderr)



if __name__ == "__main__":
    cli_cases.main(globals())
