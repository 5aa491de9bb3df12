// `explain --format text`: the indicator and its doc, the value, the rule as written, how the value was
// computed line by line, and the evidence rows as an aligned table.
#include "report/explain.h"

#include <sstream>

#include "report/aligned_columns.h"

namespace jixiao::report {

namespace {

// A cell of the evidence table: a missing id, actor or system is `—`, not `null`.
std::string cell_text(const nlohmann::ordered_json& v) {
  if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) return "—";
  return plain(v);
}

void print_indented(std::ostream& out, const std::string& text, const std::string& prefix) {
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    out << prefix << text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos) << "\n";
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
}

}  // namespace

std::string explain_text(const Explanation& x) {
  const plan::IndicatorPlan& ip = *x.indicator;
  rt::ValueRef found = x.value;
  const rt::TimeZone* tz = x.tz;
  std::ostringstream out;
  out << ip.name << (ip.label.empty() ? "" : " \"" + ip.label + "\"") << "  (" << ip.file << ":" << ip.line << ")\n";
  print_indented(out, ip.doc, "  ");
  out << "\nentity:  " << (ip.key_names.empty() ? "(company-wide)" : x.entity) << "\nperiod:  " << found.period()
      << "\nvalue:   " << shown(found.value(), ip.unit, *tz) << "   status: " << rt::status_name(found.status())
      << "\n\n";
  out << "rule:\n";
  print_indented(out, ip.rule_text, "  | ");
  out << "\nhow the value was computed:\n";
  for (size_t a : x.aggregates)
    out << "  " << ip.aggregates[a].text << " = " << shown(found.aggregate(a), ip.aggregates[a].unit, *tz) << "\n";
  for (const ExplainedComponent& c : x.components) {
    const plan::IndicatorPlan& cp = *c.indicator;
    out << "  " << cp.name << (cp.label.empty() ? "" : " \"" + cp.label + "\"") << " = "
        << shown(c.number(), cp.unit, *tz)
        << (c.value ? std::string("   status: ") + rt::status_name(c.value.status())
                    : std::string("   (no value for this entity and period)"))
        << "\n";
  }
  out << "  value = " << ip.value.text << "\n        = " << x.arithmetic
      << "\n        = " << shown(found.value(), ip.unit, *tz) << "\n";
  if (ip.table >= 0)
    out << "\nevidence: " << found.rows() << " row(s) in the group, " << found.contributing().size()
        << " used by the value, " << found.evidence() << " with an evidence id\n";
  else
    out << "\nevidence: " << found.contributing().size() << " row(s) behind its components, " << found.evidence()
        << " with an evidence id\n";
  std::vector<std::vector<std::string>> table = {{"source", "system", "evidence", "actor", "time"}};
  for (const EvidenceRow& r : x.evidence)
    table.push_back(
        {cell_text(r.source), cell_text(r.system), cell_text(r.evidence), cell_text(r.actor), cell_text(r.time)});
  out << aligned_columns(table, "  ");
  return out.str();
}

}  // namespace jixiao::report
