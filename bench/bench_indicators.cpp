// Indicator benchmark (issue 3): generated inspection events, measured side by side in one run:
//   1. CSV ingest rows/s (the real reader, from a generated file),
//   2. the interpreter computing a filtered ratio per batch per day,
//   3. SQLite running the equivalent SQL on the same rows (in memory, query time only),
//   4. a hand-written C++ loop over the same columns (the practical limit).
// Usage: bench_indicators [rows=10000000] [batches=10000] [workdir=/tmp/jixiao-bench]
// Prints a Markdown table; docs/benchmarks.md records the numbers with the machine they came from.
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/frontend/frontend.h"
#include "compiler/plan/plan.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"

using namespace jixiao;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kRules = R"perf(
project bench { timezone "Asia/Shanghai" }
source inspections {
  system    "MES"
  time      inspected_at
  evidence  record_id
  record_id:    string required
  batch_id:     string required
  line:         string
  inspected_at: timestamp required
  result:       enum(OK, NG)
  weight:       number
}
indicator defect_rate {
  from   inspections
  where  line != "L00"
  value  count(where result == NG) / count()
  by     batch_id
  every  day
  unit   percent
}
)perf";

// CPU time of this thread: the measurements stay meaningful on a machine that is busy with other work.
struct CpuTime {
  static double now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
};
double seconds_since(double t0) { return CpuTime::now() - t0; }

void generate_csv(const std::filesystem::path& path, size_t rows, size_t batches) {
  std::ofstream out(path);
  out << "record_id,batch_id,line,inspected_at,result,weight\n";
  std::mt19937_64 rng(42);
  // Events over 30 days, roughly in time order as exports are.
  const int64_t start = 1751328000;  // 2025-07-01T00:00:00Z
  char buf[160];
  for (size_t i = 0; i < rows; ++i) {
    int64_t t = start + static_cast<int64_t>(i * (30LL * 86400) / rows) + static_cast<int64_t>(rng() % 600);
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm = *std::gmtime(&tt);
    int n = std::snprintf(buf, sizeof buf, "R%09zu,B%05u,L%02u,%04d-%02d-%02dT%02d:%02d:%02dZ,%s,%.3f\n", i,
                          static_cast<unsigned>(rng() % batches), static_cast<unsigned>(rng() % 20), tm.tm_year + 1900,
                          tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, rng() % 50 == 0 ? "NG" : "OK",
                          10.0 + static_cast<double>(rng() % 2000) / 1000.0);
    out.write(buf, n);
  }
}

}  // namespace

