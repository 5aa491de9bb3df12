// JIT benchmark (issue 5), a first cut: compile time per rule with 100 rules in one module (cold, no
// cache), loading the same module from a warm disk cache, and the filtered ratio per batch per day
// evaluated by the interpreter and by the compiled kernels over the same in-memory columns.
// Usage: bench_jit [rows=2000000] [batches=10000]
// Prints a Markdown table; times are CPU time of this thread (best of 3 for the evaluations). The full side-by-side comparison (hand-written loop, SQLite, DuckDB) is in
// bench_indicators and is still to be extended with the JIT.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <time.h>
#include <unistd.h>

#include "compiler/frontend/frontend.h"
#include "compiler/jit/jit.h"
#include "compiler/plan/plan.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"

using namespace jixiao;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kSource = R"perf(
project bench { timezone "Asia/Shanghai" }
source inspections {
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

// Few rows pass `where`, so the scan itself (not the groups) is what is measured.
constexpr const char* kSelective = R"perf(
indicator heavy_ng {
  from   inspections
  where  line == "L7" and weight > 99.5 and result == NG
  value  sum(weight) / count()
  by     batch_id
  every  day
}
)perf";

constexpr const char* kDefectRate = R"perf(
indicator defect_rate {
  from   inspections
  where  line != "L0"
  value  count(where result == NG) / count()
  by     batch_id
  every  day
  unit   percent
}
)perf";

// 100 different rules of the compiled subset (different constants, filters and aggregates).
std::string hundred_rules() {
  std::string out;
  const char* aggs[] = {"count(where result == NG) / count()", "avg(weight where weight > {})", "sum(weight) / count(weight)",
                        "max(weight) - min(weight where line != \"L{:02d}\")", "share(weight > {} where result == OK)"};
  for (int i = 0; i < 100; ++i) {
    std::string value = aggs[i % 5];
    for (size_t p; (p = value.find("{}")) != std::string::npos;) value.replace(p, 2, std::to_string(i));
    for (size_t p; (p = value.find("{:02d}")) != std::string::npos;) value.replace(p, 6, std::to_string(i % 20));
    out += "indicator r" + std::to_string(i) + " {\n  from inspections\n  where line != \"L" + std::to_string(i % 20) +
           "\" and (took is null or took < " + std::to_string(1 + i % 7) + "h)\n  value " + value + "\n  by batch_id\n  every day\n}\n";
  }
  return out;
}

struct Project {
  std::unique_ptr<CheckedProject> checked;
  plan::ProgramPlan plan;
  rt::TimeZone tz = rt::TimeZone::utc();
};

