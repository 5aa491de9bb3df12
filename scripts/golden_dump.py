#!/usr/bin/env python3
"""golden_dump.py JIXIAO KIND CASE_DIR: `jixiao dump KIND CASE_DIR` must print CASE_DIR/expected.txt.
With JIXIAO_UPDATE_GOLDENS=1 the expectation is rewritten instead: read the diff before committing it."""
import difflib, os, subprocess, sys

def main():
    binary, kind, case = sys.argv[1], sys.argv[2], sys.argv[3].rstrip("/")
    # Run inside the case folder, so that the file paths `dump ast` prints do not depend on the checkout.
    p = subprocess.run([os.path.abspath(binary), "dump", kind, "."], cwd=case, capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stderr)
        print(f"{case}: dump {kind} exited {p.returncode}")
        return 1
    expected_path = os.path.join(case, "expected.txt")
    if os.environ.get("JIXIAO_UPDATE_GOLDENS") == "1":
        open(expected_path, "w", encoding="utf-8").write(p.stdout)
        print(f"{case}: expectation rewritten")
        return 0
    expected = open(expected_path, encoding="utf-8").read()
    if expected == p.stdout:
        print(f"{case}: as expected")
        return 0
    sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), p.stdout.splitlines(True), "expected", "actual"))
    return 1

if __name__ == "__main__":
    sys.exit(main())
