#!/usr/bin/env python3
"""jit_cli_test.py JIXIAO EXAMPLE_DIR: `jixiao run` with the JIT, twice over a fresh cache folder, against
`--engine interp`. The first run must compile its kernels and cache them, the second must load them and
compile nothing (both say so under --verbose), and all three must print the same records. A project
none of whose indicators the JIT compiles must say why for each, and still print the same records."""
import os, subprocess, sys, tempfile

def run(binary, example, extra, cache):
    env = dict(os.environ, JIXIAO_CACHE_DIR=cache)
    cmd = [binary, "run", example, "--data", os.path.join(example, "data"), "--format", "json"] + extra
    as_of = os.path.join(example, "as_of")
    if os.path.exists(as_of):
        cmd += ["--as-of", open(as_of).read().strip()]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr}")
    return p.stdout, p.stderr

def main():
    binary, example = sys.argv[1], sys.argv[2].rstrip("/")
    with tempfile.TemporaryDirectory() as cache:
        cold, cold_log = run(binary, example, ["--verbose"], cache)
        warm, warm_log = run(binary, example, ["--verbose"], cache)
        interp, interp_log = run(binary, example, ["--engine", "interp", "--verbose"], cache)
    problems = []
    compiled = "` compiled" in cold_log
    if not compiled and "interpreted:" not in cold_log:
        problems.append("the JIT said nothing about the indicators under --verbose:\n" + cold_log)
    # When every indicator is interpreted (each says why) there is nothing to compile or cache.
    if compiled and ("compiled in" not in cold_log or "cached as" not in cold_log):
        problems.append("the first run did not compile and cache its kernels:\n" + cold_log)
    if compiled and ("loaded from the cache" not in warm_log or "compiled in" in warm_log):
        problems.append("the second run compiled instead of loading the cache:\n" + warm_log)
    if "jit:" in interp_log:
        problems.append("--engine interp used the JIT:\n" + interp_log)
    if cold != interp or warm != interp:
        problems.append("the JIT's records differ from the interpreter's")
    for p in problems:
        print(p)
    print(f"{example}: {'ok' if not problems else 'FAILED'}")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
