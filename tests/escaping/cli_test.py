#!/usr/bin/env python3
"""Outputs that reach people or other programs (issue 11): each case runs the built `jixiao` on a small
project written to a temporary folder and checks what comes out.

    cli_test.py JIXIAO CASE      (CASE: a function name below without `case_`)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cli_cases  # noqa: E402
from cli_cases import expect, run, write  # noqa: E402

RULES = """project hostile { timezone "UTC" }

source events {
  time      at
  evidence  event_id
  actor     actor

  event_id: string required
  case_id:  string required
  stage:    string required
  actor:    string
  at:       timestamp required
  delta:    number
}

chain flow {
  from  events
  case  case_id
  step  stage

  node opened { owner ops }
  node closed { owner ops; within 2h }
}

indicator balance {
  from   events
  value  sum(delta)
  by     case_id
}
"""

# Case ids and actors a spreadsheet would take for formulas; `-1e-3` and the deltas are numbers.
EVENTS = """event_id,case_id,stage,actor,at,delta
E1,"=HYPERLINK(""http://x.invalid"")",opened,@SUM(A1),2025-07-07T09:00,-3.5
E2,"=HYPERLINK(""http://x.invalid"")",closed,+cmd,2025-07-07T10:00,0
E3,-2+3,opened,-1e-3,2025-07-07T09:00,1
E4,\tT,opened,\rR,2025-07-07T09:00,2
"""


# ---- run --format csv: no formula cells (OWASP), numbers stay numbers -----------------------------

def case_csv_formula_cells(jixiao, tmp):
    write(os.path.join(tmp, "p", "rules.perf"), RULES)
    write(os.path.join(tmp, "p", "data", "events.csv"), EVENTS)
    code, out, err = run(jixiao, "run", os.path.join(tmp, "p"), "--data", os.path.join(tmp, "p", "data"),
                         "--format", "csv", "--as-of", "2025-07-08T00:00")
    expect(code == 0, f"exit {code}", err)
    lines = out.split("\n")
    # A text cell that starts a formula gets a ' and quotes (a quote in it doubled as CSV does).
    expect('flow,"\'=HYPERLINK(""http://x.invalid"")",opened,' in out, "a case id starting with =", out)
    expect(out.count(',"\'@SUM(A1)"') == 1 and out.count(',"\'+cmd"') == 1, "actors starting with @ and +", out)
    expect('flow,"\'-2+3",opened,' in out, "a case id starting with - that is no number", out)
    expect('flow,"\'\tT",opened,' in out and ',"\'\rR"' in out, "cells starting with tab and carriage return", out)
    # Numbers as a whole stay numbers: a value of -3.5 and an actor `-1e-3`.
    expect('balance,"case_id==HYPERLINK(""http://x.invalid"")",all,-3.5,' in out, "a negative value stays a number", out)
    expect(any(l.startswith('flow,"\'-2+3",opened,') and l.endswith(",E3,-1e-3") for l in lines), "a numeric actor", out)
    # Entity cells start with the column name: nothing to neutralise.
    expect("balance,case_id=-2+3,all,1.0," in out, "an entity cell", out)


# ---- `given S from`: fixtures inside the project folder only --------------------------------------

GIVEN_RULES = """project p { timezone "UTC" }

source people {
  time  at
  id:   string required
  at:   timestamp required
}

indicator headcount {
  from   people
  value  count()
}

test "fixture" {
  as_of  2025-07-08T00:00
  given  people from "%s"
  expect headcount == 1
}
"""
PEOPLE = "id,at\nP1,2025-07-07T09:00\n"


def given_project(tmp, fixture):
    project = os.path.join(tmp, "project")
    write(os.path.join(project, "rules.perf"), GIVEN_RULES % fixture)
    write(os.path.join(project, "fixtures", "people.csv"), PEOPLE)
    write(os.path.join(tmp, "outside.csv"), PEOPLE)
    return project


def case_given_inside(jixiao, tmp):
    project = given_project(tmp, "fixtures/../fixtures/people.csv")
    code, out, err = run(jixiao, "test", project)
    expect(code == 0 and "1 passed" in out, f"exit {code}", out + err)


def case_given_parent_folder(jixiao, tmp):
    project = given_project(tmp, "../outside.csv")
    code, out, err = run(jixiao, "test", project)
    expect(code == 1, f"exit {code}", out + err)
    expect('rules.perf:16: the fixture "../outside.csv" is outside the project folder' in out + err,
           "the message names the path and the line", out + err)


def case_given_absolute(jixiao, tmp):
    project = given_project(tmp, os.path.join(tmp, "outside.csv"))
    code, out, err = run(jixiao, "test", project)
    expect(code == 1 and "is outside the project folder" in out + err, f"exit {code}", out + err)


def case_given_symlink_out(jixiao, tmp):
    project = given_project(tmp, "fixtures/link.csv")
    os.symlink(os.path.join(tmp, "outside.csv"), os.path.join(project, "fixtures", "link.csv"))
    code, out, err = run(jixiao, "test", project)
    expect(code == 1 and '"fixtures/link.csv" is outside the project folder' in out + err, f"exit {code}", out + err)



if __name__ == "__main__":
    cli_cases.main(globals())
