#include "cli/common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <thread>

#include "compiler/jit/jit.h"
#include "compiler/plan/lower.h"
#include "runtime/actions/message.h"
#include "runtime/chains.h"

namespace jixiao::cli {

std::unique_ptr<CheckedProject> load_and_report(const std::string& path, const std::string& format, int& exit_code,
                                                bool summary, bool keep_on_errors) {
  LoadError err;
  auto project = load_project(path, &err);
  if (!project) {
    std::cerr << "error: " << err.message << "\n";
    exit_code = 2;
    return nullptr;
  }
  bool color = format == "text" && isatty(STDERR_FILENO);
  for (const auto& d : project->diags.all()) {
    if (format == "json")
      std::cerr << render_json(d, *project->sources) << "\n";
    else
      std::cerr << render_text(d, *project->sources, color) << "\n";
  }
  size_t files = project->sources->size();
  if (files == 0) std::cerr << "warning: no .perf files found in " << path << "\n";
  if (summary && format == "text") {
    if (project->diags.all().empty())
      std::cerr << "checked " << files << " file" << (files == 1 ? "" : "s") << ": no problems\n";
    else
      std::cerr << "checked " << files << " file" << (files == 1 ? "" : "s") << ": " << project->diags.error_count()
                << " error(s), " << project->diags.warning_count() << " warning(s)\n";
  }
  exit_code = project->diags.has_errors() ? 1 : 0;
  if (exit_code != 0 && !keep_on_errors) return nullptr;
  return project;
}

std::optional<rt::Micros> parse_as_of(const std::string& text, const rt::TimeZone& tz) {
  if (auto t = rt::parse_timestamp(text, tz)) return t;
  if (auto d = rt::parse_date(text)) return tz.from_local(int64_t(*d) * rt::kMicrosPerDay);
  return std::nullopt;
}

void add_data_options(CLI::App* sub, DataOptions& o) {
  auto* data = sub->add_option("--data", o.data_dir, "folder with one CSV / JSON lines file per source");
  auto* db = sub->add_option("--db", o.db, "SQLite database with one table per source");
  data->excludes(db);
  sub->add_option("--as-of", o.as_of, "the moment the results describe (default: the latest event time)");
  sub->add_option("--threads", o.threads,
                  "threads that share the work (default: the cores); results do not depend on it")
      ->check(CLI::Range(1u, 256u));
}

unsigned default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

namespace {

// Compiles what the JIT can; says under --verbose what it did. Null (everything interpreted) when the JIT
// cannot be set up on this machine, which is worth a warning.
std::unique_ptr<jit::ProgramKernels> compile_kernels(const plan::ProgramPlan& plan, const rt::TimeZone& tz,
                                                     bool verbose, std::unique_ptr<jit::Jit>& session) {
  auto created = jit::Jit::create();
  if (!created.ok()) {
    std::cerr << "warning: the JIT is not available here (" << created.error() << "); every indicator is interpreted\n";
    return nullptr;
  }
  session = std::move(created).value();
  jit::JitOptions options;
  options.cache_dir = jit::default_cache_dir();
  auto kernels = session->compile(plan, tz, options);
  if (!kernels->error().empty())
    std::cerr << "warning: the JIT failed (" << kernels->error() << "); every indicator is interpreted\n";
  if (!verbose) return kernels;
  for (const auto& n : kernels->notes()) {
    const char* what = n.kind == jit::ScanKind::RowAlert    ? "alert"
                       : n.kind == jit::ScanKind::ChainNode ? "chain node"
                                                            : "indicator";
    if (n.compiled)
      std::cerr << "jit: " << what << " `" << n.name << "` compiled\n";
    else
      std::cerr << "jit: " << what << " `" << n.name << "` interpreted: " << n.reason << "\n";
  }
  const jit::CompileStats& s = kernels->stats();
  if (kernels->compiled_count() == 0) return kernels;
  if (s.from_cache)
    std::cerr << fmt::format("jit: {} kernel(s) loaded from the cache in {:.2f} ms, nothing compiled ({})\n", s.kernels,
                             s.total_ms, s.cache_file);
  else
    std::cerr << fmt::format(
        "jit: {} kernel(s) compiled in {:.1f} ms (IR {:.1f}, optimise {:.1f}, codegen {:.1f}, link {:.1f} ms) for {}\n",
        s.kernels, s.total_ms, s.build_ms, s.optimise_ms, s.codegen_ms, s.load_ms, session->host());
  if (!s.from_cache && !s.cache_file.empty()) std::cerr << "jit: cached as " << s.cache_file << "\n";
  if (!s.cache_note.empty()) std::cerr << "jit: " << s.cache_note << "\n";
  return kernels;
}

}  // namespace

std::optional<Evaluation> evaluate(const CheckedProject& project, const DataOptions& o, int& exit_code,
                                   bool report_ingest) {
  if (o.data_dir.empty() && o.db.empty()) {
    std::cerr << "error: give the events with --data DIR or --db FILE\n";
    exit_code = 2;
    return std::nullopt;
  }
  Evaluation ev;
  ev.plan = plan::lower(project.program);
  auto tz = rt::TimeZone::find(ev.plan.timezone);
  if (!tz) {
    std::cerr << "error: the time zone `" << ev.plan.timezone << "` is not in this machine's tz database\n";
    exit_code = 1;
    return std::nullopt;
  }
  ev.tz = *tz;
  std::vector<rt::BusinessCalendar> calendars;
  auto phase = std::chrono::steady_clock::now();
  // Under --verbose, how long each phase took (the JIT says its own).
  auto timed = [&](const char* what) {
    const auto now = std::chrono::steady_clock::now();
    if (o.verbose)
      std::cerr << fmt::format("run: {} in {:.2f} s\n", what, std::chrono::duration<double>(now - phase).count());
    phase = now;
  };
  try {
    ev.data =
        o.db.empty() ? rt::load_data_dir(ev.plan, o.data_dir, ev.tz, o.threads) : rt::load_sqlite(ev.plan, o.db, ev.tz);
    calendars = rt::build_calendars(ev.plan, ev.tz);
  } catch (const UserError& e) {  // events that cannot be read (1), no such folder or file (2)
    std::cerr << "error: " << e.what() << "\n";
    exit_code = e.exit_code;
    return std::nullopt;
  }
  timed("events read");
  if (report_ingest) {
    for (auto& w : ev.data.warnings) std::cerr << "warning: " << w << "\n";
    // Every quarantined row is in the results store and in `run --format json`'s counts; the terminal
    // shows the first few so that a broken export does not flood it.
    constexpr size_t kShown = 20;
    for (size_t i = 0; i < ev.data.quarantine.size() && i < kShown; ++i) {
      auto& q = ev.data.quarantine[i];
      std::cerr << "quarantined: " << q.source << " row " << q.row_number << ": " << q.reason << "\n";
    }
    if (ev.data.quarantine.size() > kShown)
      std::cerr << "quarantined: ... and " << ev.data.quarantine.size() - kShown
                << " more rows (all of them are kept in --out)\n";
  }
  if (!o.as_of.empty()) {
    auto t = parse_as_of(o.as_of, ev.tz);
    if (!t) {
      std::cerr << "error: --as-of `" << o.as_of << "` is not a timestamp such as 2025-07-01T08:00 or a date\n";
      exit_code = 2;
      return std::nullopt;
    }
    ev.as_of = *t;
  } else {
    ev.as_of = rt::latest_event_time(ev.plan, ev.data.tables, ev.tz).value_or(0);
  }
  rt::RunOptions ro;
  ro.as_of = ev.as_of;
  ro.collect_evidence = o.collect_evidence;
  // The JIT lives only as long as the evaluation: its kernels are bound to these tables.
  std::unique_ptr<jit::Jit> jit;
  std::unique_ptr<jit::ProgramKernels> kernels;
  if (o.engine == "jit") {
    kernels = compile_kernels(ev.plan, ev.tz, o.verbose, jit);
    ro.kernels = kernels.get();
  }
  phase = std::chrono::steady_clock::now();
  auto stats = rt::compute_chains(ev.plan, ev.data.tables, ev.tz, calendars, ev.as_of, ro.kernels, o.threads);
  timed("chains computed");
  for (size_t c = 0; c < stats.size(); ++c)
    if (stats[c].out_of_order > 0 && report_ingest)
      std::cerr << "warning: chain `" << ev.plan.chains[c].name << "`: " << stats[c].out_of_order
                << " node(s) were reached before the node their clock starts from; their duration is 0\n";
  ev.result = rt::evaluate_program(ev.plan, ev.data.tables, ev.tz, ro);
  timed("indicators and alerts evaluated");
  exit_code = 0;
  return ev;
}

}  // namespace jixiao::cli
