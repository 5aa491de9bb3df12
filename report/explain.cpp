#include "report/explain.h"

#include <algorithm>

#include "report/explain_arithmetic.h"
#include "runtime/actions/message.h"
#include "runtime/eval.h"
#include "runtime/records.h"

namespace jixiao::report {

namespace {

// A number put into the arithmetic line: percentages and durations as such, money and other units
// without their unit (`240000 / 300000`), since the lines above give the units.
std::string in_arithmetic(const rt::Scalar& s, const std::string& unit, const rt::TimeZone& tz) {
  return shown(s, unit == "percent" ? unit : "", tz);
}

}  // namespace

std::string plain(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "null";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string shown(const rt::Scalar& s, const std::string& unit, const rt::TimeZone& tz) {
  return s.valid ? rt::display_value(s, unit, tz) : "null";
}

rt::ValueRef find_value(const rt::IndicatorValues& values, const plan::IndicatorPlan& ip,
                        const std::map<std::string, std::string>& entity, const std::string& period,
                        const rt::TimeZone& tz) {
  for (rt::ValueRef v : values) {
    if (v.period() != period) continue;
    bool match = true;
    for (size_t c = 0; c < ip.key_names.size(); ++c) {
      auto it = entity.find(ip.key_names[c]);
      rt::Scalar part = v.entity(c);
      std::string have = part.valid ? plain(rt::value_json(part, tz)) : "null";
      if (it == entity.end() || it->second != have) match = false;
    }
    if (match) return v;
  }
  return rt::ValueRef();
}

Explanation explain(const plan::ProgramPlan& plan, const rt::Dataset& data, const rt::RunResult& result,
                    const rt::TimeZone& tz, int indicator, rt::ValueRef value, std::string entity) {
  const plan::IndicatorPlan& ip = plan.indicators[indicator];
  Explanation x;
  x.indicator = &ip;
  x.value = value;
  x.tz = &tz;
  x.entity = std::move(entity);

  // The aggregates, each distinct one once (`(sum(x) - 1) / sum(x)` has two, both `sum(x)`).
  for (size_t a = 0; a < ip.aggregates.size(); ++a) {
    bool seen = false;
    for (size_t d : x.aggregates) seen = seen || ip.aggregates[d].text == ip.aggregates[a].text;
    if (!seen) x.aggregates.push_back(a);
  }
  // A composite's components: their values for the same entity and period (null when a component
  // has none there).
  std::vector<int> components;
  for (int c : ip.components)
    if (std::find(components.begin(), components.end(), c) == components.end()) components.push_back(c);
  for (int c : components) {
    rt::ValueRef cv;
    std::vector<rt::Scalar> wanted = value.entity();
    for (rt::ValueRef v : result.values[c])
      if (v.period_start() == value.period_start() && v.entity() == wanted) cv = v;
    x.components.push_back(ExplainedComponent{&plan.indicators[c], cv});
  }

  // The arithmetic: the value expression with each aggregate and component replaced by its number.
  std::vector<std::pair<std::string, std::string>> numbers;
  for (size_t a : x.aggregates)
    numbers.emplace_back(ip.aggregates[a].text, in_arithmetic(value.aggregate(a), ip.aggregates[a].unit, tz));
  std::map<std::string, std::string> component_numbers;
  for (const ExplainedComponent& c : x.components)
    component_numbers[c.indicator->name] = in_arithmetic(c.number(), c.indicator->unit, tz);
  x.arithmetic = substitute(ip.value.text, numbers, component_numbers);

  for (const rt::RowRef& r : value.contributing()) {
    const plan::TablePlan& tp = plan.tables[r.table];
    const rt::Table& t = data.tables[r.table];
    auto cell = [&](int c) -> nlohmann::ordered_json {
      if (c < 0) return nullptr;
      rt::Vec v;
      rt::read_column(t.columns[c], tp.columns[c].type, r.row, 1, v);
      return rt::value_json(rt::scalar_at(v, 0), tz);
    };
    x.evidence.push_back(EvidenceRow{tp.name, tp.system, cell(tp.evidence_column), cell(tp.actor_column),
                                     cell(tp.time_column), t.row_number[r.row]});
  }
  return x;
}

}  // namespace jixiao::report
