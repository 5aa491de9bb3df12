// The value of each property, printed from the declaration, node or task that holds it (the layout
// tree only knows a property's word and span).
#include "compiler/ast/format_internal.h"

#include <utility>

namespace jixiao::ast::format_detail {
namespace {

bool inside(Span inner, Span outer) { return inner.begin >= outer.begin && inner.end <= outer.end; }

Value text(std::string s) { return Value{{std::move(s)}, true}; }

std::string date_range(const DateRange& r) { return r.last.empty() ? r.first : r.first + ".." + r.last; }

std::string text_or_env(const TextOrEnv& t) {
  return t.from_env ? "env(" + string_literal(t.text) + ")" : string_literal(t.text);
}

std::string keys(const ExprPrinter& print, const std::vector<KeyValue>& kvs) {
  if (kvs.empty()) return "{}";
  std::vector<std::string> parts;
  for (auto& kv : kvs) parts.push_back(print.name(kv.key) + ": " + print.expr(kv.value));
  return "{ " + join(parts, ", ") + " }";
}

std::string expectation(const ExprPrinter& print, const Expect& e) {
  std::string s;
  switch (e.kind) {
    case ExpectKind::Value: {
      // `alert`, `no` and `step` would start the other forms: keep such a target in backticks.
      const std::string& t = e.target.text;
      s = t == "alert" || t == "no" || t == "step" ? "`" + t + "`" : print.name(e.target);
      if (!e.keys.empty()) s += " " + keys(print, e.keys);
      break;
    }
    case ExpectKind::Alert:
    case ExpectKind::NoAlert:
      s = std::string(e.kind == ExpectKind::NoAlert ? "no alert " : "alert ") + print.name(e.target);
      if (!e.keys.empty()) s += " " + keys(print, e.keys);
      return s;
    case ExpectKind::Step:
      s = "step " + print.name(e.target) + " " + keys(print, e.keys) + " " + print.name(e.column);
      break;
  }
  if (e.op != Op::None) s += std::string(" ") + op_text(e.op) + " " + print.expr(e.expected);
  return s;
}

}  // namespace

Value prop_value(const ExprPrinter& print, const Item& block, const Item& prop) {
  const std::string& w = prop.word;
  if (block.kind == ItemKind::Node) {
    auto& n = *static_cast<const NodeDecl*>(block.payload);
    if (w == "owner") return text(print.name(n.owner));
    if (w == "within") return text(print.expr(n.within));
    if (w == "charge") return text(print.name(n.charge));
    if (w == "when") return print.expr_value(n.when);
    return text("");
  }
  if (block.kind == ItemKind::Task) {
    auto& t = *static_cast<const TaskDecl*>(block.payload);
    if (w == "assign") return text(print.name(t.assign));
    if (w == "due") return text(print.expr(t.due));
    if (w == "attach")
      for (auto& a : t.attach)
        if (a.span.begin == prop.span.begin) {
          std::string s = print.name(a.source) + " match " + print.names(a.match);
          if (a.during.valid())
            s += " during " + print.name(a.during);
          else if (a.window.valid())
            s += " window " + print.expr(a.window);
          return text(s);
        }
    return text("");
  }
  switch (block.decl_kind) {
    case DeclKind::Project: {
      auto& d = *static_cast<const ProjectDecl*>(block.payload);
      if (w == "timezone") return text(string_literal(d.timezone.value_or("")));
      if (w == "calendar") return text(print.name(d.calendar));
      if (w == "week") return text(print.name(d.week));
      break;
    }
    case DeclKind::Calendar: {
      auto& d = *static_cast<const CalendarDecl*>(block.payload);
      if (w == "timezone") return text(string_literal(d.timezone.value_or("")));
      if (w == "hours")
        for (auto& h : d.hours)
          if (h.span.begin == prop.span.begin) {
            std::string s = print.name(h.days.first);
            if (h.days.last.valid()) s += "-" + print.name(h.days.last);
            std::vector<std::string> ranges;
            for (auto& r : h.ranges) ranges.push_back(r.from + "-" + r.to);
            return print.name_list(s + " ", ranges);
          }
      if (w == "holidays" || w == "workdays") {
        std::vector<std::string> items;
        for (auto& r : w == "holidays" ? d.holidays : d.workdays)
          if (inside(r.span, prop.span)) items.push_back(date_range(r));
        return print.name_list("", items);
      }
      break;
    }
    case DeclKind::Channel: {
      auto& d = *static_cast<const ChannelDecl*>(block.payload);
      if (w == "kind") return text(print.name(d.kind));
      if (w == "webhook") return text(text_or_env(d.webhook));
      if (w == "secret") return text(text_or_env(d.secret));
      break;
    }
    case DeclKind::Source: {
      auto& d = *static_cast<const SourceDecl*>(block.payload);
      if (w == "system") return text(string_literal(d.system.value_or("")));
      if (w == "time") return text(print.name(d.time));
      if (w == "evidence") return text(print.name(d.evidence));
      if (w == "actor") return text(print.name(d.actor));
      break;
    }
    case DeclKind::Indicator: {
      auto& d = *static_cast<const IndicatorDecl*>(block.payload);
      if (w == "from") return text(print.name(d.from));
      if (w == "where") return print.expr_value(d.where);
      if (w == "value") return print.expr_value(d.value);
      if (w == "by") {
        std::vector<std::string> items;
        for (auto& b : d.by)
          items.push_back(b.in_source.valid() ? print.name(b.column) + " in " + print.name(b.in_source)
                                              : print.name(b.column));
        return print.name_list("", items);
      }
      if (w == "every") return text(print.name(d.every));
      if (w == "unit") return text(print.name(d.unit));
      if (w == "target") return text(print.bound(d.target));
      if (w == "owner") return text(print.name(d.owner));
      if (w == "evidence") return text("at least " + std::to_string(d.evidence_min.value_or(0)));
      if (w == "sample") return text("at least " + std::to_string(d.sample_min.value_or(0)));
      if (w == "visible") return print.name_list("to ", d.visible_to);
      if (w == "appeal") return text("window " + print.expr(d.appeal_window));
      break;
    }
    case DeclKind::Chain: {
      auto& d = *static_cast<const ChainDecl*>(block.payload);
      if (w == "from") return text(print.name(d.from));
      if (w == "case") return text(print.name(d.case_column));
      if (w == "step") return text(print.name(d.step_column));
      if (w == "calendar") return text(print.name(d.calendar));
      break;
    }
    case DeclKind::Alert: {
      auto& d = *static_cast<const AlertDecl*>(block.payload);
      if (w == "from") return text(print.name(d.from));
      if (w == "when") {
        Value v = print.expr_value(d.when);
        if (d.for_count)
          v.parts.back() += " for " + std::to_string(*d.for_count) + " consecutive " + print.name(d.for_unit);
        return v;
      }
      if (w == "severity") return text(print.name(d.severity));
      if (w == "notify") return print.name_list("", d.notify);
      if (w == "message") return text(string_literal(d.message.value_or("")));
      if (w == "report") return text(print.name(d.report));
      break;
    }
    case DeclKind::Role: {
      auto& d = *static_cast<const RoleDecl*>(block.payload);
      if (w == "from") return text(print.name(d.from));
      if (w == "where") return print.expr_value(d.where);
      if (w == "scope") return text(print.name(d.scope));
      break;
    }
    case DeclKind::View: {
      auto& d = *static_cast<const ViewDecl*>(block.payload);
      if (w == "for") return text(print.name(d.for_role));
      if (w == "show") return print.name_list("", d.show);
      if (w == "alerts") return print.name_list("", d.alerts);
      break;
    }
    case DeclKind::Test: {
      auto& d = *static_cast<const TestDecl*>(block.payload);
      if (w == "as_of") return text(d.as_of.value_or(""));
      if (w == "given")
        for (auto& g : d.given)
          if (g.span.begin == prop.span.begin)
            return text(print.name(g.source) + " from " + string_literal(g.file.value_or("")));
      if (w == "expect")
        for (auto& e : d.expects)
          if (e.span.begin == prop.span.begin) return text(expectation(print, e));
      break;
    }
  }
  return text("");
}

}  // namespace jixiao::ast::format_detail
