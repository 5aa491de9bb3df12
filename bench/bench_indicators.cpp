// Indicator benchmark (issues 3 and 5): generated inspection rows, measured side by side in one run on
// the same rows:
//   1. CSV ingest rows/s (the real reader, from a generated file),
//   2. the filtered ratio per batch per day (bench/common.h, kDefectRate) computed by
//      - the JIT's compiled kernels (compile time reported on its own),
//      - the interpreter,
//      - hand-written C++ loops over the same columns, compiled with -O3 -march=native (the practical
//        limit: dense counters per batch x day, and a hash map as a generic group-by does),
//      - SQLite running the equivalent SQL on the same rows (in memory, query time only),
//      - DuckDB running the equivalent SQL on the same CSV with 1 and 2 threads, the day as UTC+8 (as
//        SQLite's) and through the time zone (bench/duckdb, run with node when bench/duckdb/node_modules
//        exists: `npm ci --prefix bench/duckdb`),
//   3. a table of ratios: every contender's time over the JIT's, against the targets of issue 5.
// Every contender's result is checked against the interpreter's (number of groups and a checksum over
// all values); the program exits 1 when one differs.
// Usage: bench_indicators [rows=10000000] [batches=10000] [workdir=/tmp/jixiao-bench]
// Environment: JIXIAO_BENCH_NO_DUCKDB=1 skips DuckDB; JIXIAO_BENCH_REPS (default 3) runs per measurement;
// JIXIAO_BENCH_ENGINES_ONLY=1 times only the two engines and the dense loop (for profiling changes to them).
// Times are CPU time of the measuring thread (DuckDB: of its process) and wall-clock time, best of the
// runs. Prints Markdown; docs/benchmarks.md records the numbers with the machine they came from.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench/common.h"
#include "bench/hand_loop.h"
#include "bench/sqlite_copy.h"
#include "compiler/jit/jit.h"
#include "runtime/time/time.h"

using namespace jixiao;
using namespace jixiao::bench;

#ifndef JIXIAO_BENCH_DIR
#define JIXIAO_BENCH_DIR "bench"
#endif

