#!/usr/bin/env python3
"""Checks the packaged VS Code extension: vsix_test.py <jixiao-perf-X.vsix> <vscode-extension dir>.

A .vsix is a zip whose extension files sit under extension/. It must hold the manifest, the bundled
client and every file package.json points at (grammar, language configuration, snippets, license),
and nothing of the development tree: no node_modules (the client is bundled, so the bundle may only
require Node's own modules and `vscode`), no TypeScript sources, no build files.
"""
import json
import pathlib
import re
import sys
import zipfile

NODE_BUILTINS = {
    "assert", "buffer", "child_process", "crypto", "dns", "events", "fs", "fs/promises", "http", "https",
    "net", "os", "path", "process", "readline", "stream", "string_decoder", "timers", "tls", "tty", "url",
    "util", "worker_threads", "zlib",
}


def main() -> int:
    vsix, ext_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    failures = []
    manifest = json.loads((ext_dir / "package.json").read_text(encoding="utf-8"))
    expected_name = f"{manifest['name']}-{manifest['version']}.vsix"
    if vsix.name != expected_name:
        failures.append(f"the package is named {vsix.name}, not {expected_name}")
    if not zipfile.is_zipfile(vsix):
        print(f"FAIL: {vsix} is not a zip file (or is missing)")
        return 1
    with zipfile.ZipFile(vsix) as z:
        names = set(z.namelist())

        def rel(p: str) -> str:
            return "extension/" + str(pathlib.PurePosixPath(p.removeprefix("./")))

        contributes = manifest["contributes"]
        required = {"extension.vsixmanifest", "extension/package.json", "extension/readme.md",
                    rel(manifest["main"]), rel(manifest["license"].removeprefix("SEE LICENSE IN "))}
        required |= {rel(lang["configuration"]) for lang in contributes["languages"]}
        required |= {rel(g["path"]) for g in contributes["grammars"]}
        required |= {rel(s["path"]) for s in contributes["snippets"]}
        # The ones the brief names, spelled out, so a package.json edit cannot silently drop them.
        required |= {"extension/out/extension.js", "extension/syntaxes/perf.tmLanguage.json",
                     "extension/language-configuration.json", "extension/snippets/perf.json"}
        for name in sorted(required - names):
            failures.append(f"missing: {name}")

        for name in sorted(names):
            parts = name.split("/")
            if "node_modules" in parts:
                failures.append(f"development packages in the package: {name}")
            elif name.startswith("extension/src/") or (name.endswith(".ts") and not name.endswith(".d.ts")):
                failures.append(f"TypeScript source in the package: {name}")
            elif parts[-1] in ("CMakeLists.txt", "tsconfig.json", "package-lock.json") or name.startswith("extension/cmake/") \
                    or name.startswith("extension/test/") or name.endswith(".map"):
                failures.append(f"build or test file in the package: {name}")

        packaged = json.loads(z.read("extension/package.json"))
        if packaged.get("version") != manifest["version"]:
            failures.append(f"the packaged package.json has version {packaged.get('version')}, the source {manifest['version']}")
        for name in [n for n in names if n.endswith(".json") and n.startswith("extension/")]:
            try:
                json.loads(z.read(name))
            except ValueError as e:
                failures.append(f"{name} is not valid JSON: {e}")
        if "extension/out/extension.js" in names:
            bundle = z.read("extension/out/extension.js").decode("utf-8")
            for module in sorted(set(re.findall(r"""require\(["']([^"']+)["']\)""", bundle))):
                if module != "vscode" and module.removeprefix("node:") not in NODE_BUILTINS:
                    failures.append(f"out/extension.js requires `{module}`, which is not in the package (bundle it)")

    for f in failures:
        print(f"FAIL: {f}")
    if not failures:
        print(f"ok: {vsix.name} holds {len(names)} entries, the required ones and no development files")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