int main(int argc, char** argv) {
  size_t rows = argc > 1 ? std::stoull(argv[1]) : 10'000'000;
  size_t batches = argc > 2 ? std::stoull(argv[2]) : 10'000;
  std::filesystem::path dir = argc > 3 ? argv[3] : "/tmp/jixiao-bench";
  std::filesystem::create_directories(dir);
  std::filesystem::path csv = dir / "inspections.csv";
  if (!std::filesystem::exists(csv) || std::filesystem::file_size(csv) < rows * 40) {
    std::fprintf(stderr, "generating %zu rows into %s ...\n", rows, csv.c_str());
    generate_csv(csv, rows, batches);
  }

  auto project = check_texts({{"bench.perf", kRules}});
  if (project->diags.has_errors()) {
    std::fprintf(stderr, "bench rules do not check\n");
    return 1;
  }
  plan::ProgramPlan plan = plan::lower(project->program);
  auto tz = *rt::TimeZone::find(plan.timezone);

  // 1. ingest
  double t0 = CpuTime::now();
  rt::Dataset data = rt::load_data_dir(plan, dir, tz);
  double ingest_s = seconds_since(t0);
  const rt::Table& t = data.tables[0];
  size_t n = t.rows();

  // 2. interpreter
  rt::RunOptions ro;
  ro.as_of = rt::latest_event_time(plan, data.tables, tz).value_or(0);
  t0 = CpuTime::now();
  rt::RunResult result = rt::evaluate_program(plan, data.tables, tz, ro);
  double interp_s = seconds_since(t0);
  size_t groups = result.values[0].size();

  // 4. hand-written loop over the same columns: dictionary codes, bucket by local day (UTC+8, no DST).
  int l00 = t.columns[2].code_of("L00");
  int ng = t.columns[4].code_of("NG");
  t0 = CpuTime::now();
  std::unordered_map<int64_t, std::pair<int64_t, int64_t>> agg;  // (batch, day) -> (ng, all)
  agg.reserve(groups * 2);
  const auto& batch = t.columns[1].codes;
  const auto& line = t.columns[2].codes;
  const auto& line_valid = t.columns[2].valid;
  const auto& when = t.columns[3].i64;
  const auto& res = t.columns[4].codes;
  const auto& res_valid = t.columns[4].valid;
  for (size_t i = 0; i < n; ++i) {
    if (!line_valid[i] || line[i] == l00) continue;
    int64_t day = (when[i] + 8 * 3600'000'000LL) / 86400'000'000LL;
    auto& a = agg[(int64_t(batch[i]) << 20) | day];
    a.second += 1;
    a.first += res_valid[i] && res[i] == ng;
  }
  double loop_s = seconds_since(t0);

  // 3. SQLite with the equivalent SQL, on the same rows loaded into memory first (load not timed).
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "CREATE TABLE inspections(batch_id TEXT, line TEXT, inspected_at INTEGER, result TEXT)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO inspections VALUES(?,?,?,?)", -1, &ins, nullptr);
  for (size_t i = 0; i < n; ++i) {
    const std::string& b = t.columns[1].dict[batch[i]];
    sqlite3_bind_text(ins, 1, b.c_str(), static_cast<int>(b.size()), SQLITE_STATIC);
    if (line_valid[i]) {
      const std::string& l = t.columns[2].dict[line[i]];
      sqlite3_bind_text(ins, 2, l.c_str(), static_cast<int>(l.size()), SQLITE_STATIC);
    } else {
      sqlite3_bind_null(ins, 2);
    }
    sqlite3_bind_int64(ins, 3, when[i] / 1'000'000);
    if (res_valid[i]) {
      const std::string& r = t.columns[4].dict[res[i]];
      sqlite3_bind_text(ins, 4, r.c_str(), static_cast<int>(r.size()), SQLITE_STATIC);
    } else {
      sqlite3_bind_null(ins, 4);
    }
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  const char* sql =
      "SELECT batch_id, date(inspected_at, 'unixepoch', '+8 hours') AS day, "
      "CAST(SUM(result = 'NG') AS REAL) / COUNT(*) FROM inspections WHERE line != 'L00' GROUP BY batch_id, day";
  t0 = CpuTime::now();
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &q, nullptr);
  size_t sql_groups = 0;
  while (sqlite3_step(q) == SQLITE_ROW) ++sql_groups;
  sqlite3_finalize(q);
  double sqlite_s = seconds_since(t0);
  sqlite3_close(db);

  auto mrows = [&](double s) { return static_cast<double>(n) / s / 1e6; };
  std::printf("rows: %zu, batches: %zu, groups: interpreter %zu, loop %zu, sqlite %zu\n\n", n, batches, groups, agg.size(), sql_groups);
  std::printf("| measurement | CPU time (s) | M rows/s | vs hand-written loop |\n|---|---|---|---|\n");
  std::printf("| CSV ingest (%.0f MB file) | %.2f | %.2f | |\n", static_cast<double>(std::filesystem::file_size(csv)) / 1e6, ingest_s, mrows(ingest_s));
  std::printf("| hand-written C++ loop | %.3f | %.1f | 1.00x |\n", loop_s, mrows(loop_s));
  std::printf("| interpreter | %.3f | %.1f | %.2fx slower |\n", interp_s, mrows(interp_s), interp_s / loop_s);
  std::printf("| SQLite (in memory, query only) | %.3f | %.1f | %.2fx slower |\n", sqlite_s, mrows(sqlite_s), sqlite_s / loop_s);
  std::printf("\ninterpreter vs SQLite: %.1fx faster\n", sqlite_s / interp_s);
  return groups == agg.size() && groups == sql_groups ? 0 : 1;
}
