#include <fmt/format.h>

#include <chrono>
#include <future>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "compiler/plan/plan.h"
#include "report/records.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"
#include "runtime/results_store.h"

namespace jixiao::cli {

namespace {

struct RunOptions {
  std::string path;
  DataOptions data;
  std::string out;
  std::string format = "table";
};

std::string rules_hash(const SourceSet& sources) {
  // FNV-1a over every file's path and text: enough to tell which version of the rules computed a value.
  uint64_t h = 1469598103934665603ULL;
  for (FileId f = 0; f < sources.size(); ++f) {
    for (const std::string* s : {&sources.file(f).path(), &sources.file(f).text()})
      for (unsigned char c : *s) h = (h ^ c) * 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace

Command add_run(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto* sub =
      app.add_subcommand("run", "Load events, evaluate every indicator and alert, print the results and store them");
  sub->add_option("path", o->path, "project folder or .perf file")->required();
  add_data_options(sub, o->data);
  sub->add_option("--out", o->out, "write the results to this SQLite file");
  sub->add_option("--format", o->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  sub->add_option("--engine", o->data.engine, "jit (compiled loops; what cannot be compiled is interpreted) or interp")
      ->check(CLI::IsMember({"jit", "interp"}))
      ->capture_default_str();
  sub->add_flag("--verbose", o->data.verbose,
                "say what the JIT compiled, what it interpreted and why, and how long it took");
  return [o]() -> int {
    int code = 0;
    auto project = load_and_report(o->path, "text", code);
    if (!project) return code;
    o->data.collect_evidence = !o->out.empty();
    auto ev = evaluate(*project, o->data, code, /*report_ingest=*/true);
    if (!ev) return code;
    // Stored first: records printed for results that then fail to be stored would be taken as done.
    auto started = std::chrono::steady_clock::now();
    // Under --verbose, how long each step took.
    auto timed = [&](const std::string& what) {
      const auto now = std::chrono::steady_clock::now();
      if (o->data.verbose)
        std::cerr << fmt::format("run: {} in {:.2f} s\n", what, std::chrono::duration<double>(now - started).count());
      started = now;
    };
    if (!o->out.empty()) {
      rt::RunInfo info{o->path, rules_hash(*project->sources), ev->as_of, o->data.engine};
      // The alerts' actions (messages, payloads, tasks) are prepared on a second thread while the values
      // and their evidence are stored; the store asks for them when it gets to them.
      auto preparing = std::async(o->data.threads > 1 ? std::launch::async : std::launch::deferred, [&] {
        return rt::alert_actions(ev->plan, ev->data.tables, ev->result, ev->tz, ev->as_of);
      });
      std::vector<rt::EpisodeActions> actions;
      auto prepared = [&]() -> const std::vector<rt::EpisodeActions>& {
        actions = preparing.get();
        return actions;
      };
      rt::StoredActions stored;
      try {
        stored = rt::write_results(o->out, ev->plan, ev->data, ev->result, ev->tz, info, prepared);
      } catch (const rt::StoreError& e) {
        std::cerr << "error: " << e.what() << "; nothing was stored or printed\n";
        return 1;
      }
      timed("results and alert actions stored");
      std::cerr << "results written to " << o->out;
      if (stored.notifications || stored.tasks)
        std::cerr << fmt::format(" ({} notification(s) queued in the outbox, {} task(s) opened)", stored.notifications,
                                 stored.tasks);
      std::cerr << "\n";
    }
    if (o->format == "json")
      report::write_json_lines(std::cout, ev->plan, ev->data, ev->result, ev->tz, o->data.threads);
    else if (o->format == "csv")
      report::write_csv(std::cout, ev->plan, ev->data, ev->result, ev->tz, o->data.threads);
    else
      report::write_table(std::cout, ev->plan, ev->data, ev->result, ev->tz, o->data.threads);
    if (!std::cout.flush()) {
      std::cerr << "error: cannot write the results to standard output (disk full or closed pipe?)\n";
      return 1;
    }
    timed("results written as " + o->format);
    return 0;
  };
}

}  // namespace jixiao::cli
