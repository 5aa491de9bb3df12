// Differential test for runtime/chains: rt::compute_chains against the implementation it replaced
// (kept verbatim below as old_chains::compute_chains: cases keyed by text in a std::map, step texts
// compared with node names per row, strings pushed per row), on random programs and random events:
// text and non-text case columns (string, enum, int, number, bool, timestamp, date), duplicate event
// times, missing and unknown steps, nulls, `when` predicates, own bands, calendars, events after as_of,
// dictionaries out of text order and with duplicate texts. The step tables must be identical: every
// column's validity and values (texts by value: the new tables share the source's dictionaries), the
// row numbers, and the out-of-order counts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/frontend/frontend.h"
#include "compiler/plan/lower.h"
#include "runtime/chains.h"
#include "runtime/dataset.h"
#include "runtime/eval.h"

// ---- the implementation before the dictionary-code rewrite (runtime/chains.cpp at 1ec099b) ---------
// Verbatim but for the `int` case column (marked below), which it read out of bounds.
namespace old_chains {
using namespace jixiao::rt;
using jixiao::plan::ChainPlan;
using jixiao::plan::NodePlan;
using jixiao::plan::PlanOp;
namespace plan = jixiao::plan;

namespace {

// Time as the chain counts it: plain elapsed time, or working time under a calendar.
class ChainClock {
 public:
  explicit ChainClock(const BusinessCalendar* cal) {
    if (cal) schedule_.emplace(*cal);
  }
  Micros between(Micros a, Micros b) const {
    if (!schedule_) return b - a;
    return b >= a ? schedule_->working_time_between(a, b) : -schedule_->working_time_between(b, a);
  }
  // The deadline instant; nullopt without `within`, or when a calendar has no working time at all.
  std::optional<Micros> due(Micros start, const NodePlan& n) const {
    if (n.within_workdays) {
      if (!schedule_) return start + *n.within_workdays * kMicrosPerDay;
      return schedule_->add_workdays(start, *n.within_workdays);
    }
    if (!n.within) return std::nullopt;
    if (!schedule_) return start + *n.within;
    return schedule_->add_working_time(start, *n.within);
  }
  // The deadline as a working duration, to compare with a node's duration or elapsed time.
  std::optional<Micros> limit(Micros start, const NodePlan& n) const {
    if (n.within) return n.within;
    if (n.within_workdays) {
      auto d = due(start, n);
      if (d) return between(start, *d);
    }
    return std::nullopt;
  }