namespace {

// The checksum: sum of value x (batch number + 1) x (local day - 20000).
double weight_of(long batch, long long day) {
  return static_cast<double>(batch + 1) * static_cast<double>(day - 20000);
}

Check check_of(const rt::RunResult& r, const rt::TimeZone& tz) {
  Check c;
  const rt::IndicatorValues& values = r.values[0];
  for (size_t k = 0; k < values.size(); ++k) {
    if (!values.value.is_valid(k)) continue;
    ++c.groups;
    long long day = tz.to_local(values.period_start[k]) / rt::kMicrosPerDay;
    c.checksum += values.value.f64[k] * weight_of(std::stol(values.entity[0].at(k).str.substr(1)), day);
  }
  return c;
}

Check check_of(const std::vector<GroupValue>& values, const rt::Column& batch) {
  Check c;
  for (const auto& g : values) {
    ++c.groups;
    c.checksum += g.value * weight_of(std::stol(batch.dict()[g.batch].substr(1)), g.day);
  }
  return c;
}

// The number after "key": in one line of JSON (the DuckDB script's output); NaN when absent.
double json_number(const std::string& line, const std::string& key) {
  auto at = line.find("\"" + key + "\":");
  return at == std::string::npos ? NAN : std::strtod(line.c_str() + at + key.size() + 3, nullptr);
}

// The text after "key":" in one line of JSON.
std::string json_text(const std::string& line, const std::string& key) {
  auto at = line.find("\"" + key + "\":\"");
  if (at == std::string::npos) return {};
  at += key.size() + 4;
  return line.substr(at, line.find('"', at) - at);
}

struct DuckDbQuery {
  std::string form;  // "utc+8": the day as UTC + 8h (as SQLite's); "zone": through the time zone (ICU)
  int threads = 0;
  Times t;
  Check check;
  std::string name() const {
    return "DuckDB, " + std::to_string(threads) + " thread(s), day " + (form == "zone" ? "by time zone" : "as UTC+8");
  }
};

struct DuckDbRun {
  bool ran = false;
  std::string version;
  Times load;
  std::vector<DuckDbQuery> queries;
};

DuckDbRun run_duckdb(const std::filesystem::path& csv, int reps) {
  DuckDbRun out;
  std::filesystem::path dir = JIXIAO_BENCH_DIR "/duckdb";
  const char* skip = std::getenv("JIXIAO_BENCH_NO_DUCKDB");
  if ((skip && *skip && std::string(skip) != "0") || !std::filesystem::exists(dir / "node_modules/@duckdb/node-api") ||
      std::system("node --version > /dev/null 2>&1") != 0) {
    std::fprintf(stderr, "DuckDB skipped (needs node and `npm ci` in %s)\n", dir.c_str());
    return out;
  }
  std::string cmd =
      "node '" + (dir / "bench.mjs").string() + "' '" + csv.string() + "' --threads 1,2 --reps " + std::to_string(reps);
  std::fprintf(stderr, "running %s\n", cmd.c_str());
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) {
    std::string line = buf;
    if (line.find("\"what\":\"load\"") != std::string::npos) {
      out.load = {json_number(line, "cpu"), json_number(line, "wall")};
      out.version = json_text(line, "duckdb");
    } else if (line.find("\"what\":\"query\"") != std::string::npos) {
      out.queries.push_back({json_text(line, "form"),
                             static_cast<int>(json_number(line, "threads")),
                             {json_number(line, "cpu"), json_number(line, "wall")},
                             {static_cast<size_t>(json_number(line, "groups")), json_number(line, "checksum")}});
    }
  }
  out.ran = pclose(p) == 0 && !out.queries.empty();
  if (!out.ran) std::fprintf(stderr, "DuckDB failed\n");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  size_t rows = argc > 1 ? std::stoull(argv[1]) : 10'000'000;
  size_t batches = argc > 2 ? std::stoull(argv[2]) : 10'000;
  std::filesystem::path dir = argc > 3 ? argv[3] : "/tmp/jixiao-bench";
  int reps = reps_from_env();
  std::filesystem::path csv = ensure_inspections_csv(dir, rows, batches);

  Project project = load_project(std::string(kInspectionsSource) + kDefectRate);
  const rt::TimeZone& tz = project.tz;
  double load_before = load_average();

  // 1. ingest
  rt::Dataset data;
  const char* engines_only_env = std::getenv("JIXIAO_BENCH_ENGINES_ONLY");
  bool engines_only = engines_only_env && *engines_only_env && std::string(engines_only_env) != "0";
  Times ingest;
  if (!engines_only) ingest = best_of(1, [&] { data = rt::load_data_dir(project.plan, dir, tz); });
  // As `jixiao run` reads it by default on two cores: rows appended by two threads (wall time is what counts).
  Times ingest2 = best_of(1, [&] { data = rt::load_data_dir(project.plan, dir, tz, 2); });
  const rt::Table& t = data.tables[0];
  const size_t n = t.rows();
  rt::Micros as_of = rt::latest_event_time(project.plan, data.tables, tz).value_or(0);

  // 2a. the JIT: compile time (cold, no cache)
  auto created = jit::Jit::create();
  if (!created.ok()) {
    std::fprintf(stderr, "no JIT: %s\n", created.error().c_str());
    return 1;
  }
  auto session = std::move(created).value();
  std::unique_ptr<jit::ProgramKernels> kernels;
  Times compile = best_of(1, [&] { kernels = session->compile(project.plan, tz, jit::JitOptions{}); });
  if (kernels->compiled_count() != 1) {
    std::fprintf(stderr, "defect_rate was not compiled: %s\n",
                 kernels->notes().empty() ? "" : kernels->notes()[0].reason.c_str());
    return 1;
  }

