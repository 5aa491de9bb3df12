#!/usr/bin/env python3
"""docs_tables.py JIXIAO DOC [--write]: the generated tables of DOC (between `<!-- generated: X -->` and
`<!-- end generated: X -->`) must equal `jixiao reference X`. Exit 1 and say which differ, unless
--write, which rewrites them."""
import re, subprocess, sys

def main():
    binary, doc = sys.argv[1], sys.argv[2]
    write = "--write" in sys.argv[3:]
    text = open(doc, encoding="utf-8").read()
    stale = []
    def replace(m):
        name = m.group(1)
        table = subprocess.run([binary, "reference", name], capture_output=True, text=True, check=True).stdout
        if m.group(2) != table:
            stale.append(name)
        return f"<!-- generated: {name} -->\n{table}<!-- end generated: {name} -->"
    new = re.sub(r"<!-- generated: (\w+) -->\n(.*?)<!-- end generated: \1 -->", replace, text, flags=re.S)
    if write:
        open(doc, "w", encoding="utf-8").write(new)
        return 0
    if stale:
        print(f"{doc}: the generated tables {', '.join(stale)} are out of step with the registries; "
              f"run scripts/docs_tables.py build/jixiao {doc} --write")
        return 1
    print(f"{doc}: generated tables in step")
    return 0

if __name__ == "__main__":
    sys.exit(main())