 private:
  std::optional<WorkSchedule> schedule_;
};

const char* kStatusOnTime = "on_time";
const char* kStatusLate = "late";
const char* kStatusPending = "pending";
const char* kStatusOverdue = "overdue";
const char* kStatusSkipped = "skipped";
const char* kStatusNotStarted = "not_started";

bool band_holds(const plan::BandPlan& b, Micros elapsed) {
  switch (b.op) {
    case PlanOp::Lt: return elapsed < b.bound;
    case PlanOp::Le: return elapsed <= b.bound;
    case PlanOp::Gt: return elapsed > b.bound;
    case PlanOp::Ge: return elapsed >= b.bound;
    case PlanOp::Eq: return elapsed == b.bound;
    default: return elapsed != b.bound;
  }
}

std::string text_of(const Column& c, size_t row) {
  if (!c.valid[row]) return {};
  switch (c.kind) {
    case ColumnKind::String:
    case ColumnKind::Enum: return c.dict()[c.codes[row]];
    case ColumnKind::Number: {
      std::string s = std::to_string(c.f64[row]);
      return s;
    }
    default: return std::to_string(c.i64[row]);
  }
}

}  // namespace

std::optional<std::string> step_band(const plan::ChainPlan& chain, const plan::NodePlan& node, Micros elapsed) {
  for (auto& b : node.own_bands ? node.bands : chain.bands)
    if (band_holds(b, elapsed)) return b.name;
  return std::nullopt;
}

std::vector<ChainStats> compute_chains(const plan::ProgramPlan& plan, std::vector<Table>& tables, const TimeZone& tz,
                                       const std::vector<BusinessCalendar>& calendars, Micros as_of) {
  std::vector<ChainStats> stats;
  for (const ChainPlan& cp : plan.chains) {
    ChainStats st;
    if (cp.from_table < 0 || cp.case_column < 0 || cp.step_column < 0 || cp.table < 0) {
      stats.push_back(st);
      continue;
    }
    const Table& src = tables[cp.from_table];
    const plan::TablePlan& sp = plan.tables[cp.from_table];
    Table& out = tables[cp.table];
    out = Table::empty(out.spec);
    ChainClock clock(cp.calendar >= 0 ? &calendars[cp.calendar] : nullptr);
    EventTimes event_times(src, sp.time_column, tz);
    const Column& time = *event_times.get();
    const Column& case_col = src.columns[cp.case_column];
    const Column& step_col = src.columns[cp.step_column];

    // Which node each event reaches: its own `when`, else the step value equals the node's name.
    size_t n = src.rows();
    std::vector<std::vector<uint8_t>> matches(cp.nodes.size(), std::vector<uint8_t>(n, 0));
    TableLeaves leaves(src, sp);
    std::deque<std::string> arena;
    EvalContext ctx{&tz, &arena};
    for (size_t k = 0; k < cp.nodes.size(); ++k) {
      const NodePlan& node = cp.nodes[k];
      if (!node.when.empty()) {
        Vec cond;
        for (size_t begin = 0; begin < n; begin += 2048) {
          size_t len = std::min<size_t>(2048, n - begin);
          evaluate(node.when, leaves, begin, len, ctx, cond);
          for (size_t r = 0; r < len; ++r) matches[k][begin + r] = cond.valid[r] && cond.i64[r];
        }
      } else {
        std::string step_text;
        for (size_t r = 0; r < n; ++r) matches[k][r] = step_col.valid[r] && text_of(step_col, r) == node.name;
      }
    }

    // Events by case, in event time order (ties: the row read first); events after as_of are ignored.
    std::map<std::string, std::vector<uint32_t>> by_case;
    for (size_t r = 0; r < n; ++r) {
      if (!time.valid[r] || time.i64[r] > as_of || !case_col.valid[r]) continue;
      by_case[text_of(case_col, r)].push_back(static_cast<uint32_t>(r));
    }
    const Column* evidence = sp.evidence_column >= 0 ? &src.columns[sp.evidence_column] : nullptr;
    const Column* actor = sp.actor_column >= 0 ? &src.columns[sp.actor_column] : nullptr;

    for (auto& [case_id, rows] : by_case) {
      std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) { return time.i64[a] < time.i64[b]; });
      size_t nodes = cp.nodes.size();
      std::vector<int64_t> entry_row(nodes, -1);
      for (size_t k = 0; k < nodes; ++k)
        for (uint32_t r : rows)
          if (matches[k][r]) {
            entry_row[k] = r;
            break;
          }
      for (size_t k = 0; k < nodes; ++k) {
        const NodePlan& node = cp.nodes[k];
        std::optional<Micros> started, entered, due, duration, elapsed;
        int64_t source_row = -1;  // whose evidence and actor the row carries
        const char* status;
        if (entry_row[k] >= 0) {
          entered = time.i64[entry_row[k]];
          source_row = entry_row[k];
          int prev = -1;
          for (int j = static_cast<int>(k) - 1; j >= 0; --j)
            if (entry_row[j] >= 0) {
              prev = j;
              break;
            }
          started = prev >= 0 ? time.i64[entry_row[prev]] : *entered;
          if (*entered < *started) {  // reached before the node its clock starts from
            ++st.out_of_order;
            started = entered;
          }
          duration = clock.between(*started, *entered);
          elapsed = duration;
          auto limit = clock.limit(*started, node);
          status = limit && *duration > *limit ? kStatusLate : kStatusOnTime;
          due = clock.due(*started, node);
        } else {
          bool later_reached = false;
          for (size_t j = k + 1; j < nodes; ++j) later_reached = later_reached || entry_row[j] >= 0;
          if (later_reached) {
            status = kStatusSkipped;
          } else if (k > 0 && entry_row[k - 1] >= 0) {
            started = time.i64[entry_row[k - 1]];
            source_row = entry_row[k - 1];
            elapsed = clock.between(*started, std::max(as_of, *started));
            due = clock.due(*started, node);
            auto limit = clock.limit(*started, node);
            status = limit && *elapsed > *limit ? kStatusOverdue : kStatusPending;
          } else {
            status = kStatusNotStarted;
          }
        }
        // The band: the first whose bound holds for elapsed (the node's own bands replace the chain's).
        std::optional<std::string> band;
        if (elapsed) band = step_band(cp, node, *elapsed);

        auto put_time = [](Column& c, const std::optional<Micros>& v) {
          if (v)
            c.push_int(*v);
          else
            c.push_null();
        };
        auto put_text = [](Column& c, const std::optional<std::string>& v) {
          if (v)
            c.push_string(*v);
          else
            c.push_null();
        };
        Column* cols = out.columns.data();
        // case column keeps the source's type when it is not text
        if (cols[0].kind == ColumnKind::String) cols[0].push_string(case_id);
        // The one change to the old code: an `int` case column (ColumnKind::Int) becomes a number column
        // in the step table, and the old code read its f64 array, which is empty (out of bounds).
        else if (cols[0].kind == ColumnKind::Number)
          cols[0].push_number(case_col.kind == ColumnKind::Number ? case_col.f64[rows[0]]
                                                                  : static_cast<double>(case_col.i64[rows[0]]));
        else
          cols[0].push_int(case_col.i64[rows[0]]);
        cols[1].push_string(node.name);
        put_text(cols[2], node.owner.empty() ? std::nullopt : std::optional<std::string>(node.owner));
        put_text(cols[3], node.charge.empty() ? std::nullopt : std::optional<std::string>(node.charge));
        put_time(cols[4], started);
        put_time(cols[5], entered);
        put_time(cols[6], due);
        put_time(cols[7], duration);
        put_time(cols[8], elapsed);
        cols[9].push_string(status);
        put_text(cols[10], band);
        std::optional<std::string> ev, who;
        if (source_row >= 0 && evidence && evidence->valid[source_row]) ev = text_of(*evidence, source_row);
        if (source_row >= 0 && actor && actor->valid[source_row]) who = text_of(*actor, source_row);
        put_text(cols[11], ev);
        put_text(cols[12], who);
        out.row_number.push_back(source_row >= 0 ? src.row_number[source_row] : 0);
      }
    }
    stats.push_back(st);
  }
  return stats;
}

}  // namespace old_chains

