// Calls of builtins (stdlib/builtins.h): argument counts and types, series functions (alerts only),
// and aggregates with their `where` filters.
#include "compiler/check/context.h"

#include <algorithm>

namespace jixiao::check::detail {

Type Context::call(const ast::File& f, ExprId id, const Scope& s) {
  const Expr& e = f.expr(id);
  ExprInfo& self = info(f, id);
  const stdlib::Builtin* b = stdlib::find_builtin(e.text);
  if (!b) {
    Diagnostic& d = diags_.report(diag::UnknownFunction, e.name_span, fmt::format("unknown function `{}`", e.text));
    std::vector<std::string> names;
    for (auto& x : stdlib::builtins()) names.emplace_back(x.name);
    suggest(d, e.text, names);
    // It may have been meant as an aggregate: let its arguments use columns as one would.
    Scope inner = s;
    if (s.aggregates) inner.in_aggregate = true;
    if (e.filter.valid()) expr(f, e.filter, inner);
    for (ExprId a : e.args) expr(f, a, inner);
    return Type{};
  }
  self.ref = RefKind::Builtin;
  self.index = static_cast<int>(b->id);
  int n = static_cast<int>(e.args.size());
  if (n < b->min_args || (b->max_args >= 0 && n > b->max_args)) {
    diags_
        .report(diag::WrongArgumentCount, e.span,
                fmt::format("`{}` takes {} argument{}, not {}", b->name,
                            b->min_args == b->max_args ? std::to_string(b->min_args)
                            : b->max_args < 0          ? fmt::format("at least {}", b->min_args)
                                                       : fmt::format("{} to {}", b->min_args, b->max_args),
                            b->max_args == 1 ? "" : "s", n))
        .notes.push_back({fmt::format("signature: {}", b->signature), Span{}});
    return Type{};
  }
  if (b->family == BuiltinFamily::Aggregate) return aggregate(f, id, *b, s);
  if (e.filter.valid())
    diags_.report(diag::TypeMismatch, f.expr(e.filter).span,
                  fmt::format("only aggregates take a `where` filter, and `{}` is not one", b->name));
  if (b->family == BuiltinFamily::Series) {
    if (!s.series) {
      diags_.report(diag::SeriesOutsideAlert, e.name_span,
                    fmt::format("`{}` compares values through time, so it belongs in an alert's `when`", b->name));
      return Type{};
    }
    Type x = expr(f, e.args[0], s);
    for (size_t i = 1; i < e.args.size(); ++i) {
      const Expr& arg = f.expr(e.args[i]);
      if (b->id == BuiltinId::Baseline && i == 2 && arg.kind == ExprKind::Name) {
        static const std::vector<std::string> stats = {"mean", "median", "min", "max"};
        if (std::find(stats.begin(), stats.end(), arg.text) == stats.end()) {
          Diagnostic& d =
              diags_.report(diag::InvalidChoice, arg.span, fmt::format("`{}` is not a baseline statistic", arg.text));
          suggest(d, arg.text, stats);
        }
        continue;
      }
      Type t = expr(f, e.args[i], Scope{});
      if (b->id == BuiltinId::Baseline && i == 1 && t.kind != TypeKind::PeriodSpan && !t.is_error())
        mismatch(arg.span, "a baseline window is a period span such as `3 months`", t);
      if (b->id == BuiltinId::Previous && i == 1 && t.kind != TypeKind::Number && !t.is_error())
        mismatch(arg.span, "`previous` counts periods back with a number", t);
    }
    if (f.expr(e.args[0]).kind != ExprKind::Name || info(f, e.args[0]).ref != RefKind::Indicator) {
      if (!x.is_error()) mismatch(f.expr(e.args[0]).span, fmt::format("`{}` takes an indicator", b->name), x);
    }
    return x;
  }
  std::vector<Type> args;
  for (size_t i = 0; i < e.args.size(); ++i) {
    const Type* hint = !args.empty() ? &args[0] : nullptr;
    if (b->id == BuiltinId::WorkBetween && i == 2 && f.expr(e.args[i]).kind == ExprKind::Name) {
      ast::Name cal{f.expr(e.args[i]).text, f.expr(e.args[i]).span};
      require_ref(cal, ast::DeclKind::Calendar);
      info(f, e.args[i]).ref = RefKind::Calendar;
      args.push_back(Type::of(TypeKind::String));
      continue;
    }
    args.push_back(expr(f, e.args[i], s, hint));
  }
  bool agg = false;
  for (ExprId a : e.args) agg = agg || info(f, a).has_aggregate;
  self.has_aggregate = agg;
  for (auto& t : args)
    if (t.is_error()) return Type{};
  auto want = [&](size_t i, std::initializer_list<TypeKind> kinds, const char* what) {
    if (args[i].kind == TypeKind::Null) return;
    for (auto k : kinds)
      if (args[i].kind == k) return;
    mismatch(f.expr(e.args[i]).span, fmt::format("`{}` takes {}", b->name, what), args[i]);
  };
  switch (b->id) {
    case BuiltinId::If:
      want(0, {TypeKind::Bool}, "a condition first");
      return args[1].kind == TypeKind::Null ? args[2] : args[1];
    case BuiltinId::Coalesce:
    case BuiltinId::Least:
    case BuiltinId::Greatest:
      for (auto& t : args)
        if (t.kind != TypeKind::Null) return t;
      return args[0];
    case BuiltinId::Abs:
    case BuiltinId::Floor:
    case BuiltinId::Ceil: want(0, {TypeKind::Number, TypeKind::Duration}, "a number or a duration"); return args[0];
    case BuiltinId::Round:
      want(0, {TypeKind::Number, TypeKind::Duration}, "a number or a duration");
      if (args.size() > 1) want(1, {TypeKind::Number}, "a number of decimals second");
      return args[0];
    case BuiltinId::Lower: want(0, {TypeKind::String, TypeKind::Enum}, "text"); return Type::of(TypeKind::String);
    case BuiltinId::Len: want(0, {TypeKind::String, TypeKind::Enum}, "text"); return Type::of(TypeKind::Number);
    case BuiltinId::Contains:
    case BuiltinId::Matches:
      want(0, {TypeKind::String, TypeKind::Enum}, "text");
      want(1, {TypeKind::String}, "a string second");
      return Type::of(TypeKind::Bool);
    case BuiltinId::ContainsAny:
      want(0, {TypeKind::String, TypeKind::Enum}, "text");
      want(1, {TypeKind::List}, "a list of strings second");
      return Type::of(TypeKind::Bool);
    case BuiltinId::Hours:
    case BuiltinId::Minutes:
    case BuiltinId::Days: want(0, {TypeKind::Duration}, "a duration"); return Type::of(TypeKind::Number);
    case BuiltinId::Date: want(0, {TypeKind::Timestamp}, "a timestamp"); return Type::of(TypeKind::Date);
    case BuiltinId::Weekday:
    case BuiltinId::HourOf:
      want(0, {TypeKind::Timestamp, TypeKind::Date}, "a timestamp");
      return Type::of(TypeKind::Number);
    case BuiltinId::WorkBetween:
      want(0, {TypeKind::Timestamp}, "timestamps");
      want(1, {TypeKind::Timestamp}, "timestamps");
      return Type::of(TypeKind::Duration);
    default: return Type{};
  }
}

Type Context::aggregate(const ast::File& f, ExprId id, const stdlib::Builtin& b, const Scope& s) {
  const Expr& e = f.expr(id);
  info(f, id).has_aggregate = true;
  if (!s.aggregates) {
    diags_
        .report(diag::AggregateNotAllowed, e.span,
                fmt::format("`{}` summarises many rows, so it cannot be used here", b.name))
        .notes.push_back({"aggregates belong in an indicator's `value`; filter rows with a plain condition", Span{}});
    return Type{};
  }
  if (s.in_aggregate) {
    diags_.report(diag::NestedAggregate, e.span, fmt::format("`{}` is inside another aggregate", b.name));
    return Type{};
  }
  Scope inner = s;
  inner.in_aggregate = true;
  if (e.filter.valid()) condition(f, e.filter, inner, "where");
  Type x = e.args.empty() ? Type::of(TypeKind::Number) : expr(f, e.args[0], inner);
  if (x.is_error()) return Type{};
  auto numeric = [&](const char* what) {
    if (x.kind != TypeKind::Number && x.kind != TypeKind::Duration && x.kind != TypeKind::Null) {
      mismatch(f.expr(e.args[0]).span, fmt::format("`{}` {}", b.name, what), x);
      return false;
    }
    return true;
  };
  switch (b.id) {
    case BuiltinId::Count:
    case BuiltinId::CountDistinct: return Type::of(TypeKind::Number);
    case BuiltinId::Share:
      if (x.kind != TypeKind::Bool && x.kind != TypeKind::Null)
        mismatch(f.expr(e.args[0]).span, "`share` takes a condition", x);
      return Type::of(TypeKind::Number, "percent");
    case BuiltinId::Sum:
    case BuiltinId::Avg:
    case BuiltinId::Median: return numeric("needs numbers or durations") ? x : Type{};
    case BuiltinId::Percentile: {
      if (!numeric("needs numbers or durations")) return Type{};
      const Expr& q = f.expr(e.args[1]);
      Type qt = expr(f, e.args[1], Scope{});
      if (qt.kind != TypeKind::Number || (q.kind != ExprKind::Number && q.kind != ExprKind::Percent) || q.number < 0 ||
          q.number > 1)
        diags_.report(diag::TypeMismatch, q.span, "the percentile is a number from 0 to 1, such as 0.9 or 90%");
      return x;
    }
    case BuiltinId::Min:
    case BuiltinId::Max:
    case BuiltinId::First:
    case BuiltinId::Last: return x;
    default: return Type{};
  }
}

}  // namespace jixiao::check::detail
