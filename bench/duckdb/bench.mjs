// DuckDB side of bench_indicators: loads the generated inspections CSV into an in-memory DuckDB table
// (timed on its own) and runs the SQL equivalent of the filtered ratio per batch per day
//   where line != "L00", value count(where result == NG) / count(), by batch_id, every day
// (a day is a local day in Asia/Shanghai, as the rule's project says) with 1 and 2 threads, the day
// computed as UTC+8 (as SQLite's query does) and through the time zone.
// The query's groups are materialised in a temporary table, as the other contenders produce theirs.
//
// Usage: node bench.mjs CSV [--threads 1,2] [--reps 3]
// Prints one JSON object per line: {"what":"load",...} then {"what":"query","form":F,"threads":N,...} with the
// best wall-clock and process CPU seconds of `reps` runs, the number of groups and a checksum over all
// values (sum of value x (batch number + 1) x (local day - 20000)), which bench_indicators compares with
// the interpreter's.
import { DuckDBInstance, version } from '@duckdb/node-api';

const args = process.argv.slice(2);
if (args.length < 1) {
  console.error('usage: node bench.mjs CSV [--threads 1,2] [--reps 3]');
  process.exit(2);
}
const csv = args[0];
let threads = [1, 2];
let reps = 3;
for (let i = 1; i < args.length; i += 2) {
  if (args[i] === '--threads') threads = args[i + 1].split(',').map(Number);
  else if (args[i] === '--reps') reps = Number(args[i + 1]);
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
async function timed(fn) {
  const w0 = performance.now();
  const c0 = cpuSeconds();
  const out = await fn();
  return { wall: (performance.now() - w0) / 1e3, cpu: cpuSeconds() - c0, out };
}

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
await db.run("SET TimeZone = 'Asia/Shanghai'");
await db.run('SET threads = 2');

const quoted = "'" + csv.replaceAll("'", "''") + "'";
const load = await timed(() =>
  db.run(`CREATE TABLE inspections AS SELECT * FROM read_csv(${quoted}, header = true, columns = {
      'record_id': 'VARCHAR', 'batch_id': 'VARCHAR', 'line': 'VARCHAR', 'inspected_at': 'TIMESTAMPTZ',
      'result': 'VARCHAR', 'weight': 'DOUBLE', 'took': 'VARCHAR'})`));
const rows = Number((await db.runAndReadAll('SELECT count(*) FROM inspections')).getRows()[0][0]);
console.log(JSON.stringify({ what: 'load', duckdb: version(), rows, threads: 2, wall: load.wall, cpu: load.cpu }));

// The local day two ways: Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so adding 8
// hours to the UTC instant gives its day, as the SQLite query and the hand-written loop do; or through the
// time zone (ICU), as a zone with daylight saving would need. `days` is the day as days since 1970-01-01.
const forms = [
  { form: 'utc+8', day: '(epoch_us(inspected_at) + 28800000000) // 86400000000', days: 'day' },
  { form: 'zone', day: 'CAST(inspected_at AS DATE)', days: "(day - DATE '1970-01-01')" },
];
const query = (f) => `
  SELECT batch_id, ${f.day} AS day, count(*) FILTER (WHERE result = 'NG') / count(*) AS value
  FROM inspections
  WHERE line <> 'L00'
  GROUP BY batch_id, day`;

for (const n of threads) {
  await db.run(`SET threads = ${n}`);
  for (const f of forms) {
    let best = { wall: Infinity, cpu: Infinity };
    for (let r = 0; r < reps; ++r) {
      const t = await timed(() => db.run(`CREATE OR REPLACE TEMP TABLE result AS ${query(f)}`));
      best = { wall: Math.min(best.wall, t.wall), cpu: Math.min(best.cpu, t.cpu) };
    }
    const check = (await db.runAndReadAll(`
      SELECT count(*), sum(value * (CAST(substr(batch_id, 2) AS BIGINT) + 1) * (${f.days} - 20000)) FROM result`)).getRows()[0];
    const first = (await db.runAndReadAll(
      `SELECT batch_id, CAST(${f.days} AS INTEGER), value FROM result ORDER BY batch_id, day LIMIT 3`)).getRows();
    console.log(JSON.stringify({
      what: 'query', form: f.form, threads: n, wall: best.wall, cpu: best.cpu, groups: Number(check[0]),
      checksum: Number(check[1]), first: first.map(([b, d, v]) => [b, d, Number(v)]),
    }));
  }
}
db.closeSync?.();
