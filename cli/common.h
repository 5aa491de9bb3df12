// Pieces shared by the subcommands.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "compiler/frontend/frontend.h"
#include "compiler/plan/plan.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"
#include "runtime/records.h"
#include "runtime/time/time.h"

namespace jixiao::cli {

// Loads and checks a project and prints its diagnostics to stderr (text or json). Returns null when the
// project cannot be read or has errors (unless `keep_on_errors`); `exit_code` says which (2: unreadable,
// 1: errors).
std::unique_ptr<CheckedProject> load_and_report(const std::string& path, const std::string& format, int& exit_code,
                                                bool summary = false, bool keep_on_errors = false);

// `--as-of` as a timestamp or a date (midnight) in the project zone.
std::optional<rt::Micros> parse_as_of(const std::string& text, const rt::TimeZone& tz);

// Everything `run`, `explain` and `heatmap` share: the plan, the events, the chains' step tables and
// the evaluated results.
struct Evaluation {
  plan::ProgramPlan plan;
  rt::TimeZone tz = rt::TimeZone::utc();
  rt::Dataset data;
  rt::Micros as_of = 0;
  rt::RunResult result;
};
// The cores of this machine (1 when unknown).
unsigned default_threads();

struct DataOptions {
  std::string data_dir;
  std::string db;
  std::string as_of;
  bool collect_evidence = false;
  std::string engine = "jit";  // jit: compiled indicator loops where possible; interp: the interpreter only
  bool verbose = false;  // say what the JIT compiled, what it left to the interpreter and why
  unsigned threads = default_threads();  // --threads: how many threads may share the work
};
// Adds --data, --db, --as-of and --threads to a subcommand.
void add_data_options(CLI::App* sub, DataOptions& o);
// Loads the events and evaluates; prints what went wrong and sets `exit_code` when it returns nullopt.
std::optional<Evaluation> evaluate(const CheckedProject& project, const DataOptions& o, int& exit_code,
                                   bool report_ingest);

}  // namespace jixiao::cli
