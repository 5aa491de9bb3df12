#include "testing/test_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <sstream>

#include "base/errors.h"
#include "compiler/plan/lower.h"
#include "compiler/source/file_text.h"
#include "runtime/chains.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"
#include "runtime/ingest/ingest.h"

namespace jixiao::testing {

namespace {

using rt::Scalar;
using rt::VType;

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

// Whether `path` lies in the folder `root` once both are normalised and their symlinks resolved: a test
// reads the project's own fixtures, never other files of the machine (`../../x`, `/etc/x`, a link out).
bool inside(const std::filesystem::path& path, const std::filesystem::path& root) {
  std::error_code ec1, ec2;
  auto file = std::filesystem::weakly_canonical(path, ec1);
  auto folder = std::filesystem::weakly_canonical(root.empty() ? "." : root, ec2);
  if (ec1 || ec2) return false;
  if (folder.filename().empty()) folder = folder.parent_path();  // `examples/x/`
  auto [f, r] = std::mismatch(file.begin(), file.end(), folder.begin(), folder.end());
  return r == folder.end() && f != file.end();
}

std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A `given` text block as CSV text: the common indentation removed, a pipe table's cells trimmed and
// split on unescaped `|` (`\|` is a literal pipe), an empty cell null. A block whose header has no `|`
// is CSV already.
std::string given_as_csv(const std::string& block) {
  std::vector<std::string> lines;
  std::istringstream in(block);
  for (std::string line; std::getline(in, line);)
    if (!trim(line).empty()) lines.push_back(line);
  if (lines.empty()) return {};
  if (lines[0].find('|') == std::string::npos) {
    std::string out;
    for (auto& l : lines) out += trim(l) + "\n";
    return out;
  }
  // A table framed by pipes (`| a | b |`, as Markdown writes them) is recognised by its header; otherwise
  // a leading or trailing `|` means an empty first or last cell.
  std::string header = trim(lines[0]);
  bool framed = header.size() > 1 && header.front() == '|' && header.back() == '|';
  std::string out;
  for (auto& line : lines) {
    std::string t = trim(line);
    // A separator row such as `---|---` carries no data.
    if (t.find_first_not_of("-|: ") == std::string::npos) continue;
    if (framed && t.size() > 1 && t.front() == '|' && t.back() == '|' && t[t.size() - 2] != '\\')
      t = t.substr(1, t.size() - 2);
    std::vector<std::string> cells;
    std::string cell;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') {
        cell += '|';
        ++i;
        continue;
      }
      if (t[i] == '|') {
        cells.push_back(trim(cell));
        cell.clear();
        continue;
      }
      cell += t[i];
    }
    cells.push_back(trim(cell));
    for (size_t c = 0; c < cells.size(); ++c) out += (c ? "," : "") + csv_quote(cells[c]);
    out += "\n";
  }
  return out;
}

bool same_value(const Scalar& a, const Scalar& b) {
  if (!a.valid || !b.valid) return a.valid == b.valid;
  bool a_num = a.type == VType::Num, b_num = b.type == VType::Num;
  if (a_num || b_num) {
    double x = a_num ? a.num : static_cast<double>(a.i64), y = b_num ? b.num : static_cast<double>(b.i64);
    return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(y));
  }
  if (a.type == VType::Str || b.type == VType::Str) return a.str == b.str;
  return a.i64 == b.i64;
}

bool compare(const Scalar& actual, ast::Op op, const Scalar& expected) {
  if (op == ast::Op::Eq) return same_value(actual, expected);
  if (op == ast::Op::Ne) return !same_value(actual, expected);
  if (!actual.valid || !expected.valid) return false;
  double x, y;
  if (actual.type == VType::Str || expected.type == VType::Str) {
    int c = actual.str.compare(expected.str);
    x = c;
    y = 0;
  } else {
    x = actual.type == VType::Num ? actual.num : static_cast<double>(actual.i64);
    y = expected.type == VType::Num ? expected.num : static_cast<double>(expected.i64);
  }
  switch (op) {
    case ast::Op::Lt: return x < y;
    case ast::Op::Le: return x <= y;
    case ast::Op::Gt: return x > y;
    default: return x >= y;
  }
}

