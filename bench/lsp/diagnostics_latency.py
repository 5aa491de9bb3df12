#!/usr/bin/env python3
"""How long after the debounce the diagnostics of a 2,000-line file arrive.

Starts the real `jixiao lsp`, opens a generated 2,000-line project file, then edits it the way a
user does (one keystroke, or a burst of keystrokes 40 ms apart) and times each edit's
publishDiagnostics from the last keystroke. The debounce is part of that time by design; what is
reported is the time beyond it. A run with debounce 0 gives the raw analysis time (parse + check
of the whole file, plus the round trip).

    bench/lsp/diagnostics_latency.py build/jixiao [--debounce-ms 200] [--runs 30]
"""
import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time


BLOCK = '''/// Inspection results of plant {i}.
source insp_{i} "电芯抽检记录{i}" {{
  system    "MES"
  time      inspected_at
  evidence  record_id
  actor     inspector

  record_id:     string  required
  batch_id:      string  required
  line:          string
  inspector:     string
  inspected_at:  timestamp required
  result:        enum(OK, NG)
  temperature:   number
  scrap_cost:    number cny
}}

/// Share of sampled cells that fail inspection.
indicator defect_rate_{i} "电芯抽检不良率{i}" {{
  from      insp_{i}
  where     line != "pilot" and temperature > 20
  value     count(where result == NG) / count()
  by        batch_id
  every     day
  unit      percent
  target    <= 0.5%
  evidence  at least 1
}}

indicator scrap_{i} {{
  from   insp_{i}
  value  sum(scrap_cost where result == NG)
  by     batch_id
  every  day
  unit   cny
}}

alert defect_spike_{i} "不良率超标{i}" {{
  when      defect_rate_{i} > 0.8% and scrap_{i} > 100
  severity  critical
  message   "批次 {{batch_id}} 不良率 {{defect_rate_{i}}}"
}}

chain flow_{i} {{
  from  insp_{i}
  case  batch_id
  step  line
  node a {{ owner op; within 2h }}
  node b {{ owner op; within 4h }}
}}
'''


def project_text(lines_wanted=2000):
    lines = ['project big "大项目" {', '  timezone  "Asia/Shanghai"', '}', '']
    i = 0
    while True:
        block = BLOCK.format(i=i).split('\n')
        if len(lines) + len(block) > lines_wanted:
            break
        lines += block
        i += 1
    # Whole declarations only (a cut one would be an error); comments make up the count.
    lines += ['// filler'] * (lines_wanted - len(lines))
    return '\n'.join(lines) + '\n'


class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, 'lsp'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buf = b''
        self.next_id = 1

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.p.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
        self.p.stdin.flush()

    def read(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            end = self.buf.find(b'\r\n\r\n')
            if end >= 0:
                length = int(self.buf[:end].split(b':')[1])
                if len(self.buf) >= end + 4 + length:
                    body = self.buf[end + 4:end + 4 + length]
                    self.buf = self.buf[end + 4 + length:]
                    return json.loads(body)
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.p.stdout], [], [], left)[0]:
                raise TimeoutError('no message from the server')
            chunk = os.read(self.p.stdout.fileno(), 1 << 20)
            if not chunk:
                raise EOFError('the server ended')
            self.buf += chunk

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({'jsonrpc': '2.0', 'id': rid, 'method': method, 'params': params})
        while True:
            m = self.read(30)
            if m.get('id') == rid:
                return m

    def notify(self, method, params):
        self.send({'jsonrpc': '2.0', 'method': method, 'params': params})

    def diagnostics(self, uri, version, timeout=10):
        while True:
            m = self.read(timeout)
            p = m.get('params', {})
            if m.get('method') == 'textDocument/publishDiagnostics' and p.get('uri') == uri and p.get('version') == version:
                return time.monotonic(), p['diagnostics']


def measure(binary, debounce_ms, runs, burst):
    folder = tempfile.mkdtemp(prefix='jixiao-lsp-bench-')
    path = os.path.join(folder, 'big.perf')
    text = project_text()
    with open(path, 'w') as f:
        f.write(text)
    uri = 'file://' + path
    s = Server(binary)
    s.request('initialize', {'rootUri': 'file://' + folder, 'capabilities': {},
                             'initializationOptions': {'diagnosticsDelayMs': debounce_ms}})
    s.notify('initialized', {})
    s.notify('textDocument/didOpen', {'textDocument': {'uri': uri, 'languageId': 'perf', 'version': 1, 'text': text}})
    _, first = s.diagnostics(uri, 1, timeout=30)
    assert first == [], first
    # `where     line` on line 25 (0-based): typing turns `line` into `lines` (an unknown column) and back.
    target_line = next(i for i, l in enumerate(text.split('\n')) if l.startswith('  where     line'))
    version = 1
    beyond = []
    warmup = 2  # the parser's prediction cache fills on the first edits
    for run in range(runs + warmup):
        edits = burst if run % 2 == 0 else 1
        for k in range(edits):
            version += 1
            broken = (version % 2 == 0)
            change = {'range': {'start': {'line': target_line, 'character': 16}, 'end': {'line': target_line, 'character': 16 if broken else 17}},
                      'text': 's' if broken else ''}
            s.notify('textDocument/didChange', {'textDocument': {'uri': uri, 'version': version}, 'contentChanges': [change]})
            sent = time.monotonic()
            if k + 1 < edits:
                time.sleep(0.04)
        arrived, diags = s.diagnostics(uri, version)
        expect_error = version % 2 == 0
        assert bool(diags) == expect_error, (version, diags)
        if run >= warmup:
            beyond.append((arrived - sent) * 1000 - debounce_ms)
        time.sleep(0.05)
    s.request('shutdown', None)
    s.notify('exit', None)
    s.p.wait(timeout=10)
    return beyond


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('jixiao')
    ap.add_argument('--debounce-ms', type=int, default=200)
    ap.add_argument('--runs', type=int, default=30)
    ap.add_argument('--burst', type=int, default=5, help='keystrokes per burst (every other run)')
    args = ap.parse_args()
    for debounce in (args.debounce_ms, 0):
        ms = sorted(measure(args.jixiao, debounce, args.runs, args.burst))
        label = f'debounce {debounce} ms' + (' (raw analysis + round trip)' if debounce == 0 else '')
        print(f'{label}: diagnostics of a 2,000-line file arrive, beyond the debounce, '
              f'median {statistics.median(ms):.1f} ms, p90 {ms[int(len(ms) * 0.9) - 1]:.1f} ms, max {ms[-1]:.1f} ms '
              f'({len(ms)} runs)')


if __name__ == '__main__':
    sys.exit(main())
