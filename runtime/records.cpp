#include "runtime/records.h"

#include <algorithm>
#include <cmath>

namespace jixiao::rt {

nlohmann::ordered_json value_json(const Scalar& s, const TimeZone& tz) {
  if (!s.valid) return nullptr;
  switch (s.type) {
    case VType::Num:
      if (s.integral) return s.i64;  // an int column's value: 12, not 12.0
      return s.num;
    case VType::Bool: return s.i64 != 0;
    case VType::Str: return s.str;
    case VType::Time: return format_timestamp(s.i64, tz);
    case VType::Date: return format_date(static_cast<int32_t>(s.i64));
    case VType::Dur: {
      if (s.i64 % kMicrosPerSecond == 0) return s.i64 / kMicrosPerSecond;
      return static_cast<double>(s.i64) / static_cast<double>(kMicrosPerSecond);
    }
    default: return nullptr;
  }
}

std::vector<Record> result_records(const plan::ProgramPlan& plan, const Dataset& data, const RunResult& result,
                                   const TimeZone& tz) {
  std::vector<Record> out;
  std::vector<const IngestReport*> reports;
  for (auto& r : data.reports) reports.push_back(&r);
  std::sort(reports.begin(), reports.end(), [](auto* a, auto* b) { return a->source < b->source; });
  for (auto* r : reports) {
    Record j;
    j["type"] = "ingest";
    j["source"] = r->source;
    j["read"] = r->read;
    j["accepted"] = r->accepted;
    j["quarantined"] = r->quarantined;
    out.push_back(std::move(j));
  }

  // Indicators by name; values are already ordered by entity and period.
  std::vector<size_t> order(plan.indicators.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return plan.indicators[a].name < plan.indicators[b].name; });
  for (size_t i : order) {
    const plan::IndicatorPlan& ip = plan.indicators[i];
    for (const IndicatorValue& v : result.values[i]) {
      Record j;
      j["type"] = "indicator";
      j["name"] = ip.name;
      Record entity = Record::object();
      for (size_t c = 0; c < ip.key_names.size(); ++c) entity[ip.key_names[c]] = value_json(v.entity[c], tz);
      j["entity"] = entity;
      j["period"] = v.period;
      j["value"] = value_json(v.value, tz);
      j["unit"] = ip.unit.empty() ? nullptr : Record(ip.unit);
      j["rows"] = v.rows;
      j["evidence"] = v.evidence;
      j["status"] = status_name(v.status);
      out.push_back(std::move(j));
    }
  }

  // Chain steps: by chain, then case, then node in declared order (the order compute_chains wrote them).
  std::vector<size_t> chains(plan.chains.size());
  for (size_t i = 0; i < chains.size(); ++i) chains[i] = i;
  std::sort(chains.begin(), chains.end(),
            [&](size_t a, size_t b) { return plan.chains[a].name < plan.chains[b].name; });
  for (size_t c : chains) {
    const plan::ChainPlan& cp = plan.chains[c];
    if (cp.table < 0) continue;
    const Table& t = data.tables[cp.table];
    const plan::TablePlan& tp = plan.tables[cp.table];
    auto at = [&](int col, size_t row) {
      return value_json(cell_scalar(t.columns[col], tp.columns[col].type, row), tz);
    };
    for (size_t r = 0; r < t.rows(); ++r) {
      Record j;
      j["type"] = "step";
      j["chain"] = cp.name;
      j["case"] = at(0, r);
      for (size_t col = 1; col < tp.columns.size(); ++col) j[tp.columns[col].name] = at(static_cast<int>(col), r);
      out.push_back(std::move(j));
    }
  }

  std::vector<const AlertEvent*> alerts;
  for (auto& a : result.alerts) alerts.push_back(&a);
  std::stable_sort(alerts.begin(), alerts.end(), [&](auto* a, auto* b) {
    const std::string &na = plan.alerts[a->alert].name, &nb = plan.alerts[b->alert].name;
    if (na != nb) return na < nb;
    std::vector<Scalar> ea, eb;
    for (auto& [k, s] : a->entity) ea.push_back(s);
    for (auto& [k, s] : b->entity) eb.push_back(s);
    if (ea != eb) return std::lexicographical_compare(ea.begin(), ea.end(), eb.begin(), eb.end());
    return a->period_start < b->period_start;
  });
  for (auto* a : alerts) {
    const plan::AlertPlan& ap = plan.alerts[a->alert];
    Record j;
    j["type"] = "alert";
    j["name"] = ap.name;
    Record entity = Record::object();
    for (auto& [k, s] : a->entity) entity[k] = value_json(s, tz);
    j["entity"] = entity;
    j["period"] = a->period ? Record(*a->period) : Record(nullptr);
    j["severity"] = ap.severity;
    j["state"] = a->firing ? "firing" : "resolved";
    if (a->period) j["value"] = value_json(a->value, tz);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace jixiao::rt