using namespace jixiao;
using namespace jixiao::rt;

namespace {

const TimeZone& shanghai() {
  static const TimeZone tz = *TimeZone::find("Asia/Shanghai");
  return tz;
}

enum class CaseType { String, Enum, Int, Number, Bool, Timestamp, Date };
const char* const kCaseTypeText[] = {"string", "enum(K1, K2, K3, K4, k1)", "int", "number", "bool", "timestamp",
                                     "date"};

struct Scenario {
  std::string text;
  CaseType case_type = CaseType::String;
  bool step_enum = false;
  bool evidence_int = false;
  bool time_date = false;
};

// A random project: one source, one or two chains over it.
Scenario random_program(std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  Scenario s;
  s.case_type = static_cast<CaseType>(pick(7));
  s.step_enum = pick(3) == 0;
  s.evidence_int = pick(4) == 0;
  s.time_date = pick(6) == 0;
  std::string t =
      "project p { timezone \"Asia/Shanghai\" }\n\n"
      "calendar cal {\n  hours     mon-fri 09:00-12:00, 13:00-18:00\n"
      "  holidays  2025-01-01..2025-01-02\n  workdays  2025-01-04\n}\n\n";
  t += "source ev {\n  time      at\n  evidence  eid\n  actor     who\n";
  t += std::string("  eid:    ") + (s.evidence_int ? "int" : "string") + "\n";
  t += std::string("  cid:    ") + kCaseTypeText[static_cast<int>(s.case_type)] + "\n";
  t += std::string("  step:   ") + (s.step_enum ? "enum(a, b, c, d, e, x)" : "string") + "\n";
  t += "  who:    string\n  amount: number\n";
  t += std::string("  at:     ") + (s.time_date ? "date" : "timestamp") + "\n}\n";
  const char* const names[] = {"a", "b", "c", "d", "e"};
  size_t chains = 1 + pick(2);
  for (size_t ch = 0; ch < chains; ++ch) {
    bool calendar = pick(2) == 0;
    t += "\nchain flow" + std::to_string(ch) + " {\n  from  ev\n  case  cid\n  step  step\n";
    if (calendar) t += "  calendar  cal\n";
    std::vector<std::string> order(names, names + 5);
    std::shuffle(order.begin(), order.end(), rng);
    size_t nodes = 1 + pick(5);
    for (size_t k = 0; k < nodes; ++k) {
      t += "  node " + order[k] + " {\n";
      if (pick(4) != 0) t += std::string("    owner ") + (pick(2) ? "o1" : "o2") + "\n";
      switch (pick(5)) {
        case 0: break;
        case 1: t += "    within " + std::to_string(1 + pick(3)) + "h\n"; break;
        case 2: t += "    within " + std::to_string(10 + pick(50)) + "m\n"; break;
        case 3:
          t += calendar ? "    within " + std::to_string(1 + pick(2)) + " workdays\n" : "    within 1h30m\n";
          break;
        default: t += calendar ? "    within 0.5 workdays\n" : "    within 2d\n"; break;
      }
      if (pick(3) == 0) t += std::string("    charge ") + (pick(2) ? "c1" : "o1") + "\n";
      switch (pick(8)) {
        case 0: t += "    when amount > 3\n"; break;
        case 1:
          t += s.step_enum ? "    when step == x and amount is not null\n"
                           : "    when step == \"x\" and amount is not null\n";
          break;
        case 2: t += "    when who is null\n"; break;
        default: break;
      }
      if (pick(4) == 0) t += "    bands {\n      fast  <= 30m\n      slow  > 30m\n    }\n";
      t += "  }\n";
    }
    if (pick(3) != 0) t += "  bands {\n    green   <= 1h\n    yellow  <= 5h\n    red     > 5h\n  }\n";
    t += "}\n";
  }
  s.text = t;
  return s;
}

// Random events for the source: case values from a small pool (texts that sort unlike their codes,
// numbers that print alike), times on a coarse grid (ties), steps that name no node, nulls.
void fill_events(std::mt19937_64& rng, const Scenario& s, Table& t, Micros base) {
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> strings = {"K1", "K2", "K10", "k1", "", "线索", "K3", "a b", "K4", "Z"};
  const std::vector<std::string> members = {"K1", "K2", "K3", "K4", "k1"};
  const std::vector<int64_t> ints = {-5, -50, 0, 1, 2, 10, 11, 100, 9, -1};
  const std::vector<double> numbers = {1.5,  1.0000001, 1.0000002, -0.0, 0.0,
                                       10.0, 2.0,       -3.25,     1e20, std::numeric_limits<double>::quiet_NaN()};
  const std::vector<std::string> steps = {"a", "b", "c", "d", "e", "x"};
  size_t rows = pick(120);
  size_t pool = 1 + pick(10);
  for (size_t i = 0; i < rows; ++i) {
    Column* c = t.columns.data();
    // eid
    if (pick(15) == 0)
      c[0].push_null();
    else if (s.evidence_int)
      c[0].push_int(static_cast<int64_t>(pick(40)));
    else
      c[0].push_string("E" + std::to_string(pick(3) == 0 ? pick(20) : i));
    // cid
    if (pick(12) == 0) {
      c[1].push_null();
    } else {
      size_t v = pick(pool);
      switch (s.case_type) {
        case CaseType::String: c[1].push_string(strings[v % strings.size()]); break;
        case CaseType::Enum: c[1].push_string(members[v % members.size()]); break;
        case CaseType::Int: c[1].push_int(ints[v % ints.size()]); break;
        case CaseType::Number: c[1].push_number(numbers[v % numbers.size()]); break;
        case CaseType::Bool: c[1].push_int(static_cast<int64_t>(v % 2)); break;
        case CaseType::Timestamp:
          c[1].push_int(base + static_cast<int64_t>(v % 7) * 3 * kMicrosPerHour - 7 * kMicrosPerHour);
          break;
        case CaseType::Date: c[1].push_int(20080 + static_cast<int64_t>(v % 12) - 3); break;
      }
    }
    // step
    if (pick(12) == 0)
      c[2].push_null();
    else
      c[2].push_string(steps[pick(steps.size())]);
    // who
    if (pick(4) == 0)
      c[3].push_null();
    else
      c[3].push_string("U" + std::to_string(pick(5)));
    // amount
    if (pick(5) == 0)
      c[4].push_null();
    else
      c[4].push_number(static_cast<double>(pick(7)));
    // at: 15-minute grid over 4 days, in no particular order
    if (pick(15) == 0)
      c[5].push_null();
    else if (s.time_date)
      c[5].push_int(20090 + static_cast<int64_t>(pick(4)));
    else
      c[5].push_int(base + static_cast<int64_t>(pick(4 * 24 * 4)) * 15 * kMicrosPerMinute);
    t.row_number.push_back(i + 2);
  }
  // Now and then a dictionary entry whose text another entry already has (not through push_string:
  // a dictionary built elsewhere may have one); the old code keyed cases by text, so they are one case.
  // Column `col` gets such an entry; each row with its text moves to it with odds 1 in `one_in`.
  auto add_duplicate_entry = [&](size_t col, size_t one_in) {
    Column& c = t.columns[col];
    if (c.kind != ColumnKind::String || rows == 0 || pick(3) != 0) return;
    int32_t dup = static_cast<int32_t>(c.dict().size());
    std::vector<std::string>& texts = c.own_dictionary().texts;
    texts.push_back(texts[pick(texts.size())]);
    for (size_t r = 0; r < rows; ++r)
      if (c.valid[r] && pick(one_in) == 0 && c.dict()[c.codes[r]] == c.dict().back()) c.codes[r] = dup;
  };
  add_duplicate_entry(1, 3);  // the case column
  add_duplicate_entry(2, 2);  // the step column
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void require_same_table(const Table& want, const Table& got) {
  INFO("table " << want.spec.name);
  REQUIRE(got.columns.size() == want.columns.size());
  REQUIRE(got.row_number == want.row_number);
  for (size_t c = 0; c < want.columns.size(); ++c) {
    INFO("column " << want.spec.columns[c].name);
    const Column& a = want.columns[c];
    const Column& b = got.columns[c];
    CHECK(a.kind == b.kind);
    CHECK(a.valid == b.valid);
    CHECK(a.i64 == b.i64);
    CHECK(same_bits(a.f64, b.f64));
    // Text by value: the new step table shares the source column's dictionary (and its codes), the old
    // one built its own; every row's text must be the same, and found by its dictionary's index.
    REQUIRE(a.codes.size() == b.codes.size());
    for (size_t r = 0; r < a.codes.size(); ++r) {
      if (!a.valid[r]) continue;
      const std::string& text = a.dict()[static_cast<size_t>(a.codes[r])];
      CHECK(b.dict()[static_cast<size_t>(b.codes[r])] == text);
      const int32_t found = b.code_of(text);
      CHECK((found >= 0 && b.dict()[static_cast<size_t>(found)] == text));
    }
  }
}

}  // namespace

TEST_CASE("compute_chains gives the same step tables as the text-keyed implementation", "[chains][diff]") {
  std::mt19937_64 rng(20261127);
  const TimeZone& tz = shanghai();
  const Micros base = *parse_timestamp("2025-01-01T08:00", tz);
  int programs = 0, nonempty = 0;
  int64_t out_of_order = 0;
  for (int iteration = 0; iteration < 400; ++iteration) {
    Scenario s = random_program(rng);
    INFO("iteration " << iteration << "\n" << s.text);
    auto project = check_texts({{"rules/project.perf", s.text}});
    std::string diags;
    for (auto& d : project->diags.all()) diags += render_text(d, *project->sources) + "\n";
    INFO(diags);
    REQUIRE_FALSE(project->diags.has_errors());
    plan::ProgramPlan pp = plan::lower(project->program);
    ++programs;
    std::vector<Table> tables;
    for (auto& tp : pp.tables) tables.push_back(Table::empty(table_spec(tp)));
    for (size_t i = 0; i < pp.tables.size(); ++i)
      if (!pp.tables[i].is_chain) fill_events(rng, s, tables[i], base);
    auto calendars = build_calendars(pp, tz);
    for (int k = 0; k < 3; ++k) {
      // as_of: before, inside or after the events (also within a tie of event times)
      Micros as_of = base + static_cast<int64_t>(rng() % (5 * 24 * 4)) * 15 * kMicrosPerMinute - 12 * kMicrosPerHour;
      INFO("as_of " << as_of);
      std::vector<Table> want = tables, got = tables;
      auto want_stats = old_chains::compute_chains(pp, want, tz, calendars, as_of);
      auto got_stats = compute_chains(pp, got, tz, calendars, as_of);
      REQUIRE(got_stats.size() == want_stats.size());
      for (size_t c = 0; c < want_stats.size(); ++c) {
        CHECK(got_stats[c].out_of_order == want_stats[c].out_of_order);
        out_of_order += want_stats[c].out_of_order;
      }
      for (size_t i = 0; i < pp.tables.size(); ++i)
        if (pp.tables[i].is_chain) {
          require_same_table(want[i], got[i]);
          if (want[i].rows() > 0) ++nonempty;
        }
      // a second run over the filled step tables starts afresh, and the cases split between two or
      // three threads make the same tables
      auto again = compute_chains(pp, got, tz, calendars, as_of, nullptr, 2 + static_cast<unsigned>(k % 2));
      for (size_t i = 0; i < pp.tables.size(); ++i)
        if (pp.tables[i].is_chain) require_same_table(want[i], got[i]);
    }
  }
  CHECK(programs == 400);
  CHECK(nonempty > 600);  // most runs have step rows to compare
  CHECK(out_of_order > 0);  // and some reached a node before the one its clock starts from
}

TEST_CASE("compute_chains on a larger random event table matches the text-keyed implementation", "[chains][diff]") {
  // Many cases (dictionary codes far from text order), many events per case, one chain of five nodes.
  const char* text = R"(project p { timezone "Asia/Shanghai" }

calendar cal {
  hours     mon-fri 09:00-12:00, 13:00-18:00
}

source ev {
  time      at
  evidence  eid
  actor     who
  eid:  string
  cid:  string
  step: string
  who:  string
  at:   timestamp
}

chain flow {
  from      ev
  case      cid
  step      step
  calendar  cal
  node a { owner o1 }
  node b { owner o2; within 2h; charge c1 }
  node c { owner o1; within 1 workdays }
  node d {
    within  30m
    when    step == "x" and who is not null
    bands {
      fast  <= 10m
      slow  > 10m
    }
  }
  node e { owner o2; within 4h }
  bands {
    green  <= 1h
    red    > 1h
  }
}
)";
  auto project = check_texts({{"rules/project.perf", text}});
  REQUIRE_FALSE(project->diags.has_errors());
  plan::ProgramPlan pp = plan::lower(project->program);
  const TimeZone& tz = shanghai();
  const Micros base = *parse_timestamp("2025-01-06T08:00", tz);
  std::mt19937_64 rng(7);
  std::vector<Table> tables;
  for (auto& tp : pp.tables) tables.push_back(Table::empty(table_spec(tp)));
  Table& ev = tables[pp.chains[0].from_table];
  const char* const steps[] = {"a", "b", "c", "d", "e", "x", "y"};
  for (size_t i = 0; i < 20000; ++i) {
    Column* c = ev.columns.data();
    c[0].push_string("E" + std::to_string(i));
    c[1].push_string("C" + std::to_string(rng() % 3000));
    c[2].push_string(steps[rng() % 7]);
    if (rng() % 5 == 0)
      c[3].push_null();
    else
      c[3].push_string("U" + std::to_string(rng() % 9));
    c[4].push_int(base + static_cast<int64_t>(rng() % (10 * 24 * 12)) * 5 * kMicrosPerMinute);
    ev.row_number.push_back(i + 2);
  }
  auto calendars = build_calendars(pp, tz);
  for (Micros as_of : {base + 3 * kMicrosPerDay, base + 30 * kMicrosPerDay}) {
    std::vector<Table> want = tables, got = tables;
    auto want_stats = old_chains::compute_chains(pp, want, tz, calendars, as_of);
    auto got_stats = compute_chains(pp, got, tz, calendars, as_of);
    CHECK(got_stats[0].out_of_order == want_stats[0].out_of_order);
    CHECK(want[pp.chains[0].table].rows() > 10000);
    require_same_table(want[pp.chains[0].table], got[pp.chains[0].table]);
    for (unsigned threads : {2u, 3u}) {
      std::vector<Table> split = tables;
      auto split_stats = compute_chains(pp, split, tz, calendars, as_of, nullptr, threads);
      CHECK(split_stats[0].out_of_order == want_stats[0].out_of_order);
      require_same_table(want[pp.chains[0].table], split[pp.chains[0].table]);
    }
  }
}
