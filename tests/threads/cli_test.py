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


def case_json_same_for_any_threads(jixiao, tmp):
    data = generate(tmp)
    outputs = {}
    for threads in ("1", "2", "3"):
        code, out, err = run(jixiao, "run", EXAMPLE, "--data", data, "--format", "json", "--threads", threads)
        expect(code == 0, f"--threads {threads}: exit {code}", err)
        outputs[threads] = out
    expect(outputs["1"] == outputs["2"], "--threads 2 printed other records than --threads 1")
    expect(outputs["1"] == outputs["3"], "--threads 3 printed other records than --threads 1")
    records = [json.loads(line) for line in outputs["1"].splitlines()]
    steps = [r for r in records if r["type"] == "step"]
    # The generator writes every lead's submission; the chain has four nodes, so four steps a lead.
    expect(len(steps) == 4 * LEADS, f"{len(steps)} step records, expected {4 * LEADS}")
    keys = [(r["case"], r["node"]) for r in steps]
    expect(len(set(keys)) == len(keys), "a step record was written twice")
    expect(keys == sorted(keys, key=lambda k: (k[0], ["submitted", "screened", "solution", "contract"].index(k[1]))),
           "step records are not in case order, then node order")


def case_threads_out_of_range(jixiao, tmp):
    for bad in ("0", "-1", "lots"):
        code, out, err = run(jixiao, "run", EXAMPLE, "--data", os.path.join(EXAMPLE, "data"), "--threads", bad)
        expect(code == 2 and "--threads" in err, f"--threads {bad}: exit {code}", err)


cli_cases.main(globals())