std::string show(const Scalar& s, const std::string& unit, const rt::TimeZone& tz) {
  if (!s.valid) return "null";
  if (s.type == VType::Num && unit == "percent") return fmt::format("{:.6g}%", s.num * 100);
  if (s.type == VType::Dur) return rt::format_duration(s.i64);
  if (s.type == VType::Time) return rt::format_timestamp(s.i64, tz);
  if (s.type == VType::Date) return rt::format_date(static_cast<int32_t>(s.i64));
  if (s.type == VType::Str) return "\"" + s.str + "\"";
  if (s.type == VType::Bool) return s.i64 ? "true" : "false";
  return fmt::format("{:.10g}", s.num);
}

class TestRun {
 public:
  TestRun(const CheckedProject& project, const plan::ProgramPlan& plan, const rt::TimeZone& tz)
      : project_(project), plan_(plan), tz_(tz), work_schedules_(rt::work_schedules(plan, tz)) {}

  TestOutcome run(const ast::File& file, const ast::TestDecl& test) {
    const SourceFile& src = project_.sources->file(file.id);
    file_ = &file;
    TestOutcome out;
    out.title = test.h.name.text;
    out.where = fmt::format("{}:{}", src.path(), src.line_col(test.h.span.begin).line);

    // The tables: every source empty but for its `given` rows.
    std::vector<rt::Table> tables;
    for (auto& t : plan_.tables) tables.push_back(rt::Table::empty(rt::table_spec(t)));
    std::vector<rt::QuarantinedRow> quarantine;
    for (auto& g : test.given) {
      int index = -1;
      for (size_t i = 0; i < plan_.tables.size(); ++i)
        if (plan_.tables[i].name == g.source.text) index = static_cast<int>(i);
      if (index < 0) continue;
      std::string csv;
      if (g.text_block) {
        csv = given_as_csv(*g.text_block);
      } else if (g.file) {
        std::filesystem::path path = std::filesystem::path(src.path()).parent_path() / *g.file;
        if (!inside(path, project_.root)) {
          out.error = fmt::format("{}:{}: the fixture \"{}\" is outside the project folder", src.path(),
                                  src.line_col(g.span.begin).line, *g.file);
          return out;
        }
        auto text = read_file(path);
        if (!text) {
          out.error = fmt::format("cannot read the fixture {}", path.string());
          return out;
        }
        csv = std::move(*text);
      }
      std::istringstream in(csv);
      rt::IngestReport report =
          rt::ingest_csv(in, "given " + g.source.text, rt::IngestTarget{tables[index], quarantine, tz_});
      for (auto& q : quarantine) {
        LineCol lc = src.line_col(g.body_span.begin);
        out.error += fmt::format("{}:{}: row {} of the `given {}` table was rejected: {}\n", src.path(), lc.line,
                                 q.row_number - 1, g.source.text, q.reason);
      }
      quarantine.clear();
      if (!report.error.empty()) {
        LineCol lc = src.line_col(g.body_span.begin);
        out.error += fmt::format("{}:{}: the `given {}` table cannot be read: {}\n", src.path(), lc.line, g.source.text,
                                 report.error);
      }
    }
    if (!out.error.empty()) return out;

    rt::Micros as_of = 0;
    if (test.as_of) {
      auto t = rt::parse_timestamp(*test.as_of, tz_);
      if (!t) {
        out.error = "as_of is not a valid time";
        return out;
      }
      as_of = *t;
    } else {
      as_of = rt::latest_event_time(plan_, tables, tz_).value_or(0);
    }
    auto calendars = rt::build_calendars(plan_, tz_);
    rt::compute_chains(plan_, tables, tz_, calendars, as_of);
    rt::RunOptions ro;
    ro.as_of = as_of;
    rt::RunResult result = rt::evaluate_program(plan_, tables, tz_, ro);

    for (auto& e : test.expects) {
      std::string detail = expect(e, tables, result);
      if (detail.empty()) continue;
      LineCol lc = src.line_col(e.span.begin);
      out.failures.push_back(ExpectFailure{fmt::format("{}:{}:{}", src.path(), lc.line, lc.column),
                                           std::string(project_.sources->text(e.span)), detail});
    }
    return out;
  }

