// Units (docs/language-reference.md, expressions): comparisons, arithmetic on numbers with units, durations and
// times, and when a count divided by a count is a share.
#include "compiler/check/context.h"

namespace jixiao::check::detail {

// What a count counts: the source's rows for `count()`, `count(where p)` and `count(x)`, the
// values of x for `count_distinct(x)`; a sum or difference of counts of the same things counts
// them too. Anything else (`2 * count()`, `sum(n)`) is not a count.
std::optional<std::string> Context::counted(const ast::File& f, ExprId id) {
  const Expr& e = f.expr(id);
  if (e.kind == ExprKind::Call) {
    const stdlib::Builtin* b = stdlib::find_builtin(e.text);
    if (b && b->id == BuiltinId::Count) return std::string("rows");
    if (b && b->id == BuiltinId::CountDistinct && e.args.size() == 1 && f.expr(e.args[0]).kind == ExprKind::Name)
      return "distinct " + f.expr(e.args[0]).text;
  } else if (e.kind == ExprKind::Binary && (e.op == Op::Add || e.op == Op::Sub)) {
    auto left = counted(f, e.args[0]), right = counted(f, e.args[1]);
    if (left && right && *left == *right) return left;
  }
  return std::nullopt;
}

// Comparison rules of units (docs/language-reference.md, expressions).
void Context::compare(const Type& a, const Type& b, const Expr& right, Span span, ExprId, const ast::File&) {
  if (a.is_error() || b.is_error() || a.kind == TypeKind::Null || b.kind == TypeKind::Null) return;
  if ((a.kind == TypeKind::Duration) != (b.kind == TypeKind::Duration)) {
    if (a.kind == TypeKind::Number || b.kind == TypeKind::Number) {
      diags_.report(diag::DurationComparedWithNumber, span, "a duration is compared with a plain number")
          .notes.push_back({"write the bound with its unit: `> 4h`, `<= 90m`", Span{}});
      return;
    }
  }
  bool a_num = a.kind == TypeKind::Number, b_num = b.kind == TypeKind::Number;
  if (a_num && b_num) {
    if (a.is_ratio() && b.unit.empty() && right.kind == ExprKind::Number && right.number != 0)
      diags_
          .report(diag::PercentComparedWithPlainNumber, right.span,
                  fmt::format("a percent value compared with the plain number {}", right.text))
          .notes.push_back({fmt::format("{} means {}%; write `{}%` if that is what you mean", right.text,
                                        right.number * 100, right.number),
                            Span{}});
    else if (!a.unit.empty() && !b.unit.empty() && a.unit != b.unit && !a.is_ratio() && !b.is_ratio())
      diags_.report(diag::IncompatibleUnits, span, fmt::format("`{}` is compared with `{}`", a.unit, b.unit));
    return;
  }
  auto textual = [](const Type& t) { return t.kind == TypeKind::String || t.kind == TypeKind::Enum; };
  if (textual(a) && textual(b)) return;
  if (a.kind == b.kind) return;
  if ((a.kind == TypeKind::Timestamp && b.kind == TypeKind::Date) ||
      (a.kind == TypeKind::Date && b.kind == TypeKind::Timestamp))
    return;
  diags_.report(diag::TypeMismatch, span, fmt::format("a {} is compared with a {}", type_name(a), type_name(b)));
}

Type Context::arith_units(const Type& a, const Type& b, Op op, Span span) {
  using K = TypeKind;
  if (a.kind == K::Null || b.kind == K::Null) return a.kind == K::Null ? b : a;
  bool add = op == Op::Add || op == Op::Sub;
  if (a.kind == K::Number && b.kind == K::Number) {
    if (add) {
      if (!a.unit.empty() && !b.unit.empty() && a.unit != b.unit)
        diags_.report(diag::IncompatibleUnits, span, fmt::format("`{}` and `{}` cannot be added", a.unit, b.unit));
      return Type::of(K::Number, a.unit.empty() ? b.unit : a.unit);
    }
    if (op == Op::Mul) {
      if (a.is_ratio() && b.is_ratio()) return Type::of(K::Number, "percent");
      return Type::of(K::Number, a.unit.empty() || a.is_ratio() ? b.unit : a.unit);
    }
    // division: same units cancel
    if (a.unit == b.unit) return Type::of(K::Number);
    return Type::of(K::Number, b.unit.empty() ? a.unit : "");
  }
  if (a.kind == K::Duration && b.kind == K::Duration) {
    if (add) return a;
    if (op == Op::Div) return Type::of(K::Number);
  }
  if (a.kind == K::Duration && b.kind == K::Number && (op == Op::Mul || op == Op::Div) && !b.is_ratio()) return a;
  if (a.kind == K::Number && b.kind == K::Duration && op == Op::Mul && !a.is_ratio()) return b;
  if (a.kind == K::Timestamp && b.kind == K::Timestamp && op == Op::Sub) return Type::of(K::Duration);
  if (a.kind == K::Timestamp && b.kind == K::Duration && add) return a;
  if ((a.kind == K::Duration && b.kind == K::Number) || (a.kind == K::Number && b.kind == K::Duration)) {
    const Type& n = a.kind == K::Number ? a : b;
    if (n.is_ratio())
      diags_.report(diag::IncompatibleUnits, span,
                    "a ratio and a duration cannot be combined with `" + std::string(ast::op_text(op)) + "`");
    else
      diags_.report(diag::DurationComparedWithNumber, span, "a duration and a plain number cannot be added")
          .notes.push_back({"give the number its unit: `2h`, `30m`", Span{}});
    return Type{};
  }
  diags_.report(diag::TypeMismatch, span,
                fmt::format("`{}` cannot combine a {} and a {}", ast::op_text(op), type_name(a), type_name(b)));
  return Type{};
}

}  // namespace jixiao::check::detail
