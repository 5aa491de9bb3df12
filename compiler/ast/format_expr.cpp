// Names and expressions as the canonical source writes them: names in backticks only where needed,
// expressions with minimal parentheses, and/or chains and lists as values that may wrap.
#include "compiler/ast/format_internal.h"

#include "compiler/source/numbers.h"

#include <charconv>

namespace jixiao::ast::format_detail {
namespace {

// Precedence, loosest first: or, and, not, comparisons (== in is deviates misses), + -, * /,
// unary minus, primaries.
int precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Binary:
      switch (e.op) {
        case Op::Or: return 1;
        case Op::And: return 2;
        case Op::Add:
        case Op::Sub: return 5;
        case Op::Mul:
        case Op::Div: return 6;
        default: return 4;
      }
    case ExprKind::Unary: return e.op == Op::Not ? 3 : 7;
    case ExprKind::In:
    case ExprKind::IsNull:
    case ExprKind::Deviates:
    case ExprKind::MissesTarget: return 4;
    default: return 8;
  }
}

}  // namespace

// ---- names -------------------------------------------------------------------------------------

std::string ExprPrinter::name(std::string_view text, Span span) const {
  if (plain_identifier(text)) return std::string(text);
  if (!text.empty() && !is_reserved(text) && span.valid() && span.begin < span.end && span.end <= src_.code_points() &&
      src_.slice(span.begin, span.end) == text)
    return std::string(text);
  return "`" + std::string(text) + "`";
}

std::string ExprPrinter::names(const std::vector<Name>& list) const {
  std::vector<std::string> parts;
  for (auto& n : list) parts.push_back(name(n));
  return join(parts, ", ");
}

Value ExprPrinter::name_list(const std::string& head, const std::vector<std::string>& items) const {
  Value v;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string p = (i == 0 ? head : std::string()) + items[i];
    if (i + 1 < items.size()) p += ",";
    v.parts.push_back(p);
  }
  if (items.empty()) v.parts.push_back(head);
  return v;
}

Value ExprPrinter::name_list(const std::string& head, const std::vector<Name>& list) const {
  std::vector<std::string> items;
  for (auto& n : list) items.push_back(name(n));
  return name_list(head, items);
}

// ---- expressions -------------------------------------------------------------------------------

std::string ExprPrinter::expr(ExprId id, int min_prec) const {
  if (!id.valid() || id.index >= file_.exprs.size()) return "null";
  const Expr& e = file_.expr(id);
  std::string s = expr_text(e);
  return precedence(e) < min_prec ? "(" + s + ")" : s;
}

std::string ExprPrinter::arg(const Expr& e, size_t i, int min_prec) const {
  return i < e.args.size() ? expr(e.args[i], min_prec) : "null";
}

std::string ExprPrinter::period_count(const Expr& e) const {
  // The count as written (`3 months`), when the source still shows it.
  if (e.span.valid() && e.span.begin < e.span.end && e.span.end <= src_.code_points()) {
    std::string_view t = src_.slice(e.span.begin, e.span.end);
    size_t n = 0;
    while (n < t.size() && ((t[n] >= '0' && t[n] <= '9') || t[n] == '.')) ++n;
    double v = 0;
    auto r = std::from_chars(t.data(), t.data() + n, v);
    if (n > 0 && r.ec == std::errc() && r.ptr == t.data() + n && v == e.number) return std::string(t.substr(0, n));
  }
  return number_text(e.number);
}

std::string ExprPrinter::expr_text(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::Number:
    case ExprKind::Percent:
    case ExprKind::Duration: return e.text.empty() ? number_text(e.number) : e.text;
    case ExprKind::Date:
    case ExprKind::Timestamp:
    case ExprKind::TimeOfDay: return e.text;
    case ExprKind::PeriodSpan: return period_count(e) + " " + name(e.text, e.name_span);
    case ExprKind::String: return string_literal(e.text);
    case ExprKind::Bool: return e.flag ? "true" : "false";
    case ExprKind::Null: return "null";
    case ExprKind::List: {
      std::vector<std::string> items;
      for (ExprId a : e.args) items.push_back(expr(a));
      return "[" + join(items, ", ") + "]";
    }
    case ExprKind::Name: return name(e.text, e.span);
    case ExprKind::Unary: {
      if (e.op == Op::Not) return "not " + arg(e, 0, 3);
      std::string operand = arg(e, 0, 7);
      return operand.starts_with("-") ? "- " + operand : "-" + operand;
    }
    case ExprKind::Binary: {
      int p = precedence(e);
      int left = p == 4 ? 5 : p, right = p == 4 ? 5 : p + 1;  // comparisons do not chain
      return arg(e, 0, left) + " " + op_text(e.op) + " " + arg(e, 1, right);
    }
    case ExprKind::In: return arg(e, 0, 5) + (e.flag ? " not in " : " in ") + arg(e, 1, 5);
    case ExprKind::IsNull: return arg(e, 0, 5) + (e.flag ? " is not null" : " is null");
    case ExprKind::Deviates: return arg(e, 0, 5) + " deviates " + arg(e, 1, 5) + " from " + arg(e, 2, 5);
    case ExprKind::MissesTarget: return arg(e, 0, 5) + " misses target";
    case ExprKind::Call: {
      std::string s = name(e.text, e.name_span) + "(";
      if (e.args.empty()) {
        if (e.filter.valid()) s += "where " + expr(e.filter);
      } else {
        s += expr(e.args[0]);
        if (e.filter.valid()) s += " where " + expr(e.filter);
        for (size_t i = 1; i < e.args.size(); ++i) s += ", " + expr(e.args[i]);
      }
      return s + ")";
    }
  }
  return "null";
}

void ExprPrinter::flatten(ExprId id, Op op, int left, int right, std::vector<std::string>& out) const {
  const Expr& e = file_.expr(id);
  if (e.kind == ExprKind::Binary && e.op == op && e.args.size() == 2) {
    flatten(e.args[0], op, left, right, out);
    out.push_back(expr(e.args[1], right));
  } else {
    out.push_back(expr(id, left));
  }
}

Value ExprPrinter::expr_value(ExprId id) const {
  Value v;
  if (id.valid() && id.index < file_.exprs.size()) {
    const Expr& e = file_.expr(id);
    if (e.kind == ExprKind::Binary && (e.op == Op::Or || e.op == Op::And)) {
      bool is_or = e.op == Op::Or;
      flatten(id, e.op, is_or ? 1 : 2, is_or ? 2 : 3, v.parts);
      for (size_t i = 0; i + 1 < v.parts.size(); ++i) v.parts[i] += is_or ? " or" : " and";
      v.greedy = false;
      return v;
    }
  }
  v.parts.push_back(expr(id));
  return v;
}

std::string ExprPrinter::bound(const Bound& b) const { return std::string(op_text(b.op)) + " " + expr(b.value); }

std::string ExprPrinter::label(const std::optional<std::string>& l) const {
  return l ? " " + string_literal(*l) : std::string();
}

}  // namespace jixiao::ast::format_detail
