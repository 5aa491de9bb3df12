#!/usr/bin/env python3
"""golden_run.py JIXIAO EXAMPLE_DIR [--update]: `jixiao run EXAMPLE --data EXAMPLE/data --format json`
(with --as-of from EXAMPLE/as_of when present) must print exactly EXAMPLE/expected-run.jsonl.
--update rewrites the expectation: read the diff before committing it."""
import os, subprocess, sys

def main():
    binary, example = sys.argv[1], sys.argv[2].rstrip("/")
    cmd = [binary, "run", example, "--data", os.path.join(example, "data"), "--format", "json"]
    as_of = os.path.join(example, "as_of")
    if os.path.exists(as_of):
        cmd += ["--as-of", open(as_of).read().strip()]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stderr)
        print(f"{example}: run exited {p.returncode}")
        return 1
    expected_path = os.path.join(example, "expected-run.jsonl")
    if "--update" in sys.argv[3:]:
        open(expected_path, "w", encoding="utf-8").write(p.stdout)
        return 0
    expected = open(expected_path, encoding="utf-8").read().splitlines()
    actual = p.stdout.splitlines()
    if expected == actual:
        print(f"{example}: {len(actual)} records as expected")
        return 0
    for i in range(max(len(expected), len(actual))):
        e = expected[i] if i < len(expected) else "<none>"
        a = actual[i] if i < len(actual) else "<none>"
        if e != a:
            print(f"line {i + 1}:\n  expected {e}\n  actual   {a}")
            break
    print(f"{example}: output differs from expected-run.jsonl")
    return 1

if __name__ == "__main__":
    sys.exit(main())
