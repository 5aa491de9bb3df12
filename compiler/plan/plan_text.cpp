#include "compiler/plan/plan_text.h"

#include <fmt/format.h>

#include "compiler/source/numbers.h"

namespace jixiao::plan {

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// Names for what expressions refer to by index: the scanned table's columns, the indicators.
struct Names {
  const ProgramPlan& plan;
  const TablePlan* table = nullptr;

  std::string column(int c) const {
    if (table && c >= 0 && size_t(c) < table->columns.size()) return table->columns[size_t(c)].name;
    return fmt::format("#{}", c);
  }
  std::string indicator(int i) const {
    return i >= 0 && size_t(i) < plan.indicators.size() ? plan.indicators[size_t(i)].name : fmt::format("#{}", i);
  }
};

std::string node_text(const ExprPlan& e, int id, const Names& names) {
  const PlanNode& n = e.nodes[size_t(id)];
  const std::string typed = fmt::format("{}:{}", op_name(n.op), vtype_name(n.type));
  std::string out;
  switch (n.op) {
    case PlanOp::Const:
      if (n.type == VType::List) {
        out = "[";
        for (size_t k = 0; k < n.list.size(); ++k) out += (k ? " " : "") + quoted(n.list[k]);
        for (size_t k = 0; k < n.num_list.size(); ++k)
          out += (k || !n.list.empty() ? " " : "") + number_text(n.num_list[k]);
        return out + "]";
      }
      if (n.type == VType::Null) return "null";
      if (n.type == VType::Num) return number_text(n.num);
      if (n.type == VType::Bool) return n.i64 ? "true" : "false";
      if (n.type == VType::Dur) return fmt::format("{}us", n.i64);
      return fmt::format("{}:{}", quoted(n.str), vtype_name(n.type));
    case PlanOp::Column: return fmt::format("{}:{}", names.column(n.index), vtype_name(n.type));
    case PlanOp::AggResult: return fmt::format("(agg {})", n.index);
    case PlanOp::Indicator:
    case PlanOp::MissesTarget: return fmt::format("({} {})", typed, names.indicator(n.index));
    case PlanOp::Call: out = fmt::format("({} {}", stdlib::builtin(n.fn).name, vtype_name(n.type)); break;
    case PlanOp::Previous: out = fmt::format("({} {} {}", typed, names.indicator(n.index), n.i64); break;
    case PlanOp::Baseline:
      return fmt::format("({} {} {} {} {})", typed, names.indicator(n.index), n.i64, n.window_unit, n.str);
    default: out = "(" + typed;
  }
  if (n.op == PlanOp::Call && n.index >= 0) out += fmt::format(" calendar#{}", n.index);
  for (int a : n.args) out += " " + node_text(e, a, names);
  return out + ")";
}

std::string expr_text(const ExprPlan& e, const Names& names) { return e.empty() ? "-" : node_text(e, e.root, names); }

std::string grain_line(Grain g) { return grain_name(g); }

void tables(const ProgramPlan& plan, std::string& out) {
  for (const TablePlan& t : plan.tables) {
    out += fmt::format("table {}{}\n", t.name, t.is_chain ? " (chain steps)" : "");
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const auto& col = t.columns[c];
      std::string roles;
      if (int(c) == t.time_column) roles += " time";
      if (int(c) == t.evidence_column) roles += " evidence";
      if (int(c) == t.actor_column) roles += " actor";
      out += fmt::format("  {}: {}{}{}{}{}\n", col.name, col.is_enum ? "enum" : vtype_name(col.type),
                         col.integer ? " int" : "", col.required ? " required" : "", roles.empty() ? "" : " |", roles);
    }
  }
}

void indicators(const ProgramPlan& plan, std::string& out) {
  for (const IndicatorPlan& ip : plan.indicators) {
    Names names{plan, ip.table >= 0 ? &plan.tables[size_t(ip.table)] : nullptr};
    out +=
        fmt::format("indicator {}: {}{}\n", ip.name, vtype_name(ip.value_type), ip.unit.empty() ? "" : " " + ip.unit);
    if (ip.table >= 0) out += fmt::format("  from {}\n", plan.tables[size_t(ip.table)].name);
    if (!ip.key_names.empty()) out += "  by " + fmt::format("{}", fmt::join(ip.key_names, ", ")) + "\n";
    out += "  every " + grain_line(ip.grain) + "\n";
    if (!ip.where.empty()) out += "  where " + expr_text(ip.where, names) + "\n";
    for (size_t a = 0; a < ip.aggregates.size(); ++a) {
      const AggregatePlan& ap = ip.aggregates[a];
      out += fmt::format("  agg {}: {} {}", a, stdlib::builtin(ap.fn).name, expr_text(ap.input, names));
      if (!ap.filter.empty()) out += " where " + expr_text(ap.filter, names);
      out += "\n";
    }
    if (!ip.components.empty()) {
      std::vector<std::string> parts;
      for (int c : ip.components) parts.push_back(names.indicator(c));
      out += "  components " + fmt::format("{}", fmt::join(parts, ", ")) + "\n";
    }
    out += "  value " + expr_text(ip.value, names) + "\n";
    if (ip.evidence_min) out += fmt::format("  evidence at least {}\n", *ip.evidence_min);
    if (ip.sample_min) out += fmt::format("  sample at least {}\n", *ip.sample_min);
  }
}

void chains(const ProgramPlan& plan, std::string& out) {
  for (const ChainPlan& cp : plan.chains) {
    const TablePlan* from = cp.from_table >= 0 ? &plan.tables[size_t(cp.from_table)] : nullptr;
    Names names{plan, from};
    out += fmt::format("chain {}: from {} case {} step {} calendar {}\n", cp.name, from ? from->name : "-",
                       names.column(cp.case_column), names.column(cp.step_column),
                       cp.calendar >= 0 ? plan.calendars[size_t(cp.calendar)].name : "none");
    for (const NodePlan& n : cp.nodes) {
      out += fmt::format("  node {} owner {}", n.name, n.owner.empty() ? "-" : n.owner);
      if (n.within) out += fmt::format(" within {}us", *n.within);
      if (n.within_workdays) out += fmt::format(" within {} workdays", *n.within_workdays);
      if (!n.when.empty()) out += " when " + expr_text(n.when, names);
      out += "\n";
    }
  }
}

void alerts(const ProgramPlan& plan, std::string& out) {
  for (const AlertPlan& ap : plan.alerts) {
    Names names{plan, ap.table >= 0 ? &plan.tables[size_t(ap.table)] : nullptr};
    out += fmt::format("alert {} ({}){}\n", ap.name, ap.severity,
                       ap.table >= 0 ? " over rows of " + plan.tables[size_t(ap.table)].name : "");
    out += "  when " + expr_text(ap.when, names) + "\n";
    if (ap.for_count) out += fmt::format("  for {} consecutive periods\n", *ap.for_count);
  }
}

}  // namespace

std::string plan_text(const ProgramPlan& plan) {
  std::string out = fmt::format("timezone {}\n", plan.timezone);
  for (const CalendarPlan& c : plan.calendars) out += fmt::format("calendar {}\n", c.name);
  tables(plan, out);
  chains(plan, out);
  indicators(plan, out);
  alerts(plan, out);
  return out;
}

}  // namespace jixiao::plan
