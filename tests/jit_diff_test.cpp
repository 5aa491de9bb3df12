// Differential tests: the JIT's compiled indicator loops against the interpreter, which is the
// reference semantics (docs/architecture.md, execution model).
//
// A generator writes random well-typed projects (one source with random columns; indicators with
// random `where`, aggregates, filters, `by` and `every`) and random data (nulls, empty tables, batch
// boundaries, extreme values); every indicator value must come out the same both ways: entity, period,
// value and aggregates (floats within 1e-9 relative), rows, evidence, status and the contributing rows.
// Rules inside the compiled subset must be compiled, and rules outside it (functions, median ...) must be
// left to the interpreter, so the test also proves which path ran.
//
// Time-bounded: JIXIAO_JIT_FUZZ_SECONDS (default 20) or JIXIAO_JIT_FUZZ_PROJECTS (default 300)
// projects, whichever comes first. JIXIAO_JIT_FUZZ_SEED replays from a given project seed (a failure
// prints its seed). Every mismatch found becomes a case under "regressions" below.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "compiler/frontend/frontend.h"
#include "compiler/jit/jit.h"
#include "compiler/plan/lower.h"
#include "runtime/chains.h"
#include "runtime/dataset.h"
#include "runtime/actions/actions.h"
#include "runtime/engine.h"
#include "stdlib/builtins.h"

