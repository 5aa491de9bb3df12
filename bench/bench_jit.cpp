// JIT benchmark (issue 5): compile time per rule with 100 rules in one module (cold, no cache), loading
// the same module from a warm disk cache, and two rules evaluated by the interpreter and by the compiled
// kernels over the same in-memory columns (bench/common.h's generated inspections): the filtered ratio
// per batch per day and a selective rule (few rows pass `where`, so the scan itself is measured).
// Usage: bench_jit [rows=2000000] [batches=10000]
// Prints a Markdown table; times are CPU time of this thread (best of 3 for the evaluations, after one run of each engine that is not timed). The
// side-by-side comparison with the hand-written loop, SQLite and DuckDB is bench_indicators.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "bench/common.h"
#include "compiler/jit/jit.h"

using namespace jixiao;
using namespace jixiao::bench;
using Clock = std::chrono::steady_clock;

namespace {

// Few rows pass `where`, so the scan itself (not the groups) is what is measured.
constexpr const char* kSelective = R"perf(
indicator heavy_ng {
  from   inspections
  where  line == "L07" and weight > 99.5 and result == NG
  value  sum(weight) / count()
  by     batch_id
  every  day
}
)perf";

// 100 different rules of the compiled subset (different constants, filters and aggregates).
std::string hundred_rules() {
  std::string out;
  const char* aggs[] = {"count(where result == NG) / count()", "avg(weight where weight > {})",
                        "sum(weight) / count(weight)", "max(weight) - min(weight where line != \"L{:02d}\")",
                        "share(weight > {} where result == OK)"};
  for (int i = 0; i < 100; ++i) {
    std::string line = (i % 20 < 10 ? "L0" : "L") + std::to_string(i % 20);  // L00 .. L19, as generated
    std::string value = aggs[i % 5];
    for (size_t p; (p = value.find("{}")) != std::string::npos;) value.replace(p, 2, std::to_string(i));
    for (size_t p; (p = value.find("L{:02d}")) != std::string::npos;) value.replace(p, 7, line);
    out += "indicator r" + std::to_string(i) + " {\n  from inspections\n  where line != \"" + line +
           "\" and (took is null or took < " + std::to_string(1 + i % 7) + "h)\n  value " + value +
           "\n  by batch_id\n  every day\n}\n";
  }
  return out;
}

double ms(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double cpu_ms() { return thread_cpu_s() * 1e3; }

}  // namespace

int main(int argc, char** argv) {
  size_t rows = argc > 1 ? std::stoul(argv[1]) : 2'000'000;
  size_t batches = argc > 2 ? std::stoul(argv[2]) : 10'000;
  auto created = jit::Jit::create();
  if (!created.ok()) {
    std::fprintf(stderr, "no JIT: %s\n", created.error().c_str());
    return 1;
  }
  auto jit = std::move(created).value();
  std::printf("| measure | value |\n|---|---|\n");
  std::printf("| host | %s |\n", jit->host().c_str());

  // ---- compile time -------------------------------------------------------------------------------
  Project hundred = load_project(std::string(kInspectionsSource) + hundred_rules());
  {
    std::vector<double> totals, cpu;
    for (int rep = 0; rep < 3; ++rep) {
      double c0 = cpu_ms();
      auto k = jit->compile(hundred.plan, hundred.tz, jit::JitOptions{});
      cpu.push_back(cpu_ms() - c0);
      if (k->compiled_count() != 100) {
        std::fprintf(stderr, "only %zu of 100 rules compiled\n", k->compiled_count());
        return 1;
      }
      totals.push_back(k->stats().total_ms);
      if (rep == 2)
        std::printf(
            "| 100 rules, one module, cold: IR / optimise / codegen / link | %.1f / %.1f / %.1f / %.1f ms, %zu KB of "
            "object |\n",
            k->stats().build_ms, k->stats().optimise_ms, k->stats().codegen_ms, k->stats().load_ms,
            k->stats().object_bytes / 1024);
    }
    std::sort(totals.begin(), totals.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("| 100 rules, one module, cold (median of 3) | %.2f ms per rule (%.2f ms of CPU) |\n", totals[1] / 100,
                cpu[1] / 100);
  }
  std::filesystem::path cache =
      std::filesystem::temp_directory_path() / ("jixiao-bench-cache-" + std::to_string(::getpid()));
  jit::JitOptions cached;
  cached.cache_dir = cache.string();
  { auto k = jit->compile(hundred.plan, hundred.tz, cached); }
  auto t0 = Clock::now();
  double c0 = cpu_ms();
  auto warm = jit->compile(hundred.plan, hundred.tz, cached);
  double warm_cpu = cpu_ms() - c0;
  double warm_ms = ms(t0);
  std::printf("| 100 rules from a warm cache (analysis + load + link) | %.3f ms per rule (%.3f ms of CPU; %s) |\n",
              warm_ms / 100, warm_cpu / 100, warm->stats().from_cache ? "from the cache" : "NOT from the cache");
  std::filesystem::remove_all(cache);

  // ---- throughput --------------------------------------------------------------------------------
  Project schema = load_project(kInspectionsSource);
  std::vector<rt::Table> tables;
  tables.push_back(inspections_table(schema.plan.tables[0], rows, batches));
  const rt::Micros as_of = rt::latest_event_time(schema.plan, tables, schema.tz).value_or(0);
  for (const char* rule : {kDefectRate, kSelective}) {
    Project one = load_project(std::string(kInspectionsSource) + rule);
    auto kernels = jit->compile(one.plan, one.tz, jit::JitOptions{});
    EngineTimes engines = evaluate_both(one, tables, as_of, kernels.get(), 3);
    double best[2] = {engines.interpreter.cpu * 1e3, engines.jit.cpu * 1e3};
    size_t values = engines.jit_result.values[0].size();
    std::printf("| `%s`, %zu rows, %zu values: interpreter | %.1f ms (%.1f M rows/s) |\n",
                one.plan.indicators[0].name.c_str(), rows, values, best[0], static_cast<double>(rows) / best[0] / 1e3);
    std::printf("| the same, compiled kernels | %.1f ms (%.1f M rows/s), %.2fx |\n", best[1],
                static_cast<double>(rows) / best[1] / 1e3, best[0] / best[1]);
  }
  return 0;
}
