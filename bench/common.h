// What the benchmarks share: timers, loading a rule text, the deterministic generator of inspection
// rows (written to a CSV file or filled into a table, the same rows either way), evaluating a plan with
// the interpreter or the JIT's kernels, and the table of ratios.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <time.h>

#include "compiler/frontend/frontend.h"
#include "compiler/plan/lower.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"

namespace jixiao::bench {

// ---- time --------------------------------------------------------------------------------------------

// CPU time of this thread (seconds): measurements stay meaningful on a machine busy with other work.
inline double thread_cpu_s() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
inline double wall_s() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Times {
  double cpu = 0;  // seconds of CPU time of the measuring thread
  double wall = 0;  // seconds of wall-clock time
};

// Runs f() `reps` times; the best CPU time and the best wall time (each its own minimum).
template <class F>
Times best_of(int reps, F&& f) {
  Times best{1e300, 1e300};
  for (int r = 0; r < reps; ++r) {
    double c0 = thread_cpu_s(), w0 = wall_s();
    f();
    best.cpu = std::min(best.cpu, thread_cpu_s() - c0);
    best.wall = std::min(best.wall, wall_s() - w0);
  }
  return best;
}

// How many runs each measurement takes the best of: $JIXIAO_BENCH_REPS, else 3.
inline int reps_from_env() {
  const char* v = std::getenv("JIXIAO_BENCH_REPS");
  return v && std::atoi(v) > 0 ? std::atoi(v) : 3;
}

// The machine's load average (1 minute), printed beside the numbers: a loaded machine must say so.
inline double load_average() {
  double l[3] = {0, 0, 0};
  return getloadavg(l, 3) > 0 ? l[0] : -1;
}

// ---- rules ------------------------------------------------------------------------------------------

struct Project {
  std::unique_ptr<CheckedProject> checked;
  plan::ProgramPlan plan;
  rt::TimeZone tz = rt::TimeZone::utc();
};

// Checks and lowers a rule text; prints the diagnostics and exits when it does not check.
inline Project load_project(const std::string& rules) {
  Project p;
  p.checked = check_texts({{"bench.perf", rules}});
  if (p.checked->diags.has_errors()) {
    for (auto& d : p.checked->diags.all()) std::fprintf(stderr, "%s\n", render_text(d, *p.checked->sources).c_str());
    std::exit(1);
  }
  p.plan = plan::lower(p.checked->program);
  p.tz = *rt::TimeZone::find(p.plan.timezone);
  return p;
}

struct EngineTimes {
  Times interpreter, jit;
  rt::RunResult interpreter_result, jit_result;
};

// Evaluates the plan over the tables with the interpreter and with the compiled kernels: one run of each
// that is not timed (the first runs of a process pay for fresh memory), then `reps` runs of each in
// turn, so that neither engine gains from going second; the best of each.
inline EngineTimes evaluate_both(const Project& p, const std::vector<rt::Table>& tables, rt::Micros as_of,
                                 rt::KernelProvider* kernels, int reps) {
  EngineTimes out;
  out.interpreter = out.jit = Times{1e300, 1e300};
  rt::RunOptions interp, jit;
  interp.as_of = jit.as_of = as_of;
  jit.kernels = kernels;
  for (int r = 0; r <= reps; ++r) {
    Times a = best_of(1, [&] { out.interpreter_result = rt::evaluate_program(p.plan, tables, p.tz, interp); });
    Times b = best_of(1, [&] { out.jit_result = rt::evaluate_program(p.plan, tables, p.tz, jit); });
    if (r == 0) continue;
    out.interpreter = {std::min(out.interpreter.cpu, a.cpu), std::min(out.interpreter.wall, a.wall)};
    out.jit = {std::min(out.jit.cpu, b.cpu), std::min(out.jit.wall, b.wall)};
  }
  return out;
}

// ---- inspection rows --------------------------------------------------------------------------------

// The source every inspection benchmark reads; the generator below fills exactly these columns.
constexpr const char* kInspectionsSource = R"perf(
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
  took:         duration
}
)perf";

// The filtered ratio per batch per day that the side-by-side comparison measures.
constexpr const char* kDefectRate = R"perf(
indicator defect_rate {
  from   inspections
  where  line != "L00"
  value  count(where result == NG) / count()
  by     batch_id
  every  day
  unit   percent
}
)perf";

constexpr int64_t kInspectionsStart = 1751328000;  // 2025-07-01T00:00:00Z

struct Inspection {
  size_t index = 0;
  uint32_t batch = 0;  // B00000 .. B<batches-1>
  uint32_t line = 0;  // L00 .. L19
  int64_t at = 0;  // seconds since the epoch (UTC)
  bool ng = false;  // 2% NG
  double weight = 0;  // 0.0 .. 99.9
  int64_t took = 0;  // seconds, 0 .. 10h
};