namespace {

using namespace jixiao;

jit::Jit& session() {
  static std::unique_ptr<jit::Jit> jit = [] {
    auto created = jit::Jit::create();
    if (!created.ok()) throw std::runtime_error("the JIT cannot be set up: " + created.error());
    return std::move(created).value();
  }();
  return *jit;
}

// ---- comparing results -----------------------------------------------------------------------------

bool close(double x, double y) {
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  if (x == y) return true;
  return std::abs(x - y) <= 1e-9 * std::max(std::abs(x), std::abs(y));
}

bool same(const rt::Scalar& a, const rt::Scalar& b) {
  if (a.valid != b.valid || a.type != b.type) return false;
  if (!a.valid) return true;
  if (a.type == plan::VType::Str) return a.str == b.str;
  if (a.type == plan::VType::Num) return close(a.num, b.num);
  return a.i64 == b.i64;
}

std::string show(const rt::Scalar& s) {
  if (!s.valid) return "null";
  if (s.type == plan::VType::Str) return "\"" + s.str + "\"";
  if (s.type == plan::VType::Num) {
    std::ostringstream o;
    o.precision(17);
    o << s.num;
    return o.str();
  }
  return std::to_string(s.i64);
}

// The first difference between two runs, or empty.
std::string difference(const plan::ProgramPlan& plan, const rt::RunResult& want, const rt::RunResult& got) {
  for (size_t i = 0; i < plan.indicators.size(); ++i) {
    const auto& w = want.values[i];
    const auto& g = got.values[i];
    std::string name = plan.indicators[i].name;
    if (w.size() != g.size())
      return name + ": " + std::to_string(w.size()) + " values interpreted, " + std::to_string(g.size()) + " compiled";
    for (size_t k = 0; k < w.size(); ++k) {
      rt::ValueRef a = w[k], b = g[k];
      std::string at = name + " value " + std::to_string(k) + " (period " + a.period() + "): ";
      std::vector<rt::Scalar> ae = a.entity(), be = b.entity();
      if (ae.size() != be.size()) return at + "entity width";
      for (size_t e = 0; e < ae.size(); ++e)
        if (!same(ae[e], be[e])) return at + "entity " + show(ae[e]) + " vs " + show(be[e]);
      if (a.period() != b.period() || a.period_start() != b.period_start()) return at + "period " + b.period();
      if (!same(a.value(), b.value()))
        return at + "value " + show(a.value()) + " interpreted, " + show(b.value()) + " compiled";
      if (a.rows() != b.rows()) return at + "rows " + std::to_string(a.rows()) + " vs " + std::to_string(b.rows());
      if (a.evidence() != b.evidence())
        return at + "evidence " + std::to_string(a.evidence()) + " vs " + std::to_string(b.evidence());
      if (a.status() != b.status())
        return at + "status " + rt::status_name(a.status()) + " vs " + rt::status_name(b.status());
      if (a.aggregate_count() != b.aggregate_count()) return at + "aggregate count";
      for (size_t x = 0; x < a.aggregate_count(); ++x)
        if (!same(a.aggregate(x), b.aggregate(x)))
          return at + "aggregate " + std::to_string(x) + " " + show(a.aggregate(x)) + " interpreted, " +
                 show(b.aggregate(x)) + " compiled";
      if (!std::ranges::equal(a.contributing(), b.contributing()))
        return at + "contributing rows " + std::to_string(a.contributing().size()) + " vs " +
               std::to_string(b.contributing().size());
    }
  }
  if (want.alerts.size() != got.alerts.size())
    return "alert count " + std::to_string(want.alerts.size()) + " interpreted, " + std::to_string(got.alerts.size()) +
           " compiled";
  for (size_t k = 0; k < want.alerts.size(); ++k) {
    const rt::AlertEvent &a = want.alerts[k], &b = got.alerts[k];
    if (a.alert != b.alert || a.row != b.row || a.firing != b.firing || a.period_start != b.period_start)
      return "alert event " + std::to_string(k) + ": row " + std::to_string(a.row) + " interpreted, " +
             std::to_string(b.row) + " compiled";
  }
  return "";
}

// ---- projects and data -----------------------------------------------------------------------------

struct ColumnDef {
  std::string name;
  char kind;  // n number, i int, b bool, s string, e enum(A, B, C), d duration, D date, t timestamp
  bool required = false;
};

constexpr int64_t kBaseSeconds = 1751328000;  // 2025-07-01T00:00:00Z
constexpr int64_t kMicros = 1'000'000;

struct Project {
  std::string rules;
  std::vector<ColumnDef> columns;  // of source `ev`, in declared order
  std::vector<bool> expect_compiled;  // per indicator, then per row alert
};

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(below(static_cast<int>(v.size())))];
  }

  Project project(int indicators) {
    Project p;
    columns_.clear();
    columns_.push_back({"id", 's'});
    columns_.push_back({"at", 't', chance(0.5)});
    const std::string kinds = "nibsedDt";
    int extra = 2 + below(7);
    std::vector<int> counts(kinds.size(), 0);
    for (int c = 0; c < extra; ++c) {
      char k = kinds[static_cast<size_t>(below(static_cast<int>(kinds.size())))];
      int& n = counts[kinds.find(k)];
      std::string prefix = k == 'D' ? "dt" : std::string(1, k);
      columns_.push_back({prefix + std::to_string(n++), k, chance(0.15)});
    }
    p.columns = columns_;
    std::string& r = p.rules;
    static const std::vector<std::string> zones = {"UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York"};
    calendar_ = chance(0.5);  // `work_between` counts in it (the project's, or named), else clock time
    const bool project_calendar = calendar_ && chance(0.5);
    r += "project p {\n  timezone \"" + pick(zones) + "\"\n" + (chance(0.2) ? "  week sunday\n" : "") +
         (project_calendar ? "  calendar office\n" : "") + "}\n";
    if (calendar_)
      r += "calendar office {\n  hours mon-fri 09:00-12:00, 13:00-18:00\n  holidays 2025-07-04..2025-07-07\n}\n";
    r += "source ev {\n  time at\n  evidence id\n";
    for (auto& c : columns_) {
      static const std::map<char, std::string> type = {{'n', "number"}, {'i', "int"},           {'b', "bool"},
                                                       {'s', "string"}, {'e', "enum(A, B, C)"}, {'d', "duration"},
                                                       {'D', "date"},   {'t', "timestamp"}};
      r += "  " + c.name + ": " + type.at(c.kind) + (c.required ? " required" : "") + "\n";
    }
    r += "}\n";
    for (int i = 0; i < indicators; ++i) {
      outside_ = false;
      allow_outside_ = chance(0.25);
      std::string ind = "indicator r" + std::to_string(i) + " {\n  from ev\n";
      if (chance(0.6)) ind += "  where " + boolean(2) + "\n";
      ind += "  value " + value() + "\n";
      std::vector<std::string> keys;
      for (auto& c : columns_)
        if (std::string("sebiD").find(c.kind) != std::string::npos && chance(0.2)) keys.push_back(c.name);
      if (keys.size() > 2) keys.resize(2);
      if (!keys.empty()) {
        ind += "  by ";
        for (size_t k = 0; k < keys.size(); ++k) ind += (k ? ", " : "") + keys[k];
        ind += "\n";
      }
      static const std::vector<std::string> grains = {"hour", "day", "week", "month", "quarter", "year"};
      if (chance(0.6)) ind += "  every " + pick(grains) + "\n";
      if (chance(0.2)) ind += "  evidence at least " + std::to_string(1 + below(3)) + "\n";
      if (chance(0.2)) ind += "  sample at least " + std::to_string(1 + below(5)) + "\n";
      ind += "}\n";
      r += ind;
      p.expect_compiled.push_back(!outside_);
    }
    // Value alerts over the series builtins (interpreted: they read other periods' values).
    for (int i = 0, alerts = indicators > 0 ? below(3) : 0; i < alerts; ++i) {
      const std::string x = "r" + std::to_string(below(indicators));
      static const std::vector<std::string> windows = {"3 days", "2 weeks", "3 months"};
      std::string when;
      switch (below(3)) {
        case 0:
          when = "previous(" + x + (chance(0.5) ? ", " + std::to_string(1 + below(3)) : "") + ") is not null";
          break;
        case 1: when = "delta(" + x + ") is null"; break;
        default: when = "baseline(" + x + ", " + pick(windows) + ") is not null";
      }
      r += "alert va" + std::to_string(i) + " {\n  when " + when + (chance(0.5) ? " or " + x + " is null" : "") +
           "\n}\n";
    }
    // Row alerts: their `when` is a row condition like `where`, compiled into a selection kernel.
    for (int i = 0, alerts = below(3); i < alerts; ++i) {
      outside_ = false;
      allow_outside_ = chance(0.25);
      r += "alert ra" + std::to_string(i) + " {\n  from ev\n  when " + boolean(2) + "\n}\n";
      p.expect_compiled.push_back(!outside_);
    }
    return p;
  }

  // A table for `spec` with random rows.
  rt::Table table(const plan::TablePlan& tp) {
    rt::Table t = rt::Table::empty(rt::table_spec(tp));
    static const std::vector<size_t> sizes = {0, 1, 2, 7, 50, 300, 2047, 2048, 2049, 4500};
    size_t rows = pick(sizes);
    std::vector<double> null_rate(columns_.size());
    for (size_t c = 0; c < columns_.size(); ++c) {
      static const std::vector<double> rates = {0, 0, 0.1, 0.3, 0.6, 1};
      null_rate[c] = columns_[c].required ? 0 : pick(rates);
    }
    static const std::vector<std::string> words = {"a", "b", "B", "A", "abc", "", "华东", "pilot", "Z", "ok"};
    for (size_t row = 0; row < rows; ++row) {
      for (size_t c = 0; c < columns_.size(); ++c) {
        rt::Column& col = t.columns[c];
        const ColumnDef& d = columns_[c];
        if (chance(null_rate[c])) {
          col.push_null();
          continue;
        }
        switch (d.kind) {
          case 'n': col.push_number(number()); break;
          case 'i': col.push_int(integer()); break;
          case 'b': col.push_int(below(2)); break;
          case 's': col.push_string(d.name == "id" ? "R" + std::to_string(row % 97) : pick(words)); break;
          case 'e': col.push_code(below(3)); break;
          // +-2^61 plus 0..2: distinct int64s that are one double (least/greatest compare doubles)
          case 'd':
            col.push_int(chance(0.05) ? (chance(0.5) ? 1 : -1) * (int64_t(1) << 61) + below(3)
                                      : (below(2000001) - 1000000) * kMicros / 4);
            break;
          case 'D': col.push_int(20270 + below(120)); break;
          default: col.push_int(instant(d.name == "at")); break;
        }
      }
      t.row_number.push_back(row + 2);
    }
    return t;
  }

  // A midnight, or exactly the time of a row (which must then count: rows after as_of are ignored).
  rt::Micros as_of(const rt::Table& t) {
    const rt::Column& at = t.columns[1];
    if (t.rows() > 0 && chance(0.4)) {
      size_t row = static_cast<size_t>(below(static_cast<int>(t.rows())));
      if (at.valid[row]) return at.i64[row];
    }
    return (kBaseSeconds + int64_t(below(70) - 10) * 86400) * kMicros;
  }

 private:
  double number() {
    static const std::vector<double> odd = {0.0,
                                            -0.0,
                                            1e308,
                                            -1e308,
                                            1e-308,
                                            5e-324,
                                            9007199254740993.0,
                                            0.1,
                                            0.2,
                                            0.3,
                                            1.0 / 3,
                                            -2.5,
                                            std::numeric_limits<double>::infinity(),
                                            std::numeric_limits<double>::quiet_NaN()};
    if (chance(0.1)) return pick(odd);
    if (chance(0.5)) return below(21) - 10;
    return std::uniform_real_distribution<double>(-1000, 1000)(rng_);
  }
  int64_t integer() {
    static const std::vector<int64_t> odd = {0,
                                             -1,
                                             int64_t(1) << 53,
                                             (int64_t(1) << 53) + 1,
                                             int64_t(1) << 62,
                                             -(int64_t(1) << 62),
                                             std::numeric_limits<int64_t>::max()};
    if (chance(0.05)) return pick(odd);
    return below(41) - 20;
  }
  rt::Micros instant(bool event_time) {
    if (!event_time && chance(0.05))
      return (chance(0.5) ? 1 : -1) * int64_t(3'000'000'000) * kMicros;  // ~95 years away
    if (!event_time && chance(0.02))
      return (chance(0.5) ? 1 : -1) * (int64_t(1) << 61) + below(3);  // one double, 3 int64s
    if (chance(0.1)) {
      // Around a daylight-saving change (Berlin, New York; the event time only before as_of) and the
      // local midnights next to it, on the hour or just beside it.
      static const std::vector<int64_t> changes = {1743296400, 1741503600, 1761440400, 1762063200};
      int64_t c = changes[static_cast<size_t>(below(event_time ? 2 : 4))];
      int64_t s = c + int64_t(below(97) - 48) * 1800;
      return s * kMicros + (chance(0.3) ? (chance(0.5) ? -1 : 1) : 0);
    }
    int64_t s = kBaseSeconds + std::uniform_int_distribution<int64_t>(-5 * 86400, 60 * 86400)(rng_);
    if (chance(0.3)) s -= s % 1800;  // on the half hour, as some literals are
    return s * kMicros + (chance(0.1) ? below(1000000) : 0);
  }

  std::vector<const ColumnDef*> of(const std::string& kinds) const {
    std::vector<const ColumnDef*> out;
    for (auto& c : columns_)
      if (kinds.find(c.kind) != std::string::npos) out.push_back(&c);
    return out;
  }
  bool have(const std::string& kinds) const { return !of(kinds).empty(); }
  std::string column(const std::string& kinds) { return pick(of(kinds))->name; }
  // A construct the JIT does not compile (yet); only where the indicator may have one.
  bool outside() {
    if (!allow_outside_ || !chance(0.3)) return false;
    outside_ = true;
    return true;
  }

  std::string num(int depth) {
    if (outside()) {
      // Mixed argument types (copy_value() makes the other type null) and text stay interpreted. The
      // number must not be null-typed (`null + 1` is), or the duration would be the only type.
      bool saved = no_null_;
      no_null_ = true;
      std::string out;
      switch (below(6)) {
        case 5:
          out = "hours(work_between(" + time(depth - 1) + ", " + time(depth - 1) +
                (calendar_ && chance(0.5) ? ", office" : "") + "))";
          break;
        // a text function with another column: not a condition over one text column alone
        case 0:
          out = "(len(" + column("s") + ") + " + (have("ni") ? column("ni") : std::string("hours(at - at)")) + ")";
          break;
        case 1: out = "coalesce(" + num(depth - 1) + ", 2h)"; break;
        case 2: out = "if(" + boolean(depth - 1) + ", " + num(depth - 1) + ", 1h)"; break;
        case 3:
          out = "(len(coalesce(" + column("s") + ", \"x\")) * " +
                (have("ni") ? column("ni") : std::string("weekday(at)")) + ")";
          break;
        default:
          out =
              (chance(0.5) ? "least(" : "greatest(") + num(depth - 1) + ", " + (chance(0.5) ? "2h" : column("t")) + ")";
      }
      no_null_ = saved;
      return out;
    }
    if (depth <= 0 || chance(0.35)) {
      if (have("ni") && chance(0.7)) return column("ni");
      static const std::vector<std::string> lits = {"0",        "1",   "2", "3.5", "0.1", "1000", "9007199254740993",
                                                    "0.000001", "null"};
      std::string lit = pick(lits);
      return lit == "null" && no_null_ ? "2" : lit;
    }
    switch (below(9)) {
      case 7: return choose(depth, [this](int d) { return num(d); });
      case 8: {
        std::string f = chance(0.5) ? "weekday(" : "hour_of(";
        if (have("D") && chance(0.3)) return f + column("D") + ")";
        return f + time(depth - 1) + ")";
      }
      case 5: {
        static const std::vector<std::string> fns = {"abs", "floor", "ceil", "round"};
        std::string f = pick(fns);
        std::string digits =
            f == "round" && chance(0.5) ? (chance(0.8) ? ", " + std::to_string(below(4)) : ", null") : "";
        return f + "(" + num(depth - 1) + digits + ")";
      }
      case 6: {
        static const std::vector<std::string> fns = {"hours", "minutes", "days"};
        return pick(fns) + "(" + dur(depth - 1) + ")";
      }
      case 0: {
        bool saved = no_null_;
        no_null_ = true;  // `-null` (or `-floor(null)`) is a type error
        std::string x = num(depth - 1);
        no_null_ = saved;
        return "-(" + x + ")";
      }
      case 1:
        if (have("d")) return "(" + dur(depth - 1) + " / " + dur(depth - 1) + ")";
        [[fallthrough]];
      default: {
        static const std::vector<std::string> ops = {"+", "-", "*", "/"};
        return "(" + num(depth - 1) + " " + pick(ops) + " " + num(depth - 1) + ")";
      }
    }
  }

  std::string dur(int depth) {
    if (depth <= 0 || chance(0.35)) {
      if (have("d") && chance(0.7)) return column("d");
      static const std::vector<std::string> lits = {"90s", "15m", "2h", "3d", "1w", "1h30m", "0s"};
      return pick(lits);
    }
    switch (below(8)) {
      case 7: return choose(depth, [this](int d) { return dur(d); });
      case 6: {
        static const std::vector<std::string> fns = {"abs", "floor", "ceil", "round"};
        return pick(fns) + "(" + dur(depth - 1) + ")";
      }
      case 0: return "(" + dur(depth - 1) + " + " + dur(depth - 1) + ")";
      case 1: return "(" + dur(depth - 1) + " - " + dur(depth - 1) + ")";
      case 2: return "(" + dur(depth - 1) + " * " + num(depth - 1) + ")";
      case 3: return "(" + dur(depth - 1) + " / " + num(depth - 1) + ")";
      case 4: return "(" + time(depth - 1) + " - " + time(depth - 1) + ")";
      default: return "-(" + dur(depth - 1) + ")";
    }
  }

  std::string time_literal() {
    static const std::vector<std::string> lits = {"2025-07-01T08:30", "2025-07-15T00:00", "2025-08-01T12:00:00+08:00",
                                                  "2025-06-28T23:59:59Z", "2025-10-26T02:30"};
    return pick(lits);
  }
  std::string date_literal() {
    static const std::vector<std::string> lits = {"2025-07-01", "2025-07-02", "2025-08-15", "2025-06-30", "2025-10-26"};
    return pick(lits);
  }

  std::string time(int depth) {
    if (depth <= 0 || chance(0.5)) {
      if (chance(0.8)) return column("t");
      return time_literal();
    }
    if (chance(0.3)) return choose(depth, [this](int d) { return time(d); });
    return "(" + time(depth - 1) + (chance(0.5) ? " + " : " - ") + dur(depth - 1) + ")";
  }

  // if / coalesce / least / greatest over values of one kind made by `make` (at most one `null`, so that
  // the result keeps its type where a type is required).
  template <class Make>
  std::string choose(int depth, Make make) {
    auto arg = [&] { return chance(0.1) && !no_null_ ? std::string("null") : make(depth - 1); };
    if (chance(0.3)) return "if(" + boolean(depth - 1) + ", " + arg() + ", " + make(depth - 1) + ")";
    static const std::vector<std::string> fns = {"coalesce(", "least(", "greatest("};
    std::string out = pick(fns) + arg();
    for (int k = 1 + below(3); k > 0; --k) out += ", " + make(depth - 1);
    return out + ")";
  }

  // A date: a date column, a literal, or the local date of a timestamp.
  std::string date_value(int depth) {
    if (chance(0.5)) return "date(" + time(depth) + ")";
    if (have("D") && chance(0.5)) return column("D");
    return date_literal();
  }

  // A condition over one text column using text functions: compiled as one answer per dictionary code.
  std::string text_predicate() {
    std::string s = column("s");
    switch (below(7)) {
      case 0: return "contains(" + s + ", \"" + pick(std::vector<std::string>{"a", "b", "", "华"}) + "\")";
      case 1: return "(lower(" + s + ") == \"b\")";
      case 2: return "matches(" + s + ", \"" + pick(std::vector<std::string>{"^a", "b$", "^$", "[0-9]"}) + "\")";
      case 3: return "(coalesce(" + s + ", \"a\") " + cmp_op() + " \"b\")";
      case 4: return "(len(" + s + ") " + cmp_op() + " " + std::to_string(below(4)) + ")";
      case 5: return "contains_any(" + s + ", [\"a\", \"B\"])";
      default: return "not (contains(lower(coalesce(" + s + ", \"Z\")), \"z\") or " + s + " is null)";
    }
  }

  std::string cmp_op() {
    static const std::vector<std::string> ops = {"==", "!=", "<", "<=", ">", ">="};
    return pick(ops);
  }

  std::string boolean(int depth) {
    if (outside()) {
      // Two text columns, a text function beside a number column, a date column or a mixed least() against
      // a timestamp.
      auto texts = of("s");
      switch (below(4)) {
        case 0:
          if (texts.size() >= 2) return "(" + texts[0]->name + " == " + texts[1]->name + ")";
          [[fallthrough]];
        case 1:
          if (have("ni")) return "(len(" + column("s") + ") < " + column("ni") + ")";
          [[fallthrough]];
        case 2: return "(least(at, " + date_literal() + ") < at)";
        default:
          if (have("D")) return "(" + column("D") + " < at)";
          return "(least(at, " + date_literal() + ") < at)";
      }
    }
    if (depth <= 0 || chance(0.3)) return atom(depth);
    if (chance(0.15)) return text_predicate();
    switch (below(4)) {
      case 0: return "(" + boolean(depth - 1) + " and " + boolean(depth - 1) + ")";
      case 1: return "(" + boolean(depth - 1) + " or " + boolean(depth - 1) + ")";
      case 2: return "not (" + boolean(depth - 1) + ")";
      default: return atom(depth);
    }
  }

  std::string atom(int depth) {
    for (;;) {
      switch (below(17)) {
        case 16: {
          // least/greatest of two values equal as doubles but not as int64s (`+ 0s` rounds through a
          // double): which one is kept shows.
          std::string a = have("d") && chance(0.5) ? column("d") : column("t");
          std::string b = chance(0.6) ? "(" + a + " + 0s)" : column(a[0] == 'd' ? "d" : "t");
          if (chance(0.5)) std::swap(a, b);
          return "(" + std::string(chance(0.5) ? "least(" : "greatest(") + a + ", " + b + ")" +
                 (chance(0.5) ? " == " : " != ") + a + ")";
        }
        case 13: return "(" + date_value(depth) + " " + cmp_op() + " " + date_value(depth) + ")";
        case 14: {
          auto b = [&](int d) {
            return d <= 0 || chance(0.5) ? (have("b") && chance(0.7) ? column("b")
                                            : chance(0.5)            ? "true"
                                                                     : "false")
                                         : boolean(d);
          };
          return choose(depth, b);
        }
        case 15:
          return "(" + num(depth) + " " + cmp_op() + " " + (chance(0.5) ? "hour_of(" : "weekday(") + time(depth) + "))";
        case 0:
          if (have("b")) return column("b");
          break;
        case 1: return chance(0.8) ? (chance(0.5) ? "true" : "false") : "null";
        case 2: return "(" + num(depth) + " " + cmp_op() + " " + num(depth) + ")";
        case 3: return "(" + dur(depth) + " " + cmp_op() + " " + dur(depth) + ")";
        case 4: return "(" + time(depth) + " " + cmp_op() + " " + (chance(0.5) ? time(depth) : time_literal()) + ")";
        case 5:
          if (have("D")) return "(" + column("D") + " " + cmp_op() + " " + date_literal() + ")";
          return "(at " + cmp_op() + " " + date_literal() + ")";
        case 6: return "(" + column("t") + " " + cmp_op() + " " + date_literal() + ")";
        case 7: {
          static const std::vector<std::string> words = {"\"a\"", "\"B\"", "\"\"", "\"华东\"", "\"abd\"", "\"zz\""};
          if (chance(0.5)) return "(" + column("s") + " " + cmp_op() + " " + pick(words) + ")";
          return "(" + pick(words) + " " + cmp_op() + " " + column("s") + ")";
        }
        case 8:
          if (!have("e")) break;
          if (chance(0.4))
            return "(" + column("e") + (chance(0.5) ? " == " : " != ") + (chance(0.5) ? "B" : "\"C\"") + ")";
          if (chance(0.5)) return "(" + column("e") + " " + cmp_op() + " \"B\")";
          return "(" + column("e") + (chance(0.5) ? " in " : " not in ") + "[A, C])";
        case 9:
          return "(" + column("s") + (chance(0.5) ? " in " : " not in ") +
                 (chance(0.5) ? "[\"a\", \"华东\", \"\"]" : "[\"B\", \"nope\"]") + ")";
        case 10:
          if (!have("ni")) break;
          return "(" + column("ni") + (chance(0.5) ? " in " : " not in ") + "[1, 2, 3.5, 0]" + ")";
        case 11: {
          std::string x;
          switch (below(5)) {
            case 0: x = num(depth); break;
            case 1: x = dur(depth); break;
            case 2: x = time(depth); break;
            case 3: x = column("s"); break;
            default: x = columns_[static_cast<size_t>(below(static_cast<int>(columns_.size())))].name;
          }
          return "(" + x + (chance(0.5) ? " is null" : " is not null") + ")";
        }
        default:
          if (have("b")) return "(" + column("b") + " == " + (chance(0.5) ? "true" : "false") + ")";
          break;
      }
    }
  }

  std::string filter() { return chance(0.4) ? " where " + boolean(1) : ""; }

  // An aggregate; `number` asks for a Number result.
  std::string aggregate(bool number) {
    if (outside()) {
      switch (below(5)) {
        case 0: return "median(" + num(1) + filter() + ")";
        case 1: return "count_distinct(" + column("s") + filter() + ")";
        case 2: return "percentile(" + num(1) + ", 0.9" + filter() + ")";
        case 3: return "first(" + num(1) + filter() + ")";
        default: return number ? "last(" + num(1) + ")" : "min(" + column("s") + ")";
      }
    }
    switch (below(number ? 6 : 8)) {
      case 0: return "count(" + std::string(chance(0.5) ? "where " + boolean(1) : "") + ")";
      case 1: {
        std::string x;
        switch (below(4)) {
          case 0: x = num(1); break;
          case 1: x = dur(1); break;
          case 2: x = column("s"); break;
          default: x = columns_[static_cast<size_t>(below(static_cast<int>(columns_.size())))].name;
        }
        return "count(" + x + filter() + ")";
      }
      case 2: return (chance(0.5) ? "sum(" : "avg(") + num(2) + filter() + ")";
      case 3: return (chance(0.5) ? "min(" : "max(") + num(2) + filter() + ")";
      case 4: return "share(" + boolean(1) + filter() + ")";
      case 5: return "count()";
      case 6: return (chance(0.5) ? "sum(" : "avg(") + dur(2) + filter() + ")";
      default: {
        std::string x = chance(0.4)   ? dur(1)
                        : chance(0.5) ? time(1)
                        : chance(0.5) ? date_value(1)
                        : have("D")   ? column("D")
                                      : column("t");
        return (chance(0.5) ? "min(" : "max(") + x + filter() + ")";
      }
    }
  }

  std::string value() {
    if (chance(0.5)) return aggregate(false);
    static const std::vector<std::string> ops = {" + ", " - ", " * ", " / "};
    std::string v = aggregate(true);
    for (int k = below(3); k >= 0; --k) v = "(" + v + pick(ops) + aggregate(true) + ")";
    return v;
  }

  std::mt19937_64 rng_;
  std::vector<ColumnDef> columns_;
  bool outside_ = false, allow_outside_ = false, no_null_ = false, calendar_ = false;
};

