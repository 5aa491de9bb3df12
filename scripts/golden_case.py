#!/usr/bin/env python3
"""golden_case.py JIXIAO KIND CASE_DIR: one golden case of the command line, tests/golden/KIND/CASE/.

KIND is run, explain, plan or ast (the last two are `jixiao dump plan` and `jixiao dump ast`). The case folder
holds the expectation, its one file named expected.* (expected.txt, expected.json, ...), and either
- `args`: the command's arguments after `jixiao KIND`, one a line, taken as written (no quoting, empty lines
  and lines starting with `#` skipped). The command runs from the repository root, so paths in `args` are
  relative to the repository root: inputs stay where they are (tests/explain, examples/...); or
- no `args`: the case folder is the project, and `jixiao KIND .` runs inside it, so that the file paths the
  output shows do not depend on the checkout.
The command must exit 0 and print the expectation byte for byte (stderr is not compared); on a mismatch the
script prints a unified diff and exits 1. With JIXIAO_UPDATE_GOLDENS=1 the expectation is rewritten instead
(expected.txt if the case has none yet): read the diff before committing it.

The examples' `expected-run.jsonl` are not cases of this script: scripts/golden_run.py compares those records
as JSON values."""
import difflib, glob, os, subprocess, sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMANDS = {"run": ["run"], "explain": ["explain"], "plan": ["dump", "plan"], "ast": ["dump", "ast"]}


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in COMMANDS:
        print(f"usage: golden_case.py JIXIAO {{{','.join(COMMANDS)}}} CASE_DIR", file=sys.stderr)
        return 2
    binary, kind, case = os.path.abspath(sys.argv[1]), sys.argv[2], os.path.abspath(sys.argv[3])
    args_path = os.path.join(case, "args")
    if os.path.exists(args_path):
        with open(args_path, encoding="utf-8") as f:
            lines = [line.rstrip("\r\n") for line in f]
        args, cwd = [line for line in lines if line and not line.startswith("#")], REPO
    else:
        args, cwd = ["."], case
    command = [binary] + COMMANDS[kind] + args
    p = subprocess.run(command, cwd=cwd, capture_output=True)
    shown = " ".join(["jixiao"] + command[1:])
    if p.returncode != 0:
        sys.stdout.write(p.stderr.decode("utf-8", "replace"))
        print(f"{case}: `{shown}` exited {p.returncode}")
        return 1

    expected_paths = sorted(glob.glob(os.path.join(glob.escape(case), "expected.*")))
    if len(expected_paths) > 1:
        print(f"{case}: more than one expectation: {', '.join(map(os.path.basename, expected_paths))}")
        return 1
    if os.environ.get("JIXIAO_UPDATE_GOLDENS") == "1":
        path = expected_paths[0] if expected_paths else os.path.join(case, "expected.txt")
        with open(path, "wb") as f:
            f.write(p.stdout)
        print(f"{path}: rewritten")
        return 0
    if not expected_paths:
        print(f"{case}: no expected.* (JIXIAO_UPDATE_GOLDENS=1 writes expected.txt)")
        return 1
    with open(expected_paths[0], "rb") as f:
        expected = f.read()
    if expected == p.stdout:
        print(f"{case}: as expected")
        return 0
    print(f"{case}: `{shown}` differs from {os.path.basename(expected_paths[0])}")
    for line in difflib.unified_diff(expected.decode("utf-8", "replace").splitlines(True),
                                     p.stdout.decode("utf-8", "replace").splitlines(True), "expected", "actual"):
        sys.stdout.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    if expected.decode("utf-8", "replace").splitlines() == p.stdout.decode("utf-8", "replace").splitlines():
        print("(the lines are equal: the bytes differ in line endings or the last newline)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
