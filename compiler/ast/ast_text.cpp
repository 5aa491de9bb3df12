#include "compiler/ast/ast_text.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "compiler/source/numbers.h"

namespace jixiao::ast {

namespace {

// Writes one declaration as lines: `  word value` per property, deeper for nested blocks.
class Printer {
 public:
  Printer(const File& f, const SourceFile& src) : f_(f), src_(src) {}

  std::string at(Span s) const {
    if (!s.valid()) return "";
    LineCol lc = src_.line_col(s.begin);
    return fmt::format(" @{}:{}", lc.line, lc.column);
  }

  std::string expr(ExprId id) const {
    if (!id.valid()) return "-";
    const Expr& e = f_.expr(id);
    auto arg = [&](size_t i) { return i < e.args.size() ? expr(e.args[i]) : std::string("?"); };
    switch (e.kind) {
      case ExprKind::Number: return number_text(e.number);
      case ExprKind::Percent: return fmt::format("(percent {})", number_text(e.number));
      case ExprKind::Duration: return fmt::format("(duration {} {}us)", e.text, e.micros);
      case ExprKind::PeriodSpan: return fmt::format("(span {} {})", number_text(e.number), e.text);
      case ExprKind::String: return string_literal(e.text);
      case ExprKind::Date: return "(date " + e.text + ")";
      case ExprKind::Timestamp: return "(timestamp " + e.text + ")";
      case ExprKind::TimeOfDay: return "(time " + e.text + ")";
      case ExprKind::Bool: return e.flag ? "true" : "false";
      case ExprKind::Null: return "null";
      case ExprKind::Name: return e.text;
      case ExprKind::List: {
        std::string out = "[";
        for (size_t i = 0; i < e.args.size(); ++i) out += (i ? " " : "") + arg(i);
        return out + "]";
      }
      case ExprKind::Unary: return fmt::format("({} {})", op_text(e.op), arg(0));
      case ExprKind::Binary: return fmt::format("({} {} {})", op_text(e.op), arg(0), arg(1));
      case ExprKind::In: return fmt::format("({} {} {})", e.flag ? "not-in" : "in", arg(0), arg(1));
      case ExprKind::IsNull: return fmt::format("({} {})", e.flag ? "is-not-null" : "is-null", arg(0));
      case ExprKind::Deviates: return fmt::format("(deviates {} {} {})", arg(0), arg(1), arg(2));
      case ExprKind::MissesTarget: return fmt::format("(misses-target {})", arg(0));
      case ExprKind::Call: {
        std::string out = "(call " + e.text;
        for (size_t i = 0; i < e.args.size(); ++i) out += " " + arg(i);
        if (e.filter.valid()) out += " where " + expr(e.filter);
        return out + ")";
      }
    }
    return "?";
  }

  // One property line, skipped when there is nothing to show.
  void line(int depth, std::string_view word, const std::string& value, Span span = {}) {
    if (value.empty()) return;
    out_ += std::string(2 * size_t(depth), ' ') + std::string(word) + " " + value + at(span) + "\n";
  }
  void name(int depth, std::string_view word, const Name& n) { line(depth, word, n.valid() ? n.text : "", n.span); }
  void expression(int depth, std::string_view word, ExprId id) {
    if (id.valid()) line(depth, word, expr(id), f_.expr(id).span);
  }
  void names(int depth, std::string_view word, const std::vector<Name>& ns) {
    std::string v;
    for (const Name& n : ns) v += (v.empty() ? "" : " ") + n.text;
    line(depth, word, v);
  }
  void text(int depth, std::string_view word, const std::optional<std::string>& t, Span span = {}) {
    if (t) line(depth, word, string_literal(*t), span);
  }
  void count(int depth, std::string_view word, const std::optional<int64_t>& n, Span span = {}) {
    if (n) line(depth, word, std::to_string(*n), span);
  }
  std::string bound(const Bound& b) const {
    return b.value.valid() ? fmt::format("{} {}", op_text(b.op), expr(b.value)) : "";
  }
  void bands(int depth, const std::vector<Band>& bs) {
    for (const Band& b : bs) line(depth, "band", b.name.text + " " + bound(b.bound), b.span);
  }