struct Checked {
  std::unique_ptr<CheckedProject> project;
  plan::ProgramPlan plan;
  rt::TimeZone tz = rt::TimeZone::utc();
};

Checked check_rules(const std::string& rules) {
  Checked c;
  c.project = check_texts({{"rules/project.perf", rules}});
  std::string all;
  for (auto& d : c.project->diags.all()) all += render_text(d, *c.project->sources) + "\n";
  INFO(rules << "\n" << all);
  REQUIRE_FALSE(c.project->diags.has_errors());
  c.plan = plan::lower(c.project->program);
  auto tz = rt::TimeZone::find(c.plan.timezone);
  REQUIRE(tz);
  c.tz = *tz;
  return c;
}

// Runs both engines over `tables` and fails with `context` on the first difference.
void compare_engines(const Checked& c, jit::ProgramKernels& kernels, const std::vector<rt::Table>& tables,
                     rt::Micros as_of, bool collect, const std::string& context) {
  rt::RunOptions ro;
  ro.as_of = as_of;
  ro.collect_evidence = collect;
  rt::RunResult want = rt::evaluate_program(c.plan, tables, c.tz, ro);
  ro.kernels = &kernels;
  rt::RunResult got = rt::evaluate_program(c.plan, tables, c.tz, ro);
  std::string diff = difference(c.plan, want, got);
  if (!diff.empty()) FAIL(context << "\n" << diff);
}

