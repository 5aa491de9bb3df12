// `chain` declarations: the events a chain reads, its nodes with deadlines and bands, and the step
// table it produces (a table indicators and alerts may read `from`).
#include "compiler/check/context.h"

#include <algorithm>

namespace jixiao::check::detail {

void Context::chain(const ast::File& f, const ast::ChainDecl& c) {
  ChainInfo ci;
  ci.decl = &c;
  ci.file = f.id;
  if (!c.from.valid()) missing(c.h, "from", "a chain reads its events from a source: from lead_events");
  if (!c.case_column.valid()) missing(c.h, "case", "a chain names the column that identifies a case: case lead_id");
  if (!c.step_column.valid())
    missing(c.h, "step", "a chain names the column whose value names the node reached: step stage");
  ci.from_table = table_ref(c.from);
  if (ci.from_table >= 0 && p_.tables[ci.from_table].chain) {
    diags_.report(diag::UnknownTable, c.from.span, "a chain reads events from a source, not from another chain");
    ci.from_table = -1;
  }
  if (ci.from_table >= 0 && p_.tables[ci.from_table].time_column < 0)
    diags_.report(diag::TimeColumnRequired, c.from.span, fmt::format("source `{}` has no `time` column", c.from.text))
        .notes.push_back({"a chain orders events by their time: add `time <column>` to the source", Span{}});
  ci.case_column = column_ref(ci.from_table, c.case_column);
  ci.step_column = column_ref(ci.from_table, c.step_column);
  require_ref(c.calendar, ast::DeclKind::Calendar);
  bool working_time = c.calendar.valid();
  if (!working_time) {
    for (auto& pf : p_.files)
      for (auto& pr : pf.projects) working_time = working_time || pr.calendar.valid();
  }

  std::set<std::string> seen;
  for (auto& n : c.nodes) {
    if (!seen.insert(n.name.text).second) {
      diags_.report(diag::DuplicateColumn, n.name.span, fmt::format("node `{}` is declared twice", n.name.text));
      continue;
    }
    ChainNodeInfo ni;
    ni.name = n.name.text;
    if (n.within.valid()) {
      const Expr& e = f.expr(n.within);
      if (e.kind == ExprKind::Duration) {
        ni.within_micros = e.micros;
        std::string t = e.text;
        if (working_time && (t.find('d') != std::string::npos || t.find('w') != std::string::npos))
          diags_
              .report(diag::DayUnitUnderCalendar, e.span,
                      fmt::format("`{}` under a working-time calendar is ambiguous", t))
              .notes.push_back({"count working days instead: `within 3 workdays`", Span{}});
      } else if (e.kind == ExprKind::PeriodSpan && (e.text == "workdays" || e.text == "workday")) {
        ni.within_workdays = static_cast<int64_t>(e.number);
      } else {
        diags_.report(diag::DeadlineNotDuration, e.span, "a node deadline must be a duration")
            .notes.push_back({"write `within 2h`, `within 90m` or `within 3 workdays`", Span{}});
      }
    }
    if (!n.owner.valid())
      diags_.report(diag::NodeWithoutOwner, n.name.span, fmt::format("node `{}` has no owner", n.name.text))
          .notes.push_back({"add `owner <role>` so lateness is charged to someone", Span{}});
    if (n.when.valid() && ci.from_table >= 0) condition(f, n.when, Scope{ci.from_table}, "when");
    if (n.has_bands) bands(f, n.bands);
    ci.nodes.push_back(std::move(ni));
  }
  if (c.nodes.empty()) missing(c.h, "node", "a chain lists its nodes in order: node submitted { owner marketing }");
  if (c.has_bands) bands(f, c.bands);

  // The chain's step table (docs/language-reference.md, chains): usable as the `from` of indicators and alerts.
  TableInfo t;
  t.name = c.h.name.text;
  t.chain = &c;
  t.file = f.id;
  int self = static_cast<int>(p_.tables.size());
  auto add = [&](std::string name, Type type, std::vector<std::string> members = {}) {
    if (type.kind == TypeKind::Enum) {
      type.table = self;
      type.column = static_cast<int>(t.columns.size());
    }
    t.columns.push_back(ColumnInfo{std::move(name), std::move(type), false, std::move(members), c.h.name.span});
  };
  Type case_type = ci.from_table >= 0 && ci.case_column >= 0 ? p_.tables[ci.from_table].columns[ci.case_column].type
                                                             : Type::of(TypeKind::String);
  if (case_type.kind == TypeKind::Enum) case_type = Type::of(TypeKind::String);  // the step table keeps the text
  add(c.case_column.valid() ? c.case_column.text : "case", case_type);
  // An `int` case column stays an int column in the step table (its values are whole numbers).
  t.columns.back().integer =
      ci.from_table >= 0 && ci.case_column >= 0 && p_.tables[ci.from_table].columns[ci.case_column].integer;
  std::vector<std::string> node_names;
  for (auto& n : c.nodes) node_names.push_back(n.name.text);
  add("node", Type::of(TypeKind::Enum), node_names);
  add("owner", Type::of(TypeKind::String));
  add("charge", Type::of(TypeKind::String));
  add("started_at", Type::of(TypeKind::Timestamp));
  add("entered_at", Type::of(TypeKind::Timestamp));
  add("due_at", Type::of(TypeKind::Timestamp));
  add("duration", Type::of(TypeKind::Duration));
  add("elapsed", Type::of(TypeKind::Duration));
  add("status", Type::of(TypeKind::Enum), {"on_time", "late", "pending", "overdue", "skipped", "not_started"});
  std::vector<std::string> band_names;
  for (auto& b : c.bands) band_names.push_back(b.name.text);
  for (auto& n : c.nodes)
    for (auto& b : n.bands)
      if (std::find(band_names.begin(), band_names.end(), b.name.text) == band_names.end())
        band_names.push_back(b.name.text);
  add("band", Type::of(TypeKind::Enum), band_names);
  add("evidence", Type::of(TypeKind::String));
  add("actor", Type::of(TypeKind::String));
  t.time_column = t.find("started_at");
  t.evidence_column = t.find("evidence");
  t.actor_column = t.find("actor");
  if (ci.from_table >= 0) t.system = p_.tables[ci.from_table].system;
  ci.table = self;
  p_.tables.push_back(std::move(t));
  p_.chains.push_back(std::move(ci));
}

void Context::bands(const ast::File& f, const std::vector<ast::Band>& bs) {
  std::optional<int64_t> prev;
  Span prev_span;
  for (auto& b : bs) {
    if (!b.bound.value.valid()) continue;
    const Expr& e = f.expr(b.bound.value);
    if (e.kind != ExprKind::Duration) {
      diags_.report(diag::DeadlineNotDuration, e.span, "a band bound must be a duration such as `2h`");
      continue;
    }
    bool open_top = b.bound.op == Op::Gt || b.bound.op == Op::Ge;
    if (open_top) continue;  // `red > 8h` closes the list
    if (prev && e.micros <= *prev)
      diags_
          .report(diag::BandsNotIncreasing, e.span,
                  fmt::format("band `{}` does not go beyond the band before it", b.name.text))
          .notes.push_back({"bands are tried in order, so each bound must be larger than the last", prev_span});
    prev = e.micros;
    prev_span = e.span;
  }
}

}  // namespace jixiao::check::detail
