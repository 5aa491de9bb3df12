// Chain benchmark (issue 5): generated lead events (by default 1 million leads x 4 nodes, some nodes
// missing, late or out of order), measured side by side in one run:
//   1. the chain's step rows (runtime compute_chains) from the events, plain elapsed time; once more
//      under a business calendar (working time) for comparison,
//   2. two indicators over the chain's table, by the interpreter and by the JIT's kernels: the share of
//      leads screened on time per week (as examples/lead-funnel) and the mean step hours per node per week,
//   3. SQLite computing the first indicator straight from the same events with the equivalent SQL (only
//      the `screened` step it needs, not all four step rows of every lead).
// Every result is checked against the interpreter's (weeks and a checksum of the values).
// Usage: bench_chains [leads=1000000]. Environment: JIXIAO_BENCH_REPS (default 3) runs per measurement.
// Times are CPU time of this thread and wall-clock time, best of the runs; prints Markdown.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench/common.h"
#include "bench/sqlite_copy.h"
#include "compiler/jit/jit.h"
#include "runtime/chains.h"

using namespace jixiao;
using namespace jixiao::bench;

namespace {

constexpr const char* kSourceAndIndicators = R"perf(
project bench_chains { timezone "Asia/Shanghai" }

calendar workdays {
  hours     mon-fri 09:00-12:00, 13:00-18:00
  holidays  2025-10-01..2025-10-08
  workdays  2025-09-28, 2025-10-11
}

source lead_events {
  system    "CRM"
  time      at
  evidence  event_id
  actor     actor
  event_id: string required
  lead_id:  string required
  stage:    string required
  actor:    string
  at:       timestamp required
}

indicator lead_response_timeliness {
  from   lead_lifecycle
  where  node == screened and status in [on_time, late, overdue]
  value  share(status == on_time)
  by     charge
  every  week
  unit   percent
}

indicator step_hours {
  from   lead_lifecycle
  where  status in [on_time, late]
  value  avg(hours(duration))
  by     node
  every  week
}
)perf";

// The chain in plain elapsed time (what the SQL reproduces), or counted in working time.
std::string chain_text(bool calendar) {
  return std::string("chain lead_lifecycle {\n  from lead_events\n  case lead_id\n  step stage\n") +
         (calendar ? "  calendar workdays\n" : "") +
         "  node submitted { owner marketing }\n"
         "  node screened { owner sales; within 2h; charge marketing }\n"
         "  node solution { owner presales; within 8h }\n" +
         (calendar ? "  node contract { owner legal; within 3 workdays }\n"
                   : "  node contract { owner legal; within 3d }\n") +
         "  bands {\n    green <= 2h\n    yellow <= 8h\n    red > 8h\n  }\n}\n";
}

struct Event {
  int64_t at;  // seconds
  uint32_t lead;
  uint8_t stage;
  uint8_t actor;
};

const char* const kStages[] = {"submitted", "screened", "solution", "contract"};

// Leads arriving over 26 weeks from 2025-07-01; per lead: submitted (2% missing), screened after up to
// 2h (74.5%), 2-8h (16%) or 8-48h (5%), missing for 4%, before `submitted` for 0.5%; solution after
// 1-12h (missing for 10%), contract after 0.5-5 days (missing for 20%). The events are sorted by time,
// as an export is. Deterministic.
std::vector<Event> generate_leads(size_t leads) {
  std::mt19937_64 rng(7);
  std::vector<Event> out;
  out.reserve(leads * 4);
  const int64_t start = kInspectionsStart, span = 182LL * 86400;
  auto uniform = [&](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo));
  };
  for (size_t i = 0; i < leads; ++i) {
    auto lead = static_cast<uint32_t>(i);
    auto actor = [&] { return static_cast<uint8_t>(rng() % 40); };
    int64_t t = start + static_cast<int64_t>(i) * span / static_cast<int64_t>(leads) + uniform(0, 3600);
    if (rng() % 50 != 0) out.push_back({t, lead, 0, actor()});
    uint64_t p = rng() % 1000;
    if (p >= 40) {
      int64_t screened = p < 45    ? t - uniform(60, 600)
                         : p < 790 ? t + uniform(60, 7200)
                         : p < 950 ? t + uniform(7200, 8 * 3600)
                                   : t + uniform(8 * 3600, 48 * 3600);
      out.push_back({screened, lead, 1, actor()});
      t = std::max(t, screened);
    }
    if (rng() % 10 == 0) continue;
    t += uniform(3600, 12 * 3600);
    out.push_back({t, lead, 2, actor()});
    if (rng() % 5 == 0) continue;
    t += uniform(43200, 5 * 86400);
    out.push_back({t, lead, 3, actor()});
  }
  std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
  return out;
}

