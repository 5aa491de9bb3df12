#include "compiler/ast/ast.h"

#include <algorithm>
#include <map>

namespace jixiao::ast {

const char* op_text(Op op) {
  switch (op) {
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::And: return "and";
    case Op::Or: return "or";
    case Op::Not: return "not";
    case Op::Neg: return "-";
    case Op::None: return "";
  }
  return "";
}

std::string string_literal(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}

const char* decl_kind_name(DeclKind k) {
  switch (k) {
    case DeclKind::Project: return "project";
    case DeclKind::Calendar: return "calendar";
    case DeclKind::Channel: return "channel";
    case DeclKind::Source: return "source";
    case DeclKind::Indicator: return "indicator";
    case DeclKind::Chain: return "chain";
    case DeclKind::Alert: return "alert";
    case DeclKind::Role: return "role";
    case DeclKind::View: return "view";
    case DeclKind::Test: return "test";
  }
  return "";
}

std::vector<const DeclHeader*> headers_in_order(const File& f) {
  std::vector<const DeclHeader*> out;
  for (auto& d : f.projects) out.push_back(&d.h);
  for (auto& d : f.calendars) out.push_back(&d.h);
  for (auto& d : f.channels) out.push_back(&d.h);
  for (auto& d : f.sources) out.push_back(&d.h);
  for (auto& d : f.indicators) out.push_back(&d.h);
  for (auto& d : f.chains) out.push_back(&d.h);
  for (auto& d : f.alerts) out.push_back(&d.h);
  for (auto& d : f.roles) out.push_back(&d.h);
  for (auto& d : f.views) out.push_back(&d.h);
  for (auto& d : f.tests) out.push_back(&d.h);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->file_order < b->file_order; });
  return out;
}

namespace {
struct PropInfo {
  const char* word;
  const char* syntax;
};
const std::map<std::string, std::vector<PropInfo>, std::less<>>& property_table() {
  static const std::map<std::string, std::vector<PropInfo>, std::less<>> table = {
      {"project",
       {{"timezone", "timezone \"Asia/Shanghai\""}, {"calendar", "calendar cn_workdays"}, {"week", "week monday"}}},
      {"calendar",
       {{"timezone", "timezone \"Asia/Shanghai\""},
        {"hours", "hours mon-fri 09:00-12:00, 13:00-18:00"},
        {"holidays", "holidays 2025-10-01..2025-10-08, 2026-01-01"},
        {"workdays", "workdays 2025-09-28, 2025-10-11"}}},
      {"channel",
       {{"kind", "kind dingtalk (dingtalk | wecom | slack | webhook | log)"},
        {"webhook", "webhook env(\"DINGTALK_URL\")"},
        {"secret", "secret env(\"DINGTALK_SECRET\")"}}},
      {"source",
       {{"system", "system \"MES\""},
        {"time", "time inspected_at"},
        {"evidence", "evidence record_id"},
        {"actor", "actor inspector"}}},
      {"indicator",
       {{"from", "from inspections"},
        {"where", "where line != \"pilot\""},
        {"value", "value count(where result == NG) / count()"},
        {"by", "by batch_id (or: by person in people)"},
        {"every", "every day (hour | day | week | month | quarter | year)"},
        {"unit", "unit percent"},
        {"target", "target <= 0.5%"},
        {"owner", "owner quality_engineer"},
        {"evidence", "evidence at least 1"},
        {"sample", "sample at least 30"},
        {"visible", "visible to role_a, role_b"},
        {"appeal", "appeal window 6 months"}}},
      {"chain",
       {{"from", "from lead_events"},
        {"case", "case lead_id"},
        {"step", "step stage"},
        {"calendar", "calendar cn_workdays"},
        {"node", "node screened \"label\" { owner sales; within 2h }"},
        {"bands", "bands { green <= 2h }"}}},
      {"node",
       {{"owner", "owner sales"},
        {"within", "within 2h (or: within 3 workdays)"},
        {"charge", "charge marketing"},
        {"when", "when stage == \"screened\""},
        {"bands", "bands { green <= 2h }"}}},
      {"alert",
       {{"from", "from lead_lifecycle"},
        {"when", "when defect_rate > 0.8% (optionally: for 2 consecutive weeks)"},
        {"severity", "severity critical (info | warning | critical)"},
        {"notify", "notify quality_team"},
        {"message", "message \"批次 {batch_id}\""},
        {"task", "task root_cause \"label\" { assign quality_engineer; due 24h }"},
        {"report", "report region_customer_structure"}}},
      {"task",
       {{"assign", "assign quality_engineer"},
        {"due", "due 24h"},
        {"attach", "attach process_params match batch_id during period"}}},
      {"role", {{"from", "from people"}, {"where", "where title == \"产线组长\""}, {"scope", "scope line"}}},
      {"view", {{"for", "for line_leader"}, {"show", "show oee, downtime_minutes"}, {"alerts", "alerts defect_spike"}}},
      {"test",
       {{"as_of", "as_of 2025-07-02T00:00"},
        {"given", "given inspections \"\"\" ... \"\"\" (or: given inspections from \"fixtures/x.csv\")"},
        {"expect", "expect defect_rate { batch_id: \"B1\", period: 2025-07-01 } == 50%"}}},
  };
  return table;
}
}  // namespace

const std::vector<std::string>& property_words(std::string_view block) {
  static const std::map<std::string, std::vector<std::string>, std::less<>> words = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> out;
    for (auto& [k, v] : property_table())
      for (auto& p : v) out[k].push_back(p.word);
    return out;
  }();
  static const std::vector<std::string> none;
  auto it = words.find(block);
  return it == words.end() ? none : it->second;
}

std::string property_syntax(std::string_view block, std::string_view word) {
  auto it = property_table().find(block);
  if (it == property_table().end()) return std::string(word);
  for (auto& p : it->second)
    if (word == p.word) return p.syntax;
  return std::string(word);
}

}  // namespace jixiao::ast
