// `indicator` declarations: from a table (by, every, where, an aggregate value) or composite (over
// other indicators), declared units, owners and `visible to`; and the order in which they compute.
#include "compiler/check/context.h"

#include <algorithm>
#include <functional>

namespace jixiao::check::detail {

void Context::indicators() {
  // First pass: every indicator gets a slot so composites can refer to any of them.
  for (auto& f : p_.files) {
    for (auto& d : f.indicators) {
      IndicatorInfo ii;
      ii.decl = &d;
      ii.file = f.id;
      ii.name = d.h.name.text;
      p_.indicators.push_back(std::move(ii));
    }
  }
  for (auto& ii : p_.indicators) indicator(ii);
  order_indicators();
}

void Context::indicator(IndicatorInfo& ii) {
  const ast::IndicatorDecl& d = *ii.decl;
  const ast::File& f = p_.files[ii.file];
  if (d.every.valid()) {
    if (auto g = parse_grain(d.every.text))
      ii.grain = *g;
    else {
      Diagnostic& diag =
          diags_.report(diag::UnknownGrain, d.every.span, fmt::format("unknown period `{}`", d.every.text));
      suggest(diag, d.every.text, {"hour", "day", "week", "month", "quarter", "year"});
      diag.notes.push_back({"the periods are hour, day, week, month, quarter and year", Span{}});
    }
  }
  ii.unit = d.unit.valid() ? d.unit.text : "";
  if (!d.value.valid()) {
    missing(d.h, "value", "an indicator computes a value: value count(where result == NG) / count()");
    return;
  }
  if (d.from.valid()) {
    ii.table = table_ref(d.from);
    if (ii.table >= 0 && ii.grain != Grain::All && p_.tables[ii.table].time_column < 0)
      diags_
          .report(diag::TimeColumnRequired, d.every.span,
                  fmt::format("`{}` has no `time` column, so rows fall in no period", d.from.text))
          .notes.push_back({"add `time <column>` to the source, or remove `every`", Span{}});
    for (auto& b : d.by) {
      int col = column_ref(ii.table, b.column);
      ii.by_columns.push_back(col);
      ii.by_names.push_back(b.column.text);
      std::pair<int, int> list{-1, -1};
      if (b.in_source.valid()) {
        int lt = table_ref(b.in_source);
        if (lt >= 0) list = {lt, column_ref(lt, b.column)};
      }
      ii.by_lists.push_back(list);
    }
    if (d.where.valid() && ii.table >= 0) condition(f, d.where, Scope{ii.table}, "where");
    if (ii.table >= 0) {
      Scope s{ii.table};
      s.aggregates = true;
      ii.value_type = expr(f, d.value, s);
      if (!info(f, d.value).has_aggregate && !ii.value_type.is_error())
        diags_.report(diag::ColumnOutsideAggregate, f.expr(d.value).span, "the value has no aggregate")
            .notes.push_back({"an indicator summarises rows: use count(), sum(x), avg(x) ...", Span{}});
    }
    if (d.evidence_min && ii.table >= 0 && p_.tables[ii.table].evidence_column < 0)
      diags_
          .report(diag::EvidenceWithoutColumn, d.evidence_span, fmt::format("`{}` has no evidence column", d.from.text))
          .notes.push_back({"add `evidence <id column>` to the source so values can point at their records", Span{}});
  } else {
    // A composite: names are other indicators, which must share `by` and `every`. Its entity
    // columns are named by its `by`, as its components' are.
    for (auto& b : d.by) ii.by_names.push_back(b.column.text);
    Scope s;
    s.indicators = true;
    composite_of_ = &ii;
    ii.value_type = expr(f, d.value, s);
    composite_of_ = nullptr;
    if (d.where.valid())
      diags_
          .report(diag::MissingProperty, f.expr(d.where).span,
                  "a composite indicator has no `from`, so it cannot filter rows")
          .notes.push_back({"put the `where` on its components", Span{}});
  }
  // The declared unit names what a plain number is (a ratio, money); a value that already carries
  // another unit keeps the declared one for display, with a warning.
  if (!ii.unit.empty() && ii.value_type.kind == TypeKind::Number) {
    const std::string& got = ii.value_type.unit;
    if (!got.empty() && got != ii.unit)
      diags_
          .report(diag::UnitMismatchWithDeclared, d.unit.span,
                  fmt::format("the value is {} but the unit is `{}`",
                              got == "percent" ? "a percentage" : fmt::format("in `{}`", got), ii.unit))
          .notes.push_back({"the value's unit comes from the units of the columns it is computed from", Span{}});
    ii.value_type.unit = ii.unit;
  } else if (!ii.unit.empty() && ii.value_type.kind == TypeKind::Duration && ii.unit != "duration" &&
             ii.unit != "hours" && ii.unit != "minutes") {
    diags_
        .report(diag::UnitMismatchWithDeclared, d.unit.span,
                fmt::format("the value is a duration but the unit is `{}`", ii.unit))
        .notes.push_back({"a duration is shown with `unit hours` or `unit minutes`, or without `unit`", Span{}});
  }
  if (d.target.value.valid()) {
    Scope s;
    Type t = expr(f, d.target.value, s);
    compare(ii.value_type, t, f.expr(d.target.value), d.target.span, d.target.value, f);
  }
  for (auto& r : d.visible_to) require_ref(r, ast::DeclKind::Role);
  owner(d);
}

// An indicator's `owner` is its accountable role. Roles are optional: a project that
// declares none uses owners as plain names, as chain nodes do; once it declares roles, an owner that is
// none of them is a typo or a missing declaration (docs/decisions.md). The owner must also be able to
// read what it is accountable for.
void Context::owner(const ast::IndicatorDecl& d) {
  const ast::Name& o = d.owner;
  if (!o.valid()) return;
  if (!is_declared(o.text, ast::DeclKind::Role)) {
    std::vector<std::string> roles = names_of(ast::DeclKind::Role);
    if (roles.empty()) return;
    std::sort(roles.begin(), roles.end());
    Diagnostic& dg =
        diags_.report(diag::OwnerNotARole, o.span, fmt::format("owner `{}` is not a declared role", o.text));
    suggest(dg, o.text, roles);
    dg.notes.push_back(
        {fmt::format("the project's roles are {}; declare `role {}` or name one of them", join(roles), o.text),
         Span{}});
    return;
  }
  if (visible_to(d, o.text)) return;
  diags_
      .report(
          diag::NotVisibleToRole, o.span,
          fmt::format("owner `{}` may not read `{}`: it is visible only to {}", o.text, d.h.name.text, role_list(d)))
      .notes.push_back({fmt::format("add `{}` to `visible to`", o.text), d.visible_to.front().span});
}

// `visible to r1, r2` restricts who may read an indicator's values; without it everyone may.
bool Context::visible_to(const ast::IndicatorDecl& d, const std::string& role) {
  if (d.visible_to.empty()) return true;
  for (auto& r : d.visible_to)
    if (r.text == role) return true;
  return false;
}

std::string Context::role_list(const ast::IndicatorDecl& d) {
  std::string out;
  for (size_t i = 0; i < d.visible_to.size(); ++i) out += (i ? ", `" : "`") + d.visible_to[i].text + "`";
  return out;
}

// Orders indicators so components come before composites, and reports cycles.
void Context::order_indicators() {
  std::vector<int> state(p_.indicators.size(), 0), order;
  std::function<void(int)> visit = [&](int i) {
    if (state[i] == 2) return;
    if (state[i] == 1) {
      auto& ii = p_.indicators[i];
      diags_
          .report(diag::IndicatorCycle, ii.decl->h.name.span, fmt::format("indicator `{}` depends on itself", ii.name))
          .notes.push_back({"a composite indicator cannot use itself, directly or through others", Span{}});
      return;
    }
    state[i] = 1;
    for (int dep : p_.indicators[i].depends_on) visit(dep);
    state[i] = 2;
    order.push_back(i);
  };
  for (size_t i = 0; i < p_.indicators.size(); ++i) visit(static_cast<int>(i));
  std::vector<IndicatorInfo> sorted;
  std::vector<int> new_index(p_.indicators.size());
  for (size_t k = 0; k < order.size(); ++k) new_index[order[k]] = static_cast<int>(k);
  for (int i : order) sorted.push_back(p_.indicators[i]);
  for (auto& ii : sorted)
    for (int& dep : ii.depends_on) dep = new_index[dep];
  // Expression infos refer to indicators by index: remap them too.
  for (auto& per_file : p_.info)
    for (auto& ei : per_file)
      if (ei.ref == RefKind::Indicator && ei.index >= 0) ei.index = new_index[ei.index];
  p_.indicators = std::move(sorted);
}

}  // namespace jixiao::check::detail
