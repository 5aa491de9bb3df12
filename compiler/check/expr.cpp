// Expression typing: what each expression is, names resolved in their scope (columns, indicators, enum
// members), operators, and where aggregates may appear. Builtin calls are in call.cpp, units in units.cpp.
#include "compiler/check/context.h"

#include <algorithm>

namespace jixiao::check::detail {

void Context::condition(const ast::File& f, ExprId e, Scope s, const char* what) {
  Type t = expr(f, e, s);
  if (!t.is_error() && t.kind != TypeKind::Bool && t.kind != TypeKind::Null)
    diags_
        .report(diag::ConditionNotBool, f.expr(e).span,
                fmt::format("`{}` needs a condition, but this is a {}", what, type_name(t)))
        .notes.push_back({"compare it: `x > 0`, `status == done`, `x is not null`", Span{}});
}

Type Context::expr(const ast::File& f, ExprId id, const Scope& s, const Type* enum_hint) {
  if (holds_syntax_error(f.expr(id).span)) return info(f, id).type = Type{};
  Type t = expr_inner(f, id, s, enum_hint);
  info(f, id).type = t;
  return t;
}

bool Context::any_aggregate(const ast::File& f, std::initializer_list<ExprId> ids) {
  for (ExprId id : ids)
    if (id.valid() && info(f, id).has_aggregate) return true;
  return false;
}

Type Context::expr_inner(const ast::File& f, ExprId id, const Scope& s, const Type* enum_hint) {
  const Expr& e = f.expr(id);
  switch (e.kind) {
    case ExprKind::Number: return Type::of(TypeKind::Number);
    case ExprKind::Percent: return Type::of(TypeKind::Number, "percent");
    case ExprKind::Duration: return e.micros == 0 && e.text.empty() ? Type{} : Type::of(TypeKind::Duration);
    case ExprKind::PeriodSpan: {
      if (!parse_grain(e.text) && e.text != "workdays" && e.text != "workday") {
        Diagnostic& d = diags_.report(diag::UnknownGrain, e.name_span, fmt::format("unknown period `{}`", e.text));
        suggest(d, e.text, {"hours", "days", "weeks", "months", "quarters", "years", "workdays"});
        return Type{};
      }
      return Type::of(TypeKind::PeriodSpan);
    }
    case ExprKind::String: return Type::of(TypeKind::String);
    case ExprKind::Date:
      if (!valid_date(e.text)) diags_.report(diag::InvalidDate, e.span, fmt::format("`{}` is not a date", e.text));
      return Type::of(TypeKind::Date);
    case ExprKind::Timestamp:
      if (!valid_timestamp(e.text))
        diags_.report(diag::InvalidDate, e.span, fmt::format("`{}` is not a valid time", e.text));
      return Type::of(TypeKind::Timestamp);
    case ExprKind::TimeOfDay: return Type::of(TypeKind::TimeOfDay);
    case ExprKind::Bool: return Type::of(TypeKind::Bool);
    case ExprKind::Null: return Type::of(TypeKind::Null);
    case ExprKind::List: {
      Type elem = Type::of(TypeKind::Null);
      for (ExprId a : e.args) {
        Type t = expr(f, a, s, enum_hint);
        if (elem.kind == TypeKind::Null) elem = t;
      }
      Type t = Type::of(TypeKind::List);
      t.element = elem.kind;
      t.table = elem.table;
      t.column = elem.column;
      return t;
    }
    case ExprKind::Name: return name(f, id, s, enum_hint);
    case ExprKind::Unary: {
      Type t = expr(f, e.args[0], s);
      info(f, id).has_aggregate = any_aggregate(f, {e.args[0]});
      if (t.is_error()) return t;
      if (e.op == Op::Not) {
        if (t.kind != TypeKind::Bool && t.kind != TypeKind::Null) mismatch(e.span, "`not` needs a condition", t);
        return Type::of(TypeKind::Bool);
      }
      if (t.kind != TypeKind::Number && t.kind != TypeKind::Duration)
        mismatch(e.span, "`-` needs a number or a duration", t);
      return t;
    }
    case ExprKind::Binary: return binary(f, id, s);
    case ExprKind::In: {
      Type left = expr(f, e.args[0], s);
      Type right = expr(f, e.args[1], s, &left);
      info(f, id).has_aggregate = any_aggregate(f, {e.args[0], e.args[1]});
      if (f.expr(e.args[1]).kind != ExprKind::List && !right.is_error())
        mismatch(f.expr(e.args[1]).span, "`in` takes a list: `x in [a, b]`", right);
      return Type::of(TypeKind::Bool);
    }
    case ExprKind::IsNull:
      expr(f, e.args[0], s);
      info(f, id).has_aggregate = any_aggregate(f, {e.args[0]});
      return Type::of(TypeKind::Bool);
    case ExprKind::Deviates: {
      Type x = expr(f, e.args[0], s);
      Type pct = expr(f, e.args[1], s);
      Type b = expr(f, e.args[2], s);
      if (!pct.is_error() && !pct.is_ratio())
        mismatch(f.expr(e.args[1]).span, "`deviates` takes a percentage: `deviates 15% from ...`", pct);
      if (!x.is_error() && !b.is_error()) arith_units(x, b, Op::Sub, e.span);
      return Type::of(TypeKind::Bool);
    }
    case ExprKind::MissesTarget: {
      Type x = expr(f, e.args[0], s);
      const Expr& target = f.expr(e.args[0]);
      const ExprInfo& xi = info(f, e.args[0]);
      if (!x.is_error() && (target.kind != ExprKind::Name || xi.ref != RefKind::Indicator)) {
        mismatch(e.span, "`misses target` applies to an indicator", x);
      } else if (xi.ref == RefKind::Indicator && !p_.indicators[xi.index].decl->target.value.valid()) {
        diags_.report(diag::MissingProperty, target.span, fmt::format("indicator `{}` has no `target`", target.text))
            .notes.push_back({"add `target <= 0.5%` (or another bound) to the indicator", Span{}});
      }
      return Type::of(TypeKind::Bool);
    }
    case ExprKind::Call: return call(f, id, s);
  }
  return Type{};
}

void Context::mismatch(Span span, const std::string& what, const Type& got) {
  diags_.report(diag::TypeMismatch, span, fmt::format("{}, not a {}", what, type_name(got)));
}

Type Context::name(const ast::File& f, ExprId id, const Scope& s, const Type* enum_hint) {
  const Expr& e = f.expr(id);
  ExprInfo& ei = info(f, id);
  if (s.table == -2 && enum_hint) {  // test literals: only enum members
    const ColumnInfo& col = p_.tables[enum_hint->table].columns[enum_hint->column];
    auto it = std::find(col.members.begin(), col.members.end(), e.text);
    if (it != col.members.end()) {
      ei.ref = RefKind::EnumMember;
      ei.index = static_cast<int>(it - col.members.begin());
      ei.type = *enum_hint;
      return *enum_hint;
    }
    Diagnostic& d =
        diags_.report(diag::UnknownEnumMember, e.span, fmt::format("`{}` is not a member of `{}`", e.text, col.name));
    suggest(d, e.text, col.members);
    return Type{};
  }
  if (s.table >= 0) {
    const TableInfo& t = p_.tables[s.table];
    int c = t.find(e.text);
    if (c >= 0) {
      if (s.aggregates && !s.in_aggregate) {
        diags_
            .report(diag::ColumnOutsideAggregate, e.span,
                    fmt::format("column `{}` is used outside an aggregate", e.text))
            .notes.push_back(
                {fmt::format("a value summarises many rows: write sum({0}), avg({0}), max({0}) ...", e.text), Span{}});
        return Type{};
      }
      ei.ref = RefKind::Column;
      ei.index = c;
      return t.columns[c].type;
    }
    if (enum_hint && enum_hint->kind == TypeKind::Enum && enum_hint->table >= 0) {
      const ColumnInfo& col = p_.tables[enum_hint->table].columns[enum_hint->column];
      auto it = std::find(col.members.begin(), col.members.end(), e.text);
      if (it != col.members.end()) {
        ei.ref = RefKind::EnumMember;
        ei.index = static_cast<int>(it - col.members.begin());
        return *enum_hint;
      }
      Diagnostic& d =
          diags_.report(diag::UnknownEnumMember, e.span, fmt::format("`{}` is not a member of `{}`", e.text, col.name));
      suggest(d, e.text, col.members);
      d.notes.push_back({fmt::format("the members are {}", join(col.members)), Span{}});
      return Type{};
    }
    Diagnostic& d = diags_.report(diag::UnknownColumn, e.span, fmt::format("unknown column `{}`", e.text));
    suggest(d, e.text, t.column_names());
    return Type{};
  }
  if (s.indicators) {
    int ind = p_.find_indicator(e.text);
    if (ind >= 0) {
      ei.ref = RefKind::Indicator;
      ei.index = ind;
      alert_indicators_.insert(ind);
      if (composite_of_) {
        auto& me = *composite_of_;
        auto& other = p_.indicators[ind];
        int self_index = static_cast<int>(&me - p_.indicators.data());
        me.depends_on.push_back(ind);
        if (ind != self_index) {
          std::vector<std::string> mine, theirs;
          for (auto& b : me.decl->by) mine.push_back(b.column.text);
          for (auto& b : other.decl->by) theirs.push_back(b.column.text);
          std::string my_every = me.decl->every.valid() ? me.decl->every.text : "";
          std::string their_every = other.decl->every.valid() ? other.decl->every.text : "";
          if (mine != theirs || my_every != their_every)
            diags_.report(diag::CompositeMismatch, e.span,
                          fmt::format("`{}` is computed by [{}] every {}, but `{}` by [{}] every {}", other.name,
                                      join(theirs), their_every.empty() ? "(all time)" : their_every, me.name,
                                      join(mine), my_every.empty() ? "(all time)" : my_every));
          if (other.value_type.is_error() && other.decl->value.valid()) {
            // Not checked yet (declared later): its unit decides ours, so use the declared unit.
            Type t = Type::of(TypeKind::Number,
                              other.decl->unit.valid() && other.decl->unit.text == "percent" ? "percent" : "");
            return t;
          }
        }
      }
      Type t = p_.indicators[ind].value_type;
      if (t.is_error()) t = Type::of(TypeKind::Number, p_.indicators[ind].unit == "percent" ? "percent" : "");
      return t;
    }
    Diagnostic& d = diags_.report(diag::UnknownName, e.span, fmt::format("unknown indicator `{}`", e.text));
    std::vector<std::string> names;
    for (auto& ii : p_.indicators) names.push_back(ii.name);
    suggest(d, e.text, names);
    return Type{};
  }
  diags_.report(diag::UnknownName, e.span, fmt::format("unknown name `{}`", e.text));
  return Type{};
}

Type Context::binary(const ast::File& f, ExprId id, const Scope& s) {
  const Expr& e = f.expr(id);
  Type a = expr(f, e.args[0], s);
  Type b = expr(f, e.args[1], s, &a);
  if (a.kind == TypeKind::Error && b.kind == TypeKind::Enum && f.expr(e.args[0]).kind == ExprKind::Name) a = b;
  info(f, id).has_aggregate = any_aggregate(f, {e.args[0], e.args[1]});
  if (a.is_error() || b.is_error())
    return (e.op == Op::And || e.op == Op::Or || e.op >= Op::Eq) ? Type::of(TypeKind::Bool) : Type{};
  switch (e.op) {
    case Op::And:
    case Op::Or:
      for (auto [t, x] : {std::pair{a, e.args[0]}, std::pair{b, e.args[1]}})
        if (t.kind != TypeKind::Bool && t.kind != TypeKind::Null)
          mismatch(f.expr(x).span, fmt::format("`{}` joins conditions", ast::op_text(e.op)), t);
      return Type::of(TypeKind::Bool);
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: compare(a, b, f.expr(e.args[1]), e.span, e.args[1], f); return Type::of(TypeKind::Bool);
    default: {
      Type t = arith_units(a, b, e.op, e.span);
      // The language defines `share(p)` as `count(where p) / count()`: a count divided by a count of
      // the same things is a share, a ratio as `share` is, shown as a percentage (docs/language-reference.md).
      if (e.op == Op::Div && t.kind == TypeKind::Number && t.unit.empty()) {
        auto top = counted(f, e.args[0]), bottom = counted(f, e.args[1]);
        if (top && bottom && *top == *bottom) t.unit = "percent";
      }
      return t;
    }
  }
}

}  // namespace jixiao::check::detail