  void header(const DeclHeader& h, bool quoted_name = false) {
    out_ += decl_kind_name(h.kind);
    out_ += " " + (quoted_name ? string_literal(h.name.text) : h.name.text);
    if (h.label) out_ += " " + string_literal(*h.label);
    out_ += at(h.span) + "\n";
    if (!h.doc.empty()) line(1, "doc", string_literal(h.doc));
  }

  std::string take() { return std::move(out_); }

 private:
  const File& f_;
  const SourceFile& src_;
  std::string out_;
};

void print(Printer& p, const ProjectDecl& d) {
  p.header(d.h);
  p.text(1, "timezone", d.timezone, d.timezone_span);
  p.name(1, "calendar", d.calendar);
  p.name(1, "week", d.week);
}

void print(Printer& p, const CalendarDecl& d) {
  p.header(d.h);
  p.text(1, "timezone", d.timezone, d.timezone_span);
  for (const HoursLine& h : d.hours) {
    std::string v = h.days.first.text + (h.days.last.valid() ? "-" + h.days.last.text : "");
    for (const TimeRange& r : h.ranges) v += " " + r.from + "-" + r.to;
    p.line(1, "hours", v, h.span);
  }
  auto dates = [&](std::string_view word, const std::vector<DateRange>& rs) {
    for (const DateRange& r : rs) p.line(1, word, r.first + (r.last.empty() ? "" : ".." + r.last), r.span);
  };
  dates("holidays", d.holidays);
  dates("workdays", d.workdays);
}

void print(Printer& p, const ChannelDecl& d) {
  p.header(d.h);
  p.name(1, "kind", d.kind);
  auto setting = [&](std::string_view word, const TextOrEnv& t) {
    if (t.valid())
      p.line(1, word, t.from_env ? "(env " + string_literal(t.text) + ")" : string_literal(t.text), t.span);
  };
  setting("webhook", d.webhook);
  setting("secret", d.secret);
}

void print(Printer& p, const SourceDecl& d) {
  p.header(d.h);
  p.text(1, "system", d.system, d.system_span);
  p.name(1, "time", d.time);
  p.name(1, "evidence", d.evidence);
  p.name(1, "actor", d.actor);
  for (const ColumnDef& c : d.columns) {
    std::string type = c.type.name.text;
    if (!c.type.members.empty()) {
      type += "(";
      for (size_t i = 0; i < c.type.members.size(); ++i) type += (i ? ", " : "") + c.type.members[i].text;
      type += ")";
    }
    if (c.unit.valid()) type += " " + c.unit.text;
    if (c.required) type += " required";
    p.line(1, "column", c.name.text + ": " + type, c.span);
  }
}

void print(Printer& p, const IndicatorDecl& d) {
  p.header(d.h);
  p.name(1, "from", d.from);
  p.expression(1, "where", d.where);
  p.expression(1, "value", d.value);
  std::string by;
  for (const ByItem& b : d.by)
    by += (by.empty() ? "" : ", ") + b.column.text + (b.in_source.valid() ? " in " + b.in_source.text : "");
  p.line(1, "by", by, d.by_span);
  p.name(1, "every", d.every);
  p.name(1, "unit", d.unit);
  p.line(1, "target", p.bound(d.target), d.target.span);
  p.name(1, "owner", d.owner);
  p.count(1, "evidence at least", d.evidence_min, d.evidence_span);
  p.count(1, "sample at least", d.sample_min, d.sample_span);
  p.names(1, "visible to", d.visible_to);
  p.expression(1, "appeal window", d.appeal_window);
}

void print(Printer& p, const ChainDecl& d) {
  p.header(d.h);
  p.name(1, "from", d.from);
  p.name(1, "case", d.case_column);
  p.name(1, "step", d.step_column);
  p.name(1, "calendar", d.calendar);
  for (const NodeDecl& n : d.nodes) {
    p.line(1, "node", n.name.text + (n.label ? " " + string_literal(*n.label) : ""), n.span);
    p.name(2, "owner", n.owner);
    p.expression(2, "within", n.within);
    p.name(2, "charge", n.charge);
    p.expression(2, "when", n.when);
    p.bands(2, n.bands);
  }
  p.bands(1, d.bands);
}

void print(Printer& p, const AlertDecl& d) {
  p.header(d.h);
  p.name(1, "from", d.from);
  p.expression(1, "when", d.when);
  if (d.for_count) p.line(1, "for", fmt::format("{} consecutive {}", *d.for_count, d.for_unit.text), d.for_unit.span);
  p.name(1, "severity", d.severity);
  p.names(1, "notify", d.notify);
  p.text(1, "message", d.message, d.message_span);
  for (const TaskDecl& t : d.tasks) {
    p.line(1, "task", t.name.text + (t.label ? " " + string_literal(*t.label) : ""), t.span);
    p.name(2, "assign", t.assign);
    p.expression(2, "due", t.due);
    for (const Attach& a : t.attach) {
      std::string v = a.source.text + " match";
      for (size_t i = 0; i < a.match.size(); ++i) v += (i ? ", " : " ") + a.match[i].text;
      if (a.during.valid()) v += " during " + a.during.text;
      if (a.window.valid()) v += " window " + p.expr(a.window);
      p.line(2, "attach", v, a.span);
    }
  }
  p.name(1, "report", d.report);
}

void print(Printer& p, const RoleDecl& d) {
  p.header(d.h);
  p.name(1, "from", d.from);
  p.expression(1, "where", d.where);
  p.name(1, "scope", d.scope);
}

void print(Printer& p, const ViewDecl& d) {
  p.header(d.h);
  p.name(1, "for", d.for_role);
  p.names(1, "show", d.show);
  p.names(1, "alerts", d.alerts);
}

void print(Printer& p, const TestDecl& d) {
  p.header(d.h, d.titled_by_string);
  if (d.as_of) p.line(1, "as_of", *d.as_of, d.as_of_span);
  for (const Given& g : d.given) {
    std::string v = g.source.text;
    if (g.file) v += " file " + string_literal(*g.file);
    if (g.text_block) v += " text " + string_literal(*g.text_block);
    p.line(1, "given", v, g.span);
  }
  for (const Expect& e : d.expects) {
    static constexpr const char* kKinds[] = {"value", "alert", "no alert", "step"};
    std::string v = std::string(kKinds[size_t(e.kind)]) + " " + e.target.text;
    for (const KeyValue& kv : e.keys) v += " " + kv.key.text + "=" + p.expr(kv.value);
    if (e.column.valid()) v += " " + e.column.text;
    if (e.op != Op::None) v += fmt::format(" {} {}", op_text(e.op), p.expr(e.expected));
    p.line(1, "expect", v, e.span);
  }
}

}  // namespace

std::string ast_text(const File& file, const SourceSet& sources) {
  const SourceFile& src = sources.file(file.id);
  // Each declaration printed on its own, then all of them in file order.
  std::map<uint32_t, std::string> decls;
  auto each = [&](const auto& list) {
    for (const auto& d : list) {
      Printer p(file, src);
      print(p, d);
      decls[d.h.file_order] = p.take();
    }
  };
  each(file.projects);
  each(file.calendars);
  each(file.channels);
  each(file.sources);
  each(file.indicators);
  each(file.chains);
  each(file.alerts);
  each(file.roles);
  each(file.views);
  each(file.tests);
  std::string out = "file " + src.path() + "\n";
  for (auto& [order, text] : decls) out += "\n" + text;
  return out;
}

}  // namespace jixiao::ast