 private:
  Scalar literal(ast::ExprId id) {
    plan::ExprPlan p = plan::lower_literal(project_.program, file_->id, id);
    struct NoLeaves : rt::LeafSource {
      void column(int, size_t, size_t, rt::Vec&) override { JX_UNREACHABLE("a test literal reads no column"); }
    } none;
    std::deque<std::string> arena;
    rt::EvalContext ctx{&tz_, &arena, &work_schedules_};
    rt::Vec v;
    rt::evaluate(p, none, 0, 1, ctx, v);
    return rt::scalar_at(v, 0);
  }

  // The key's expected value as written: `period` takes a label (a date literal for days), others a
  // literal (a string's text, a number's digits).
  std::string key_text(const ast::KeyValue& kv) { return file_->expr(kv.value).text; }

  std::string describe_keys(const std::vector<ast::KeyValue>& keys) {
    std::string out;
    for (auto& k : keys)
      out += (out.empty() ? "" : ", ") + k.key.text + ": " +
             std::string(project_.sources->text(file_->expr(k.value).span));
    return "{ " + out + " }";
  }

  std::string expect(const ast::Expect& e, const std::vector<rt::Table>& tables, const rt::RunResult& result) {
    switch (e.kind) {
      case ast::ExpectKind::Value: return expect_value(e, result);
      case ast::ExpectKind::Alert:
      case ast::ExpectKind::NoAlert: return expect_alert(e, result);
      case ast::ExpectKind::Step: return expect_step(e, tables);
    }
    return {};
  }

  std::string expect_value(const ast::Expect& e, const rt::RunResult& result) {
    int index = -1;
    for (size_t i = 0; i < plan_.indicators.size(); ++i)
      if (plan_.indicators[i].name == e.target.text) index = static_cast<int>(i);
    if (index < 0) return "no such indicator";
    const plan::IndicatorPlan& ip = plan_.indicators[index];
    std::optional<std::string> period;
    std::vector<std::pair<int, Scalar>> wanted;
    for (auto& kv : e.keys) {
      if (kv.key.text == "period") {
        period = key_text(kv);
        continue;
      }
      auto it = std::find(ip.key_names.begin(), ip.key_names.end(), kv.key.text);
      if (it == ip.key_names.end()) return fmt::format("`{}` is not computed by `{}`", e.target.text, kv.key.text);
      wanted.emplace_back(static_cast<int>(it - ip.key_names.begin()), literal(kv.value));
    }
    for (rt::ValueRef v : result.values[index]) {
      if (period && v.period() != *period) continue;
      bool match = true;
      for (auto& [c, s] : wanted) match = match && same_value(v.entity(c), s);
      if (!match) continue;
      Scalar expected = literal(e.expected);
      Scalar got = v.value();
      if (compare(got, e.op, expected)) return {};
      return fmt::format("expected {} {}, got {} (status {}, {} rows)", ast::op_text(e.op),
                         show(expected, ip.unit, tz_), show(got, ip.unit, tz_), rt::status_name(v.status()), v.rows());
    }
    std::string periods;
    for (rt::ValueRef v : result.values[index]) periods += (periods.empty() ? "" : ", ") + v.period();
    return fmt::format("`{}` has no value for {}{}", e.target.text, describe_keys(e.keys),
                       periods.empty() ? " (it has no values at all)" : "");
  }

