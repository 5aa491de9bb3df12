"""What the command-line case scripts share (tests/hardening, tests/escaping): each script holds
`case_<name>(jixiao, tmp)` functions and ends with `cli_cases.main(globals())`; ctest runs
`script.py JIXIAO NAME` for each case, in a fresh temporary folder."""
import os
import subprocess
import sys
import tempfile


def run(jixiao, *args, timeout=120):
    """Exit code, stdout and stderr of `jixiao args...`; output read as bytes and decoded, so a CR stays a CR."""
    p = subprocess.run([jixiao, *args], capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def expect(cond, what, out=""):
    if not cond:
        print("FAILED:", what)
        if out:
            print(out)
        sys.exit(1)


def write(path, text):
    """Writes `text` as is (no newline translation), making the folders it needs."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(text)


def main(cases):
    jixiao, name = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        cases["case_" + name](jixiao, tmp)
    print("ok", name)