Project load(const std::string& rules) {
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

double ms(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// CPU time of this thread in ms: compile times stay meaningful on a machine that is busy with other work.
double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

}  // namespace

int main(int argc, char** argv) {
  size_t rows = argc > 1 ? std::stoul(argv[1]) : 2'000'000;
  int batches = argc > 2 ? std::stoi(argv[2]) : 10'000;
  std::string error;
  auto jit = jit::Jit::create(error);
  if (!jit) {
    std::fprintf(stderr, "no JIT: %s\n", error.c_str());
    return 1;
  }
  std::printf("| measure | value |\n|---|---|\n");
  std::printf("| host | %s |\n", jit->host().c_str());

  // ---- compile time -------------------------------------------------------------------------------
  Project hundred = load(std::string(kSource) + hundred_rules());
  for (int level : {1, 2, 3}) {
    jit::JitOptions options;
    options.opt_level = level;
    std::vector<double> totals, cpu;
    for (int rep = 0; rep < 3; ++rep) {
      double c0 = cpu_ms();
      auto k = jit->compile(hundred.plan, hundred.tz, options);
      cpu.push_back(cpu_ms() - c0);
      if (k->compiled_count() != 100) {
        std::fprintf(stderr, "only %zu of 100 rules compiled\n", k->compiled_count());
        return 1;
      }
      totals.push_back(k->stats().total_ms);
      if (rep == 2)
        std::printf("| 100 rules, one module, O%d, cold: IR / optimise / codegen / link | %.1f / %.1f / %.1f / %.1f ms, %zu KB of object |\n",
                    level, k->stats().build_ms, k->stats().optimise_ms, k->stats().codegen_ms, k->stats().load_ms,
                    k->stats().object_bytes / 1024);
    }
    std::sort(totals.begin(), totals.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("| 100 rules, one module, O%d, cold (median of 3) | %.2f ms per rule (%.2f ms of CPU) |\n", level, totals[1] / 100,
                cpu[1] / 100);
  }
  std::filesystem::path cache = std::filesystem::temp_directory_path() / ("jixiao-bench-cache-" + std::to_string(::getpid()));
  jit::JitOptions cached;
  cached.cache_dir = cache.string();
  { auto k = jit->compile(hundred.plan, hundred.tz, cached); }
  auto t0 = Clock::now();
  double c0 = cpu_ms();
  auto warm = jit->compile(hundred.plan, hundred.tz, cached);
  double warm_cpu = cpu_ms() - c0;
  double warm_ms = ms(t0);
  std::printf("| 100 rules from a warm cache (analysis + load + link) | %.3f ms per rule (%.3f ms of CPU; %s) |\n", warm_ms / 100,
              warm_cpu / 100, warm->stats().from_cache ? "from the cache" : "NOT from the cache");
  std::filesystem::remove_all(cache);

  // ---- throughput --------------------------------------------------------------------------------
  Project schema = load(kSource);
  rt::Table t = rt::Table::empty(rt::table_spec(schema.plan.tables[0]));
  std::mt19937_64 rng(42);
  const int64_t base = 1751328000LL * 1'000'000;  // 2025-07-01, rows over about 35 days in time order
  for (size_t r = 0; r < rows; ++r) {
    t.columns[0].push_string("R" + std::to_string(r));
    t.columns[1].push_string("B" + std::to_string(rng() % batches));
    t.columns[2].push_string("L" + std::to_string(rng() % 20));
    t.columns[3].push_int(base + static_cast<int64_t>(r) * 30'000'000 / static_cast<int64_t>(std::max<size_t>(1, rows / 100000)));
    t.columns[4].push_code(rng() % 50 == 0 ? 1 : 0);
    t.columns[5].push_number(static_cast<double>(rng() % 1000) / 10);
    t.columns[6].push_int(static_cast<int64_t>(rng() % 36000) * 1'000'000);
    t.row_number.push_back(r + 2);
  }
  std::vector<rt::Table> tables;
  tables.push_back(std::move(t));
  for (const char* rule : {kDefectRate, kSelective}) {
    Project one = load(std::string(kSource) + rule);
    rt::RunOptions ro;
    ro.as_of = base + 400LL * 86400 * 1'000'000;
    auto kernels = jit->compile(one.plan, one.tz, jit::JitOptions{});
    double best[2] = {1e30, 1e30};
    size_t values = 0;
    for (int rep = 0; rep < 3; ++rep) {
      for (int engine = 0; engine < 2; ++engine) {
        ro.kernels = engine ? kernels.get() : nullptr;
        double c1 = cpu_ms();
        auto result = rt::evaluate_program(one.plan, tables, one.tz, ro);
        best[engine] = std::min(best[engine], cpu_ms() - c1);
        values = result.values[0].size();
      }
    }
    std::printf("| `%s`, %zu rows, %zu values: interpreter | %.1f ms (%.1f M rows/s) |\n", one.plan.indicators[0].name.c_str(),
                rows, values, best[0], static_cast<double>(rows) / best[0] / 1e3);
    std::printf("| the same, compiled kernels (group ids still found by the runtime) | %.1f ms (%.1f M rows/s), %.2fx |\n",
                best[1], static_cast<double>(rows) / best[1] / 1e3, best[0] / best[1]);
  }
  return 0;
}