double env_number(const char* name, double fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtod(v, nullptr) : fallback;
}

}  // namespace

TEST_CASE("random rules and data: the JIT gives the interpreter's results", "[jit][diff][random]") {
  double seconds = env_number("JIXIAO_JIT_FUZZ_SECONDS", 20);
  auto projects = static_cast<uint64_t>(env_number("JIXIAO_JIT_FUZZ_PROJECTS", 300));
  auto first_seed = static_cast<uint64_t>(env_number("JIXIAO_JIT_FUZZ_SEED", 1));
  auto start = std::chrono::steady_clock::now();
  uint64_t cases = 0, compiled = 0, interpreted = 0, done = 0;
  for (uint64_t seed = first_seed; seed < first_seed + projects; ++seed) {
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > seconds && done >= 10) break;
    Gen gen(seed);
    Project p = gen.project(3 + gen.below(6));
    Checked c = check_rules(p.rules);
    auto kernels = session().compile(c.plan, c.tz, jit::JitOptions{});
    REQUIRE(kernels->error().empty());
    for (size_t i = 0; i < p.expect_compiled.size(); ++i) {
      const jit::IndicatorNote& note = kernels->notes()[i];
      INFO("seed " << seed << "\n" << p.rules << "\n" << note.name << ": " << note.reason);
      CHECK(note.compiled == p.expect_compiled[i]);
      (note.compiled ? compiled : interpreted) += 1;
    }
    int datasets = 2 + gen.below(3);
    for (int d = 0; d < datasets; ++d) {
      std::vector<rt::Table> tables{gen.table(c.plan.tables[0])};
      rt::Micros as_of = gen.as_of(tables[0]);
      bool collect = gen.chance(0.5);
      std::ostringstream context;
      context << "seed " << seed << ", data set " << d << " (" << tables[0].rows() << " rows, as_of " << as_of << ")\n"
              << p.rules;
      compare_engines(c, *kernels, tables, as_of, collect, context.str());
      cases += p.expect_compiled.size();
    }
    ++done;
  }
  WARN("jit differential: " << done << " projects, " << cases << " indicator x data cases, " << compiled
                            << " indicators compiled, " << interpreted << " interpreted, in "
                            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s");
  CHECK(compiled > interpreted);
}