  // 2b. the JIT kernels and the interpreter, in turn
  EngineTimes engines = evaluate_both(project, data.tables, as_of, kernels.get(), reps);
  const Times& jit_t = engines.jit;
  const Times& interp_t = engines.interpreter;

  // 2c. the hand-written loops (bench/hand_loop.cpp, -O3 -march=native)
  HandLoopInput in;
  in.rows = n;
  in.batch = t.columns[1].codes.data();
  in.batches = static_cast<int32_t>(t.columns[1].dict().size());
  in.line_valid = t.columns[2].valid.data();
  in.line = t.columns[2].codes.data();
  in.excluded_line = t.columns[2].code_of("L00");
  in.when = t.columns[3].i64.data();
  in.utc_offset_us = int64_t(tz.offset_at(as_of)) * rt::kMicrosPerSecond;  // Asia/Shanghai: no daylight saving
  in.result_valid = t.columns[4].valid.data();
  in.result = t.columns[4].codes.data();
  in.ng = t.columns[4].code_of("NG");
  std::vector<GroupValue> dense, hashed;
  Times dense_t = best_of(reps, [&] { dense = hand_loop_dense(in); });
  Times hash_t = best_of(reps, [&] { hashed = hand_loop_hash(in); });
  if (engines_only) {
    bool same = check_of(engines.jit_result, tz).same_as(check_of(engines.interpreter_result, tz));
    std::printf("JIT %.3f s, interpreter %.3f s, dense loop %.3f s (CPU, best of %d); results %s\n", jit_t.cpu,
                interp_t.cpu, dense_t.cpu, reps, same ? "match" : "DIFFER");
    return same ? 0 : 1;
  }