rt::Table events_table(const plan::TablePlan& source, const std::vector<Event>& events) {
  rt::Table t = rt::Table::empty(rt::table_spec(source));
  char buf[32];
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    std::snprintf(buf, sizeof buf, "E%09zu", i);
    t.columns[0].push_string(buf);
    std::snprintf(buf, sizeof buf, "L%07u", e.lead);
    t.columns[1].push_string(buf);
    t.columns[2].push_string(kStages[e.stage]);
    std::snprintf(buf, sizeof buf, "U%02u", e.actor);
    t.columns[3].push_string(buf);
    t.columns[4].push_int(e.at * 1'000'000);
    t.row_number.push_back(i + 2);
  }
  return t;
}

// The checksum: sum of value x (local day of the week's Monday - 20000).
Check check_of(const rt::IndicatorValues& values, const rt::TimeZone& tz) {
  Check c;
  for (size_t k = 0; k < values.size(); ++k) {
    if (!values.value.is_valid(k)) continue;
    ++c.groups;
    c.checksum +=
        values.value.f64[k] * static_cast<double>(tz.to_local(values.period_start[k]) / rt::kMicrosPerDay - 20000);
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  size_t leads = argc > 1 ? std::stoull(argv[1]) : 1'000'000;
  int reps = reps_from_env();
  Project project = load_project(std::string(kSourceAndIndicators) + chain_text(false));
  Project worktime = load_project(std::string(kSourceAndIndicators) + chain_text(true));
  const rt::TimeZone& tz = project.tz;
  double load_before = load_average();

  std::fprintf(stderr, "generating %zu leads ...\n", leads);
  std::vector<Event> events = generate_leads(leads);
  std::vector<rt::Table> tables;
  for (const auto& tp : project.plan.tables)
    tables.push_back(tp.is_chain ? rt::Table::empty(rt::table_spec(tp)) : events_table(tp, events));
  const rt::Table& source = tables[project.plan.chains[0].from_table];
  const rt::Micros as_of = rt::latest_event_time(project.plan, tables, tz).value_or(0);

  // 1. the chain's step rows
  auto calendars = rt::build_calendars(project.plan, tz);
  Times chain_t = best_of(reps, [&] { rt::compute_chains(project.plan, tables, tz, calendars, as_of); });
  const size_t steps = tables[project.plan.chains[0].table].rows();
  Times worktime_t;
  {
    std::vector<rt::Table> wt;
    for (size_t i = 0; i < tables.size(); ++i)
      wt.push_back(worktime.plan.tables[i].is_chain ? rt::Table::empty(rt::table_spec(worktime.plan.tables[i]))
                                                    : tables[i]);
    auto wcal = rt::build_calendars(worktime.plan, tz);
    worktime_t = best_of(1, [&] { rt::compute_chains(worktime.plan, wt, tz, wcal, as_of); });
  }

  // 2. the indicators over the chain's table
  auto created = jit::Jit::create();
  if (!created.ok()) {
    std::fprintf(stderr, "no JIT: %s\n", created.error().c_str());
    return 1;
  }
  auto session = std::move(created).value();
  auto kernels = session->compile(project.plan, tz, jit::JitOptions{});
  for (const auto& note : kernels->notes())
    if (!note.compiled) std::fprintf(stderr, "not compiled: %s: %s\n", note.name.c_str(), note.reason.c_str());
  EngineTimes engines = evaluate_both(project, tables, as_of, kernels.get(), reps);
  const Times& interp_t = engines.interpreter;
  const Times& jit_t = engines.jit;
  const rt::RunResult& interp_result = engines.interpreter_result;
  const rt::RunResult& jit_result = engines.jit_result;

  // 3. SQLite: the same events, the equivalent SQL of lead_response_timeliness (plain elapsed time)
  Times sqlite_load;
  sqlite3* db = sqlite_copy(source, "lead_events", {{"lead_id", 1}, {"stage", 2}, {"at", 4}}, sqlite_load);
  const std::string as_of_s = std::to_string(as_of / 1'000'000);
  // A screened step: reached -> started at `submitted` (or at itself when `submitted` is missing or
  // later), late after 2h; not reached -> skipped when a later node was reached, else pending/overdue
  // from `submitted`. The week is the local (UTC+8) week from Monday of `started`.
  const std::string sql =
      "WITH f AS (SELECT lead_id, MIN(CASE WHEN stage = 'submitted' THEN at END) AS sub, "
      "  MIN(CASE WHEN stage = 'screened' THEN at END) AS scr, "
      "  MIN(CASE WHEN stage IN ('solution', 'contract') THEN at END) AS later "
      "  FROM lead_events WHERE at <= " +
      as_of_s +
      " GROUP BY lead_id), "
      "s AS (SELECT CASE WHEN scr IS NOT NULL THEN MIN(COALESCE(sub, scr), scr) ELSE sub END AS started, "
      "  CASE WHEN scr IS NOT NULL THEN (CASE WHEN scr - MIN(COALESCE(sub, scr), scr) > 7200 THEN 'late' ELSE "
      "'on_time' END) "
      "       WHEN later IS NOT NULL THEN 'skipped' "
      "       WHEN sub IS NOT NULL THEN (CASE WHEN " +
      as_of_s +
      " - sub > 7200 THEN 'overdue' ELSE 'pending' END) "
      "       ELSE 'not_started' END AS status FROM f) "
      "SELECT 'marketing' AS charge, date(started, 'unixepoch', '+8 hours', '-6 days', 'weekday 1') AS week, "
      "  AVG(status = 'on_time') AS value FROM s WHERE status IN ('on_time', 'late', 'overdue') GROUP BY week";
  Check sqlite_check;
  Times sqlite_t = best_of(reps, [&] {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
      std::exit(1);
    }
    sqlite_check = {};
    while (sqlite3_step(q) == SQLITE_ROW) {
      auto day = rt::parse_date(reinterpret_cast<const char*>(sqlite3_column_text(q, 1)));
      ++sqlite_check.groups;
      sqlite_check.checksum += sqlite3_column_double(q, 2) * static_cast<double>(day.value_or(0) - 20000);
    }
    sqlite3_finalize(q);
  });
  sqlite3_close(db);
  double load_after = load_average();

  // ---- checks and report -----------------------------------------------------------------------------
  Check reference = check_of(interp_result.values[0], tz);
  bool all_same = true;
  auto compare = [&](const char* what, const Check& c, const Check& ref) {
    if (c.same_as(ref)) return;
    all_same = false;
    std::fprintf(stderr, "MISMATCH: %s has %zu groups, checksum %.9g; the interpreter %zu, %.9g\n", what, c.groups,
                 c.checksum, ref.groups, ref.checksum);
  };
  compare("JIT lead_response_timeliness", check_of(jit_result.values[0], tz), reference);
  compare("JIT step_hours", check_of(jit_result.values[1], tz), check_of(interp_result.values[1], tz));
  compare("SQLite lead_response_timeliness", sqlite_check, reference);

  std::printf(
      "leads: %zu, events: %zu, step rows: %zu, values: %zu + %zu; every contender's result %s the interpreter's\n",
      leads, source.rows(), steps, interp_result.values[0].size(), interp_result.values[1].size(),
      all_same ? "matches" : "DOES NOT match");
  std::printf("host: %s; load average %.2f before, %.2f after; best of %d; %zu of 2 indicators compiled\n\n",
              session->host().c_str(), load_before, load_after, reps, kernels->compiled_count());
  auto mrows = [](size_t rows, double s) { return static_cast<double>(rows) / s / 1e6; };
  std::printf("| measurement | CPU time (s) | wall time (s) | M rows/s (CPU) |\n|---|---|---|---|\n");
  std::printf("| compute_chains: %zu events -> %zu step rows, elapsed time | %.3f | %.3f | %.2f (events) |\n",
              source.rows(), steps, chain_t.cpu, chain_t.wall, mrows(source.rows(), chain_t.cpu));
  std::printf("| compute_chains, working time (business calendar; once) | %.3f | %.3f | %.2f (events) |\n",
              worktime_t.cpu, worktime_t.wall, mrows(source.rows(), worktime_t.cpu));
  std::printf("| 2 indicators over the step rows: interpreter | %.3f | %.3f | %.1f (steps) |\n", interp_t.cpu,
              interp_t.wall, mrows(steps, interp_t.cpu));
  std::printf("| 2 indicators over the step rows: JIT kernels | %.3f | %.3f | %.1f (steps) |\n", jit_t.cpu, jit_t.wall,
              mrows(steps, jit_t.cpu));
  std::printf("| SQLite %s: load the events into memory (not compared) | %.2f | %.2f | |\n", sqlite3_libversion(),
              sqlite_load.cpu, sqlite_load.wall);
  std::printf("| SQLite: lead_response_timeliness from the events | %.3f | %.3f | %.2f (events) |\n", sqlite_t.cpu,
              sqlite_t.wall, mrows(source.rows(), sqlite_t.cpu));

  print_ratio_table("Indicators over the step rows: the contender's time over the JIT's.", jit_t,
                    {{"interpreter", interp_t, 2}});
  Times jit_total{chain_t.cpu + jit_t.cpu, chain_t.wall + jit_t.wall};
  Times interp_total{chain_t.cpu + interp_t.cpu, chain_t.wall + interp_t.wall};
  print_ratio_table(
      "From the events (compute_chains + the indicators): the contender's time over compute_chains + the JIT's.",
      jit_total, {{"compute_chains + interpreter", interp_total}, {"SQLite (one indicator, one node)", sqlite_t}});
  return all_same ? 0 : 1;
}