// `rows` inspections over 30 days, roughly in time order as exports are (up to 10 minutes out of order),
// `batches` batches and 20 lines at random. Deterministic: the same arguments give the same rows.
template <class Emit>
void generate_inspections(size_t rows, size_t batches, Emit&& emit) {
  std::mt19937_64 rng(42);
  Inspection r;
  for (size_t i = 0; i < rows; ++i) {
    r.index = i;
    r.at = kInspectionsStart + static_cast<int64_t>(i * (30ULL * 86400) / rows) + static_cast<int64_t>(rng() % 600);
    r.batch = static_cast<uint32_t>(rng() % batches);
    r.line = static_cast<uint32_t>(rng() % 20);
    r.ng = rng() % 50 == 0;
    r.weight = static_cast<double>(rng() % 1000) / 10;
    r.took = static_cast<int64_t>(rng() % 36000);
    emit(r);
  }
}

inline void write_inspections_csv(const std::filesystem::path& path, size_t rows, size_t batches) {
  std::ofstream out(path, std::ios::binary);
  out << "record_id,batch_id,line,inspected_at,result,weight,took\n";
  char buf[160];
  generate_inspections(rows, batches, [&](const Inspection& r) {
    std::time_t tt = static_cast<std::time_t>(r.at);
    std::tm tm;
    gmtime_r(&tt, &tm);
    int n = std::snprintf(buf, sizeof buf, "R%09zu,B%05u,L%02u,%04d-%02d-%02dT%02d:%02d:%02dZ,%s,%.1f,%llds\n", r.index,
                          r.batch, r.line, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                          tm.tm_sec, r.ng ? "NG" : "OK", r.weight, static_cast<long long>(r.took));
    out.write(buf, n);
  });
}

// DIR/inspections.csv with these rows, written unless a stamp beside it says it already holds them.
inline std::filesystem::path ensure_inspections_csv(const std::filesystem::path& dir, size_t rows, size_t batches) {
  std::filesystem::create_directories(dir);
  auto csv = dir / "inspections.csv";
  auto stamp_path = dir / "inspections.csv.stamp";
  std::string want = "v2 " + std::to_string(rows) + " " + std::to_string(batches);
  std::string have;
  if (std::ifstream in(stamp_path); in) std::getline(in, have);
  if (have != want || !std::filesystem::exists(csv)) {
    std::fprintf(stderr, "generating %zu rows into %s ...\n", rows, csv.c_str());
    write_inspections_csv(csv, rows, batches);
    std::ofstream(stamp_path) << want << "\n";
  }
  return csv;
}

// The same rows as the CSV file, straight into a table of kInspectionsSource's `inspections`.
inline rt::Table inspections_table(const plan::TablePlan& source, size_t rows, size_t batches) {
  rt::Table t = rt::Table::empty(rt::table_spec(source));
  char buf[32];
  generate_inspections(rows, batches, [&](const Inspection& r) {
    std::snprintf(buf, sizeof buf, "R%09zu", r.index);
    t.columns[0].push_string(buf);
    std::snprintf(buf, sizeof buf, "B%05u", r.batch);
    t.columns[1].push_string(buf);
    std::snprintf(buf, sizeof buf, "L%02u", r.line);
    t.columns[2].push_string(buf);
    t.columns[3].push_int(r.at * 1'000'000);
    t.columns[4].push_code(r.ng ? 1 : 0);
    t.columns[5].push_number(r.weight);
    t.columns[6].push_int(r.took * 1'000'000);
    t.row_number.push_back(r.index + 2);
  });
  return t;
}

// ---- checking ---------------------------------------------------------------------------------------

// What a contender computed, to compare with the interpreter's: its number of groups and a sum over all
// values weighted by their group (each benchmark says how), so that two agree only when every value does.
struct Check {
  size_t groups = 0;
  double checksum = 0;
  bool same_as(const Check& o) const {
    return groups == o.groups && std::fabs(checksum - o.checksum) <= 1e-9 * std::max(1.0, std::fabs(o.checksum));
  }
};

// ---- reporting --------------------------------------------------------------------------------------

// One contender against the JIT: the ratio is the contender's time over the JIT's (above 1: the JIT is
// faster). `target` is the least ratio the issue asks for (0: none); `by_wall` compares wall-clock time
// (a multi-threaded contender), else CPU time.
struct Contender {
  std::string name;
  Times t;
  double target = 0;
  bool by_wall = false;
};

inline void print_ratio_table(const char* title, Times jit, const std::vector<Contender>& others) {
  std::printf(
      "\n%s\n\n| JIT vs | its CPU time | its wall time | ratio, CPU | ratio, wall | target | met |\n"
      "|---|---|---|---|---|---|---|\n",
      title);
  for (const auto& c : others) {
    double rc = c.t.cpu / jit.cpu, rw = c.t.wall / jit.wall;
    char target[48] = "";
    if (c.target > 0) std::snprintf(target, sizeof target, ">= %gx%s", c.target, c.by_wall ? " (wall)" : "");
    const char* met = c.target <= 0 ? "" : (c.by_wall ? rw : rc) >= c.target ? "yes" : "no";
    std::printf("| %s | %.3f s | %.3f s | %.2fx | %.2fx | %s | %s |\n", c.name.c_str(), c.t.cpu, c.t.wall, rc, rw,
                target, met);
  }
}

}  // namespace jixiao::bench