  // 2d. SQLite: the same rows loaded into an in-memory table (timed on its own), then the query
  Times sqlite_load;
  sqlite3* db =
      sqlite_copy(t, "inspections", {{"batch_id", 1}, {"line", 2}, {"inspected_at", 3}, {"result", 4}}, sqlite_load);
  // Asia/Shanghai is UTC+8 all year, so '+8 hours' is its local day.
  const std::string sql =
      "SELECT batch_id, date(inspected_at, 'unixepoch', '+8 hours') AS day, "
      "CAST(SUM(result = 'NG') AS REAL) / COUNT(*) AS value FROM inspections WHERE line != 'L00' GROUP BY batch_id, "
      "day";
  size_t sql_rows = 0;
  Times sqlite_t = best_of(reps, [&] {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr);
    sql_rows = 0;
    while (sqlite3_step(q) == SQLITE_ROW) ++sql_rows;
    sqlite3_finalize(q);
  });
  Check sqlite_check;
  {
    std::string check_sql =
        "SELECT COUNT(*), SUM(value * (CAST(substr(batch_id, 2) AS INTEGER) + 1) * "
        "(CAST(julianday(day) - 2440587.5 AS INTEGER) - 20000)) FROM (" +
        sql + ")";
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, check_sql.c_str(), -1, &q, nullptr);
    if (sqlite3_step(q) == SQLITE_ROW)
      sqlite_check = {static_cast<size_t>(sqlite3_column_int64(q, 0)), sqlite3_column_double(q, 1)};
    sqlite3_finalize(q);
  }
  sqlite3_close(db);

  // 2e. DuckDB (node), on the same CSV file
  DuckDbRun duck = run_duckdb(csv, reps);
  double load_after = load_average();

  // ---- checks ----------------------------------------------------------------------------------------
  Check reference = check_of(engines.interpreter_result, tz);
  std::vector<std::pair<std::string, Check>> checks = {{"JIT", check_of(engines.jit_result, tz)},
                                                       {"hand loop (dense)", check_of(dense, t.columns[1])},
                                                       {"hand loop (hash map)", check_of(hashed, t.columns[1])},
                                                       {"SQLite", sqlite_check}};
  for (const auto& q : duck.queries) checks.push_back({q.name(), q.check});
  bool all_same = sql_rows == reference.groups;
  for (auto& [name, c] : checks) {
    if (c.same_as(reference)) continue;
    all_same = false;
    std::fprintf(stderr, "MISMATCH: %s has %zu groups, checksum %.9g; the interpreter %zu, %.9g\n", name.c_str(),
                 c.groups, c.checksum, reference.groups, reference.checksum);
  }

  // ---- report ----------------------------------------------------------------------------------------
  auto mrows = [&](double s) { return static_cast<double>(n) / s / 1e6; };
  std::printf("rows: %zu, batches: %zu, groups: %zu (checksum %.6f), every contender's result %s the interpreter's\n",
              n, batches, reference.groups, reference.checksum, all_same ? "matches" : "DOES NOT match");
  std::printf("host: %s; load average %.2f before, %.2f after; best of %d\n\n", session->host().c_str(), load_before,
              load_after, reps);
  std::printf("| measurement | CPU time (s) | wall time (s) | M rows/s (CPU) |\n|---|---|---|---|\n");
  std::printf("| CSV ingest (%.0f MB file) | %.2f | %.2f | %.2f |\n",
              static_cast<double>(std::filesystem::file_size(csv)) / 1e6, ingest.cpu, ingest.wall, mrows(ingest.cpu));
  std::printf("| CSV ingest, 2 threads (CPU of the calling thread) | %.2f | %.2f | |\n", ingest2.cpu, ingest2.wall);
  std::printf("| JIT compile of the rule (cold, no cache) | %.4f | %.4f | |\n", compile.cpu, compile.wall);
  std::printf("| JIT kernels | %.3f | %.3f | %.1f |\n", jit_t.cpu, jit_t.wall, mrows(jit_t.cpu));
  std::printf("| interpreter | %.3f | %.3f | %.1f |\n", interp_t.cpu, interp_t.wall, mrows(interp_t.cpu));
  std::printf("| hand-written loop, dense counters (-O3 -march=native) | %.3f | %.3f | %.1f |\n", dense_t.cpu,
              dense_t.wall, mrows(dense_t.cpu));
  std::printf("| hand-written loop, hash map (-O3 -march=native) | %.3f | %.3f | %.1f |\n", hash_t.cpu, hash_t.wall,
              mrows(hash_t.cpu));
  std::printf("| SQLite %s: load into memory (not compared) | %.2f | %.2f | |\n", sqlite3_libversion(), sqlite_load.cpu,
              sqlite_load.wall);
  std::printf("| SQLite: query | %.3f | %.3f | %.1f |\n", sqlite_t.cpu, sqlite_t.wall, mrows(sqlite_t.cpu));
  if (duck.ran) {
    std::printf("| DuckDB %s: load the CSV, 2 threads (not compared; CPU of the process) | %.2f | %.2f | |\n",
                duck.version.c_str(), duck.load.cpu, duck.load.wall);
    for (const auto& q : duck.queries)
      std::printf("| %s: query (CPU of the process) | %.3f | %.3f | %.1f |\n", q.name().c_str(), q.t.cpu, q.t.wall,
                  mrows(q.t.cpu));
  }

  // The targets of the end-to-end issue (13); SQLite's is the JIT issue's (5).
  std::vector<Contender> others = {{"hand-written loop, dense counters", dense_t, 0.5},
                                   {"hand-written loop, hash map", hash_t},
                                   {"interpreter", interp_t, 3},
                                   {"SQLite", sqlite_t, 20}};
  // The target is against DuckDB with the day as UTC+8, as SQLite's query and the hand loop compute it.
  for (const auto& q : duck.queries)
    others.push_back({q.name(), q.t, q.threads == 2 && q.form != "zone" ? 1.5 : 0.0, q.threads == 2});
  print_ratio_table("Ratios: the contender's time over the JIT's (above 1: the JIT is faster).", jit_t, others);
  return all_same ? 0 : 1;
}