// Every builtin of the registry is written by the generator above, so the random test runs each one in
// both engines: a builtin added to the registry without a generator (and so, perhaps, without an
// implementation) fails here, and one without an implementation fails the random test.
TEST_CASE("the generator writes every builtin of the registry", "[jit][diff][random]") {
  std::string all;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    Gen gen(seed);
    all += gen.project(3 + gen.below(6)).rules;
  }
  for (const stdlib::Builtin& b : stdlib::builtins()) {
    INFO("the random rules never call `" << b.name << "`: teach Gen to write it");
    CHECK(all.find(std::string(b.name) + "(") != std::string::npos);
  }
}

namespace {

// Rows for any table of a plan: every column filled from a small pool (nulls included), so that every
// expression of an accepted program meets values, equal keys and the enum members it names.
rt::Table sample_table(const plan::TablePlan& tp, std::mt19937_64& rng, size_t rows) {
  rt::Table t = rt::Table::empty(rt::table_spec(tp));
  auto below = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  static const std::vector<std::string> words = {"a", "B", "L1", "pilot", "华东", "NG", "OK", ""};
  for (size_t row = 0; row < rows; ++row) {
    for (size_t c = 0; c < tp.columns.size(); ++c) {
      const plan::TablePlan::Column& col = tp.columns[c];
      rt::Column& out = t.columns[c];
      if (!col.required && below(6) == 0) {
        out.push_null();
        continue;
      }
      switch (out.kind) {
        case rt::ColumnKind::String:
          out.push_string(c == size_t(tp.evidence_column) ? "E" + std::to_string(row)
                                                          : words[size_t(below(int(words.size())))]);
          break;
        case rt::ColumnKind::Enum: out.push_code(below(int(col.members.size()))); break;
        case rt::ColumnKind::Number: out.push_number(below(2000) / 8.0 - 50); break;
        case rt::ColumnKind::Int:
        case rt::ColumnKind::Bool: out.push_int(below(col.type == plan::VType::Bool ? 2 : 100)); break;
        case rt::ColumnKind::Date: out.push_int(20270 + below(60)); break;
        case rt::ColumnKind::Duration: out.push_int(int64_t(below(48 * 60)) * 60 * kMicros); break;
        default:
          out.push_int((kBaseSeconds + int64_t(below(60 * 24)) * 3600 + below(3600)) *
                       kMicros);  // July and August 2025
      }
    }
    t.row_number.push_back(row + 2);
  }
  return t;
}

// Every program the project itself calls valid: the examples, the accepted goldens of `check`, `fmt`
// and `dump plan`, and the test projects.
std::vector<std::filesystem::path> accepted_programs() {
  namespace fs = std::filesystem;
  const fs::path root = JIXIAO_SOURCE_DIR;
  std::vector<fs::path> out;
  for (const char* dir : {"examples", "tests/golden/plan"})
    for (auto& e : fs::directory_iterator(root / dir))
      if (e.is_directory()) out.push_back(e.path());
  for (const char* dir : {"tests/accepted", "tests/perf", "tests/explain", "tests/run/durations"})
    out.push_back(root / dir);
  for (const char* dir : {"tests/golden/check", "tests/golden/fmt"})
    for (auto& e : fs::directory_iterator(root / dir)) {
      const std::string name = e.path().filename().string();
      if (e.path().extension() == ".perf" && name.rfind("fail_", 0) != 0 &&
          name.find(".expected.") == std::string::npos)
        out.push_back(e.path());
    }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// What `check` accepts must lower and run: every accepted program of the repository, over sample rows,
// through the chains, both engines (which must agree) and the alerts' actions, without an exception.
TEST_CASE("every accepted program of the repository lowers and runs in both engines", "[jit][diff][accepted]") {
  std::mt19937_64 rng(7);
  size_t programs = 0;
  for (const auto& path : accepted_programs()) {
    INFO(path.string());
    LoadError error;
    auto project = load_project(path, &error);
    REQUIRE(project);
    if (project->diags.has_errors()) continue;  // goldens that show warnings may pair them with errors
    plan::ProgramPlan plan = plan::lower(project->program);
    auto tz = rt::TimeZone::find(plan.timezone);
    REQUIRE(tz);
    std::vector<rt::Table> tables;
    for (const auto& tp : plan.tables)
      tables.push_back(tp.is_chain ? rt::Table::empty(rt::table_spec(tp)) : sample_table(tp, rng, 300));
    const rt::Micros as_of = (kBaseSeconds + 40 * 86400) * kMicros;
    auto kernels = session().compile(plan, *tz, jit::JitOptions{});
    REQUIRE(kernels->error().empty());
    rt::compute_chains(plan, tables, *tz, rt::build_calendars(plan, *tz), as_of, kernels.get());
    rt::RunOptions ro;
    ro.as_of = as_of;
    ro.collect_evidence = true;
    rt::RunResult want = rt::evaluate_program(plan, tables, *tz, ro);
    ro.kernels = kernels.get();
    rt::RunResult got = rt::evaluate_program(plan, tables, *tz, ro);
    CHECK(difference(plan, want, got) == "");
    rt::alert_actions(plan, tables, got, *tz, as_of);
    ++programs;
  }
  CHECK(programs >= 20);
}

namespace {

// A fixed project and data, compared both ways (and the kernels required to exist).
struct Fixed {
  Checked c;
  std::unique_ptr<jit::ProgramKernels> kernels;
  std::vector<rt::Table> tables;

  explicit Fixed(const std::string& rules) : c(check_rules(rules)) {
    kernels = session().compile(c.plan, c.tz, jit::JitOptions{});
    for (auto& t : c.plan.tables) tables.push_back(rt::Table::empty(rt::table_spec(t)));
  }
  rt::Column& col(const std::string& name) { return tables[0].columns[tables[0].spec.find(name)]; }
  void row() { tables[0].row_number.push_back(tables[0].row_number.size() + 2); }
  void require_compiled(const std::string& name) {
    for (auto& n : kernels->notes())
      if (n.name == name) {
        INFO(name << ": " << n.reason);
        REQUIRE(n.compiled);
        return;
      }
    FAIL("no indicator " << name);
  }
  rt::RunResult both(rt::Micros as_of, const std::string& context) {
    compare_engines(c, *kernels, tables, as_of, true, context);
    rt::RunOptions ro;
    ro.as_of = as_of;
    ro.kernels = kernels.get();
    return rt::evaluate_program(c.plan, tables, c.tz, ro);
  }
};

}  // namespace

TEST_CASE("regressions and edge cases, compiled and interpreted alike", "[jit][diff]") {
  Fixed f(R"(
project p { timezone "Europe/Berlin" }
source ev {
  time at
  evidence id
  id: string
  at: timestamp
  x: number
  n: int
  s: string
  e: enum(A, B, C)
  d: duration
}
indicator nan_eq { from ev; value count(where x == 1) }
indicator nan_ne { from ev; value count(where x != 1) }
indicator nan_le { from ev; value count(where x <= 1) }
indicator inf_sum { from ev; value sum(x) }
indicator div0 { from ev; where x / (n - n) is null; value count() }
indicator text_lt { from ev; value count(where s < "b") + count(where "b" <= s) * 100 }
indicator text_in { from ev; value count(where s in ["", "华东"]) + count(where s not in ["a"]) * 100 }
indicator enum_eq { from ev; value count(where e == B) + count(where e != "C") * 100 + count(where e > "A") * 10000 }
indicator dur_round { from ev; value max(d / 3) }
indicator date_midnight { from ev; where at >= 2025-03-30 and at < 2025-03-31; value count() }
indicator mins { from ev; value min(x) + max(n) }
indicator unknown_logic { from ev; value count(where (x > 0 or s == "a") and not (n < 0)) }
indicator shares { from ev; value share(x > 0 where n >= 0); by e; every day }
indicator dur_far { from ev; value count(where d * 1000000000000000000 is null) }
indicator at_far { from ev; value count(where at + d * 1000000000000000000 is null) }
indicator dur_far_min { from ev; value min(-(d * 1000000000000000000)) }
indicator round_far { from ev; value count(where round(d * 1000000000, 300) is null) }
)");
  for (auto name :
       {"nan_eq", "nan_ne", "nan_le", "inf_sum", "div0", "text_lt", "text_in", "enum_eq", "dur_round", "date_midnight",
        "mins", "unknown_logic", "shares", "dur_far", "at_far", "dur_far_min", "round_far"})
    f.require_compiled(name);
  // Berlin: 2025-03-30 begins at 2025-03-29T23:00Z; the day has 23 hours.
  const rt::Micros day_start = (1743289200LL) * kMicros;
  struct Row {
    std::optional<double> x;
    std::optional<int64_t> n;
    std::optional<std::string> s;
    std::optional<int32_t> e;
    std::optional<int64_t> d;
    std::optional<rt::Micros> at;
  };
  double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  std::vector<Row> rows = {
      {nan, 1, "a", 0, 7, day_start},
      {1.0, 0, "b", 1, -7, day_start - 1},
      {inf, -1, "", 2, 5, day_start + 23 * 3600 * kMicros - 1},
      {-inf, std::nullopt, "华东", std::nullopt, std::nullopt, day_start + 23 * 3600 * kMicros},
      {std::nullopt, 2, std::nullopt, 1, 1, std::nullopt},
      {-0.0, 3, "B", 0, 2, day_start + kMicros},
  };
  for (auto& r : rows) {
    r.x ? f.col("x").push_number(*r.x) : f.col("x").push_null();
    r.n ? f.col("n").push_int(*r.n) : f.col("n").push_null();
    r.s ? f.col("s").push_string(*r.s) : f.col("s").push_null();
    r.e ? f.col("e").push_code(*r.e) : f.col("e").push_null();
    r.d ? f.col("d").push_int(*r.d) : f.col("d").push_null();
    r.at ? f.col("at").push_int(*r.at) : f.col("at").push_null();
    f.col("id").push_string("R");
    f.row();
  }
  rt::RunResult r = f.both(day_start + 100 * 86400 * kMicros, "edge cases");
  auto value = [&](const char* name) {
    for (size_t i = 0; i < f.c.plan.indicators.size(); ++i)
      if (f.c.plan.indicators[i].name == name) {
        REQUIRE(r.values[i].size() == 1);
        return r.values[i][0].value();
      }
    FAIL("no " << name);
    return rt::Scalar{};
  };
  // NaN compares equal to everything (runtime/eval.cpp compare() orders by < and >): rows 0 and 1 are
  // `== 1`; `!= 1` holds for inf, -inf and -0.0; `<= 1` for NaN, 1, -inf, -0.0.
  CHECK(value("nan_eq").num == 2);
  CHECK(value("nan_ne").num == 3);
  CHECK(value("nan_le").num == 4);
  CHECK(std::isnan(value("inf_sum").num));
  CHECK(value("div0").num == 6);  // x / 0 and nulls are all null
  // "" "a" "B" "华东" ... < "b": "a", "", "B" (UTF-8 bytes of 华 sort after "b"); "b" <= s: "b", "华东".
  CHECK(value("text_lt").num == 3 + 2 * 100);
  CHECK(value("text_in").num == 2 + 4 * 100);
  // e: A, B, C, null, B, A -> == B: 2; != "C": 4; > "A": B, C, B = 3.
  CHECK(value("enum_eq").num == 2 + 4 * 100 + 3 * 10000);
  CHECK(value("dur_round").i64 == 2);  // 7 / 3 = 2.33 -> 2; 5 / 3 = 1.67 -> 2
  CHECK(value("date_midnight").num == 3);
  // min takes a value only when it is below the current one, so a NaN seen first stays (as in SQL
  // engines that order NaN first, it is nobody's real data: ingestion refuses nan and inf).
  CHECK(std::isnan(value("mins").num));
  // Time values stay within +-2^62 us = 4.61e18 (decision 40): d * 1e18 is null for d = 7, -7 and 5 (and
  // the null d), not for 1 and 2; `at +` adds the row without a time; far but in range is kept. round(.., 300)
  // of d * 1e9 computes infinity / 1e300 for every d: null, where a cast to int64 would be undefined.
  CHECK(value("dur_far").num == 4);
  CHECK(value("at_far").num == 5);
  CHECK(value("dur_far_min").i64 == -2'000'000'000'000'000'000);
  CHECK(value("round_far").num == 6);
}

TEST_CASE("scalar functions by hand: local times across DST in Berlin, if/coalesce/least/greatest", "[jit][diff]") {
  Fixed f(R"(
project p { timezone "Europe/Berlin" }
source ev { time at; evidence id; id: string; at: timestamp; t: timestamp; x: number; y: number; dt: date }
indicator hours { from ev; value sum(hour_of(t)); by id }
indicator weekdays { from ev; value sum(weekday(t)); by id }
indicator dates {
  from ev
  value count(where date(t) == 2025-07-01) + count(where date(t) == 2025-07-02) * 10 + count(where date(t) == 1969-12-31) * 100 +
        count(where date(t) == 2025-03-30) * 1000 + count(where date(t) == 2025-10-26) * 10000
  by id
}
indicator of_date { from ev; value sum(weekday(dt) * 100 + hour_of(dt)); by id }
indicator least_xy { from ev; value sum(least(x, y)); by id }
indicator least_yx { from ev; value sum(least(y, x)); by id }
indicator greatest_xy { from ev; value sum(greatest(x, y)); by id }
indicator greatest_yx { from ev; value sum(greatest(y, x)); by id }
indicator first_valid { from ev; value sum(coalesce(x, y, 5)); by id }
indicator chosen { from ev; value sum(if(x > 0, x, y)); by id }
)");
  for (auto name : {"hours", "weekdays", "dates", "of_date", "least_xy", "least_yx", "greatest_xy", "greatest_yx",
                    "first_valid", "chosen"})
    f.require_compiled(name);
  double nan = std::numeric_limits<double>::quiet_NaN();
  struct Row {
    std::string id;
    rt::Micros t;
    std::optional<double> x, y;
  };
  const rt::Micros s = kMicros;
  std::vector<Row> rows = {
      {"spring_before", 1743296399 * s, nan, 1.0},  // 2025-03-30T00:59:59Z = 01:59:59 CET, a Sunday
      {"spring_after", 1743296400 * s, std::nullopt, 2.0},  // 01:00Z = 03:00 CEST (02:00-03:00 is skipped)
      {"autumn_first", 1761438600 * s, 3.0, nan},  // 2025-10-26T00:30Z = 02:30 CEST
      {"autumn_second", 1761442200 * s, -1.0, -0.5},  // 01:30Z = 02:30 CET again
      {"autumn_after", 1761444000 * s, std::nullopt, std::nullopt},  // 02:00Z = 03:00 CET
      {"before_midnight", 1751407199 * s + 999999, 4.0,
       4.0},  // 2025-07-01T21:59:59.999999Z = 23:59:59.999999 CEST, a Tuesday
      {"midnight", 1751407200 * s, 1.0, 7.0},  // 22:00Z = 2025-07-02T00:00 CEST, a Wednesday
      {"before_1970", -3601 * s, 2.0, std::nullopt},  // 1969-12-31T22:59:59Z = 23:59:59 CET, a Wednesday
  };
  for (auto& r : rows) {
    f.col("id").push_string(r.id);
    f.col("at").push_int(kBaseSeconds * kMicros);
    f.col("t").push_int(r.t);
    r.x ? f.col("x").push_number(*r.x) : f.col("x").push_null();
    r.y ? f.col("y").push_number(*r.y) : f.col("y").push_null();
    f.col("dt").push_int(20177);  // 2025-03-30, a Sunday
    f.row();
  }
  rt::RunResult r = f.both((kBaseSeconds + 86400) * kMicros, "scalar functions");
  auto value = [&](const char* name, const std::string& id) {
    for (size_t i = 0; i < f.c.plan.indicators.size(); ++i)
      if (f.c.plan.indicators[i].name == name)
        for (rt::ValueRef v : r.values[i])
          if (v.entity().size() == 1 && v.entity(0).str == id) return v.has_value() ? v.value().num : -12345.0;
    FAIL("no " << name << " for " << id);
    return 0.0;
  };
  std::map<std::string, std::array<double, 3>> want = {
      // hour, weekday (1 = Monday), dates code
      {"spring_before", {1, 7, 1000}},  {"spring_after", {3, 7, 1000}},  {"autumn_first", {2, 7, 10000}},
      {"autumn_second", {2, 7, 10000}}, {"autumn_after", {3, 7, 10000}}, {"before_midnight", {23, 2, 1}},
      {"midnight", {0, 3, 10}},         {"before_1970", {23, 3, 100}},
  };
  for (auto& [id, w] : want) {
    INFO(id);
    CHECK(value("hours", id) == w[0]);
    CHECK(value("weekdays", id) == w[1]);
    CHECK(value("dates", id) == w[2]);
    CHECK(value("of_date", id) == 700);  // a date is its local midnight: Sunday, hour 0
  }
  // least/greatest keep the first valid value unless a later one is strictly smaller/greater: a NaN
  // first stays, a NaN later never wins. coalesce takes the first valid value, NaN included; `if` of
  // an unknown condition (NaN > 0 is false, null > 0 unknown) takes the `else` value.
  CHECK(std::isnan(value("least_xy", "spring_before")));
  CHECK(value("least_yx", "spring_before") == 1);
  CHECK(std::isnan(value("greatest_xy", "spring_before")));
  CHECK(value("greatest_yx", "spring_before") == 1);
  CHECK(value("least_xy", "autumn_first") == 3);
  CHECK(std::isnan(value("least_yx", "autumn_first")));
  CHECK(value("greatest_xy", "autumn_first") == 3);
  CHECK(value("least_xy", "autumn_second") == -1);
  CHECK(value("greatest_yx", "autumn_second") == -0.5);
  CHECK(value("least_xy", "spring_after") == 2);  // a null argument is skipped
  CHECK(value("least_xy", "autumn_after") == -12345.0);  // all null: null (sum of no value)
  CHECK(std::isnan(value("first_valid", "spring_before")));
  CHECK(value("first_valid", "spring_after") == 2);
  CHECK(value("first_valid", "autumn_after") == 5);
  CHECK(value("chosen", "spring_before") == 1);
  CHECK(value("chosen", "spring_after") == 2);
  CHECK(value("chosen", "autumn_first") == 3);
  CHECK(value("chosen", "autumn_second") == -0.5);
  CHECK(value("chosen", "before_1970") == 2);
}

TEST_CASE("more than one batch, rows without a time, as_of in the middle", "[jit][diff]") {
  Fixed f(R"(
project p { timezone "Asia/Shanghai" }
source ev { time at; evidence id; id: string; at: timestamp; x: number; k: string }
indicator per_day { from ev; where x > 10; value sum(x) / count(); by k; every day; evidence at least 2 }
indicator all_time { from ev; value avg(x where x < 900) + count(x); by k }
)");
  f.require_compiled("per_day");
  f.require_compiled("all_time");
  std::mt19937_64 rng(7);
  for (int i = 0; i < 10000; ++i) {
    if (i % 13 == 0)
      f.col("at").push_null();
    else
      f.col("at").push_int((kBaseSeconds + i * 97) * kMicros);
    if (i % 11 == 0)
      f.col("x").push_null();
    else
      f.col("x").push_number(static_cast<double>(rng() % 1000) / 7);
    f.col("k").push_string(std::to_string(rng() % 5));
    if (i % 3 == 0)
      f.col("id").push_null();
    else
      f.col("id").push_string("R" + std::to_string(i));
    f.row();
  }
  f.both((kBaseSeconds + 5000 * 97) * kMicros, "10000 rows");
  f.both((kBaseSeconds - 1) * kMicros, "as_of before every row");
  f.tables[0] = rt::Table::empty(rt::table_spec(f.c.plan.tables[0]));
  f.both(kBaseSeconds * kMicros, "an empty table");
}

TEST_CASE("groups: dense cells per period, their limit, keyless and two keys, rows out of time order", "[jit][diff]") {
  // 5,000 keys x 5,000 hours would need 25 M dense cells, over the finder's 16 M: part way through it
  // stops keeping cells and every row asks the group table (runtime/engine.cpp, GroupFinder). The first
  // pass puts key i in hour i; a second pass revisits every 7th (key, hour) out of time order, so that
  // groups made before and after the limit are found again.
  Fixed f(R"(
source ev { time at; at: timestamp; k: string; j: string; x: number }
indicator per_key_hour { from ev; value count(); by k; every hour }
indicator per_hour { from ev; value sum(x); every hour }
indicator per_two { from ev; value count(where x > 0); by k, j; every hour }
)");
  for (auto name : {"per_key_hour", "per_hour", "per_two"}) f.require_compiled(name);
  constexpr int kKeys = 5000;
  auto add = [&](int i) {
    f.col("at").push_int((kBaseSeconds + i * 3600) * kMicros);
    f.col("k").push_string("k" + std::to_string(i));
    f.col("j").push_string(i % 2 ? "odd" : "even");
    f.col("x").push_number(1);
    f.row();
  };
  for (int i = 0; i < kKeys; ++i) add(i);
  for (int i = kKeys - 1; i >= 0; i -= 7) add(i);  // backwards: 715 rows, keys 4999, 4992, ..., 8, 1
  rt::RunResult r = f.both((kBaseSeconds + kKeys * 3600) * kMicros, "5000 keys x 5000 hours");
  // Each (key, hour) group: 1 row, 2 for the 715 revisited ones (i = 4999 - 7m).
  for (int v : {0, 2}) {
    REQUIRE(r.values[v].size() == static_cast<size_t>(kKeys));
    int twos = 0;
    for (rt::ValueRef iv : r.values[v]) twos += iv.value().num == 2;
    CHECK(twos == 715);
  }
  REQUIRE(r.values[1].size() == static_cast<size_t>(kKeys));  // one group per hour, keyless
  double total = 0;
  for (rt::ValueRef iv : r.values[1]) total += iv.value().num;
  CHECK(total == kKeys + 715);
  for (rt::ValueRef iv : r.values[0])
    if (iv.entity(0).str == "k4999" || iv.entity(0).str == "k1")
      CHECK(iv.value().num == 2);
    else if (iv.entity(0).str == "k0" || iv.entity(0).str == "k4998")
      CHECK(iv.value().num == 1);
}

TEST_CASE("what is not compiled is interpreted, with a reason", "[jit]") {
  Fixed f(R"(
source ev { time at; at: timestamp; x: number; s: string; s2: string; dt: date }
indicator fn { from ev; where lower(s) == "a"; value count() }
indicator agg { from ev; value median(x) }
indicator texts { from ev; where s == s2; value count() }
indicator text_min { from ev; value min(s) }
indicator date_col { from ev; where dt < at; value count() }
indicator fine { from ev; where s2 != "x"; value count() }
indicator composite { value fine * 2 }
indicator mixed { from ev; value sum(coalesce(x, 2h)) }
indicator text_if { from ev; where if(x > 0, s, s2) == "a"; value count() }
indicator mixed_time { from ev; where least(at, 2025-07-01) < at; value count() }
indicator local { from ev; where date(at) == 2025-07-01 and weekday(at) == 2 and hour_of(dt) == 0; value max(least(x, 1)) }
)");
  std::map<std::string, std::string> reasons;
  for (auto& n : f.kernels->notes()) reasons[n.name] = n.compiled ? "compiled" : n.reason;
  CHECK(reasons["fn"] == "compiled");  // a condition over one text column: one answer per dictionary code
  CHECK(reasons["agg"] == "the aggregate `median` is not compiled yet");
  CHECK(reasons["texts"] == "a comparison of text that is not a column against a constant");
  CHECK(reasons["text_min"] == "`min` of text is not compiled yet");
  CHECK(reasons["date_col"] == "a date column compared with a timestamp");
  CHECK(reasons["fine"] == "compiled");
  CHECK(reasons["composite"].find("composite") != std::string::npos);
  CHECK(reasons["mixed"] == "`coalesce` of number and duration is not compiled yet");
  CHECK(reasons["text_if"] == "`if` of text is not compiled yet");
  CHECK(reasons["mixed_time"] == "`least` of timestamp and date is not compiled yet");
  CHECK(reasons["local"] == "compiled");
  CHECK(f.kernels->compiled_count() == 3);
}

TEST_CASE("the disk cache: a second compile of the same rules loads the object and compiles nothing", "[jit][cache]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("jixiao-jit-cache-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  jit::JitOptions options;
  options.cache_dir = dir.string();
  Fixed f(R"(
source ev { time at; at: timestamp; x: number; s: string }
indicator a { from ev; where s == "k"; value sum(x); every day }
indicator b { from ev; value max(x where x < 5) }
)");
  for (int i = 0; i < 100; ++i) {
    f.col("at").push_int((kBaseSeconds + i * 3600) * kMicros);
    f.col("x").push_number(i % 9);
    f.col("s").push_string(i % 2 ? "k" : "j");
    f.row();
  }
  auto cold = session().compile(f.c.plan, f.c.tz, options);
  REQUIRE(cold->compiled_count() == 2);
  CHECK_FALSE(cold->stats().from_cache);
  CHECK(fs::exists(cold->stats().cache_file));
  auto warm = session().compile(f.c.plan, f.c.tz, options);
  REQUIRE(warm->compiled_count() == 2);
  CHECK(warm->stats().from_cache);
  CHECK(warm->stats().optimise_ms == 0);
  CHECK(warm->stats().codegen_ms == 0);
  compare_engines(f.c, *warm, f.tables, (kBaseSeconds + 200 * 3600) * kMicros, true, "warm cache");

  // Other rules (one constant changed) are another module with another key.
  Checked other = check_rules(R"(
source ev { time at; at: timestamp; x: number; s: string }
indicator a { from ev; where s == "k"; value sum(x); every day }
indicator b { from ev; value max(x where x < 6) }
)");
  auto changed = session().compile(other.plan, other.tz, options);
  CHECK_FALSE(changed->stats().from_cache);
  CHECK(changed->stats().cache_file != cold->stats().cache_file);

  // A damaged cache file is compiled again (and replaced), never trusted.
  { std::ofstream(warm->stats().cache_file, std::ios::binary | std::ios::trunc) << "not an object file"; }
  auto repaired = session().compile(f.c.plan, f.c.tz, options);
  REQUIRE(repaired->compiled_count() == 2);
  CHECK_FALSE(repaired->stats().from_cache);
  CHECK_FALSE(repaired->stats().cache_note.empty());
  compare_engines(f.c, *repaired, f.tables, (kBaseSeconds + 200 * 3600) * kMicros, true, "after a damaged cache file");
  auto again = session().compile(f.c.plan, f.c.tz, options);
  CHECK(again->stats().from_cache);
  fs::remove_all(dir);
}

TEST_CASE("chain node predicates: the compiled `when` matches the events the interpreter matches", "[jit][chain]") {
  Checked c = check_rules(R"(project p { timezone "Europe/Berlin" }
source ev { time at; evidence id; id: string; lead: string; stage: string; x: number; at: timestamp }
chain funnel {
  from ev
  case lead
  step stage
  node a { when stage == "a" or x > 90 }
  node b { when stage == "b" and x is not null and hour_of(at) >= 9; within 2h }
  node c2 { within 1d }
}
)");
  auto kernels = session().compile(c.plan, c.tz, jit::JitOptions{});
  std::map<std::string, std::string> notes;
  for (auto& n : kernels->notes()) notes[n.name] = n.compiled ? "compiled" : n.reason;
  CHECK(notes["funnel.a"] == "compiled");
  CHECK(notes["funnel.b"] == "compiled");
  CHECK(notes.count("funnel.c2") == 0);  // matched by its name: nothing to compile

  const plan::TablePlan& source = c.plan.tables[c.plan.chains[0].from_table];
  std::mt19937_64 rng(7);
  for (size_t rows : {0, 1, 50, 2047, 2048, 2049, 5000}) {
    std::vector<rt::Table> tables;
    for (auto& tp : c.plan.tables) tables.push_back(rt::Table::empty(rt::table_spec(tp)));
    rt::Table& t = tables[c.plan.chains[0].from_table];
    const char* stages[] = {"a", "b", "c2", "z"};
    for (size_t r = 0; r < rows; ++r) {
      t.columns[0].push_string("E" + std::to_string(r));
      t.columns[1].push_string("L" + std::to_string(rng() % 40));
      if (rng() % 10 == 0)
        t.columns[2].push_null();
      else
        t.columns[2].push_string(stages[rng() % 4]);
      if (rng() % 5 == 0)
        t.columns[3].push_null();
      else
        t.columns[3].push_number(static_cast<double>(rng() % 1000) / 10);
      if (rng() % 20 == 0)
        t.columns[4].push_null();  // an event without a time joins no case
      else
        t.columns[4].push_int((kBaseSeconds + static_cast<int64_t>(rng() % (3 * 86400))) * kMicros);
      t.row_number.push_back(r + 2);
    }
    REQUIRE(source.columns.size() == t.columns.size());
    std::vector<rt::Table> compiled = tables;
    rt::Micros as_of = (kBaseSeconds + 2 * 86400) * kMicros;
    auto calendars = rt::build_calendars(c.plan, c.tz);
    rt::compute_chains(c.plan, tables, c.tz, calendars, as_of);
    rt::compute_chains(c.plan, compiled, c.tz, calendars, as_of, kernels.get());
    const rt::Table &want = tables[c.plan.chains[0].table], &got = compiled[c.plan.chains[0].table];
    INFO(rows << " events");
    REQUIRE(want.rows() == got.rows());
    for (size_t col = 0; col < want.columns.size(); ++col) {
      const rt::Column &a = want.columns[col], &b = got.columns[col];
      for (size_t r = 0; r < want.rows(); ++r) {
        INFO("column " << col << ", step row " << r);
        REQUIRE(a.valid[r] == b.valid[r]);
        if (!a.valid[r]) continue;
        if (a.kind == rt::ColumnKind::String || a.kind == rt::ColumnKind::Enum)
          CHECK(a.dict()[a.codes[r]] == b.dict()[b.codes[r]]);
        else if (a.kind == rt::ColumnKind::Number)
          CHECK(a.f64[r] == b.f64[r]);
        else
          CHECK(a.i64[r] == b.i64[r]);
      }
    }
  }
}
