// `explain --format json`: the explanation as one JSON object, values in base units as `run --format
// json` writes them, a missing id, actor or component status as null.
#include "report/explain.h"

#include "runtime/records.h"

namespace jixiao::report {

nlohmann::ordered_json explain_json(const Explanation& x) {
  const plan::IndicatorPlan& ip = *x.indicator;
  rt::ValueRef found = x.value;
  const rt::TimeZone* tz = x.tz;
  nlohmann::ordered_json j;
  j["indicator"] = ip.name;
  j["label"] = ip.label;
  j["doc"] = ip.doc;
  j["rule"] = ip.rule_text;
  j["file"] = ip.file;
  j["line"] = ip.line;
  nlohmann::ordered_json entity = nlohmann::ordered_json::object();
  for (size_t c = 0; c < ip.key_names.size(); ++c) entity[ip.key_names[c]] = rt::value_json(found.entity(c), *tz);
  j["entity"] = entity;
  j["period"] = found.period();
  j["value"] = rt::value_json(found.value(), *tz);
  j["unit"] = ip.unit;
  j["status"] = rt::status_name(found.status());
  j["rows"] = found.rows();
  j["evidence_count"] = found.evidence();
  auto aggs = nlohmann::ordered_json::array();
  for (size_t a : x.aggregates)
    aggs.push_back({{"expression", ip.aggregates[a].text},
                    {"value", rt::value_json(found.aggregate(a), *tz)},
                    {"unit", ip.aggregates[a].unit}});
  j["aggregates"] = aggs;
  auto comps = nlohmann::ordered_json::array();
  for (const ExplainedComponent& c : x.components) {
    const plan::IndicatorPlan& cp = *c.indicator;
    comps.push_back({{"name", cp.name},
                     {"label", cp.label},
                     {"value", rt::value_json(c.number(), *tz)},
                     {"unit", cp.unit},
                     {"status", c.value ? nlohmann::ordered_json(rt::status_name(c.value.status()))
                                        : nlohmann::ordered_json(nullptr)}});
  }
  j["components"] = comps;
  j["arithmetic"] = x.arithmetic;
  auto rows = nlohmann::ordered_json::array();
  for (const EvidenceRow& r : x.evidence) {
    nlohmann::ordered_json row;
    row["source"] = r.source;
    row["system"] = r.system;
    row["evidence"] = r.evidence;
    row["actor"] = r.actor;
    row["time"] = r.time;
    row["row"] = r.row;
    rows.push_back(row);
  }
  j["evidence_rows"] = rows;
  return j;
}

}  // namespace jixiao::report