  std::string expect_alert(const ast::Expect& e, const rt::RunResult& result) {
    int index = -1;
    for (size_t i = 0; i < plan_.alerts.size(); ++i)
      if (plan_.alerts[i].name == e.target.text) index = static_cast<int>(i);
    if (index < 0) return "no such alert";
    int count = 0;
    for (const rt::AlertEvent& a : result.alerts) {
      if (a.alert != index) continue;
      bool match = true;
      for (auto& kv : e.keys) {
        if (kv.key.text == "period") {
          match = match && a.period && *a.period == key_text(kv);
          continue;
        }
        auto it = std::find_if(a.entity.begin(), a.entity.end(), [&](auto& p) { return p.first == kv.key.text; });
        match = match && it != a.entity.end() && same_value(it->second, literal(kv.value));
      }
      if (match) ++count;
    }
    bool want = e.kind == ast::ExpectKind::Alert;
    if (want && count == 0)
      return fmt::format("no `{}` alert {} was raised", e.target.text,
                         e.keys.empty() ? "" : "for " + describe_keys(e.keys));
    if (!want && count > 0)
      return fmt::format("`{}` was raised {} time(s){}", e.target.text, count,
                         e.keys.empty() ? "" : " for " + describe_keys(e.keys));
    return {};
  }

  std::string expect_step(const ast::Expect& e, const std::vector<rt::Table>& tables) {
    const plan::ChainPlan* chain = nullptr;
    for (auto& c : plan_.chains)
      if (c.name == e.target.text) chain = &c;
    if (!chain || chain->table < 0) return "no such chain";
    const rt::Table& t = tables[chain->table];
    const plan::TablePlan& tp = plan_.tables[chain->table];
    auto cell = [&](int col, size_t row) {
      rt::Vec v;
      rt::read_column(t.columns[col], tp.columns[col].type, row, 1, v);
      return rt::scalar_at(v, 0);
    };
    int compared = -1;
    for (size_t c = 0; c < tp.columns.size(); ++c)
      if (tp.columns[c].name == e.column.text) compared = static_cast<int>(c);
    if (compared < 0) return fmt::format("the chain has no column `{}`", e.column.text);
    for (size_t r = 0; r < t.rows(); ++r) {
      bool match = true;
      for (auto& kv : e.keys) {
        int col = -1;
        for (size_t c = 0; c < tp.columns.size(); ++c)
          if (tp.columns[c].name == kv.key.text) col = static_cast<int>(c);
        match = match && col >= 0 && same_value(cell(col, r), literal(kv.value));
      }
      if (!match) continue;
      Scalar actual = cell(compared, r), expected = literal(e.expected);
      if (compare(actual, e.op, expected)) return {};
      return fmt::format("expected {} {} {}, got {}", e.column.text, ast::op_text(e.op), show(expected, "", tz_),
                         show(actual, "", tz_));
    }
    return fmt::format("`{}` has no step {}", e.target.text, describe_keys(e.keys));
  }

  const CheckedProject& project_;
  const plan::ProgramPlan& plan_;
  const rt::TimeZone& tz_;
  const std::vector<rt::WorkSchedule> work_schedules_;  // for `work_between` in expected literals
  const ast::File* file_ = nullptr;
};

}  // namespace

std::vector<TestOutcome> run_tests(const CheckedProject& project, const std::string& filter) {
  plan::ProgramPlan plan = plan::lower(project.program);
  auto tz = rt::TimeZone::find(plan.timezone).value_or(rt::TimeZone::utc());
  TestRun runner(project, plan, tz);
  std::vector<TestOutcome> out;
  for (const ast::File& f : project.program.files) {
    for (const ast::TestDecl& t : f.tests) {
      if (!filter.empty() && t.h.name.text.find(filter) == std::string::npos) continue;
      try {
        out.push_back(runner.run(f, t));
      } catch (const std::exception& e) {
        TestOutcome o;
        o.title = t.h.name.text;
        o.error = std::string("internal error while running the test: ") + e.what();
        out.push_back(std::move(o));
      }
    }
  }
  return out;
}

}  // namespace jixiao::testing
