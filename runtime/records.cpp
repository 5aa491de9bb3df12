#include "runtime/records.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
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

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  size_t plain_from = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, plain_from, i - plain_from);
    plain_from = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    }
  }
  out.append(s, plain_from, s.size() - plain_from);
  out += '"';
}

namespace {

void append_double(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  // nlohmann's own shortest round-trip formatting (`12.0`, `0.1`, `1e+20`), so that the text is the
  // same as the dump() of value_json.
  std::array<char, 64> buf{};
  char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), x);
  out.append(buf.data(), static_cast<size_t>(end - buf.data()));
}

}  // namespace

void append_value_json(std::string& out, const Scalar& s, const TimeZone& tz) {
  if (!s.valid) {
    out += "null";
    return;
  }
  switch (s.type) {
    case VType::Num:
      if (s.integral)
        fmt::format_to(std::back_inserter(out), "{}", s.i64);
      else
        append_double(out, s.num);
      return;
    case VType::Bool: out += s.i64 != 0 ? "true" : "false"; return;
    case VType::Str: append_json_string(out, s.str); return;
    case VType::Time: append_json_string(out, format_timestamp(s.i64, tz)); return;
    case VType::Date: append_json_string(out, format_date(static_cast<int32_t>(s.i64))); return;
    case VType::Dur:
      if (s.i64 % kMicrosPerSecond == 0)
        fmt::format_to(std::back_inserter(out), "{}", s.i64 / kMicrosPerSecond);
      else
        append_double(out, static_cast<double>(s.i64) / static_cast<double>(kMicrosPerSecond));
      return;
    default: out += "null";
  }
}

namespace {

void write_ingest(const Dataset& data, RecordSink& sink) {
  std::vector<const IngestReport*> reports;
  for (auto& r : data.reports) reports.push_back(&r);
  std::sort(reports.begin(), reports.end(), [](auto* a, auto* b) { return a->source < b->source; });
  for (auto* r : reports) {
    sink.begin("ingest");
    sink.text("source", r->source);
    sink.count("read", static_cast<int64_t>(r->read));
    sink.count("accepted", static_cast<int64_t>(r->accepted));
    sink.count("quarantined", static_cast<int64_t>(r->quarantined));
    sink.end();
  }
}

// Indicators by name; each one's values are already ordered by entity and period.
void write_indicators(const plan::ProgramPlan& plan, const RunResult& result, RecordSink& sink) {
  std::vector<size_t> order(plan.indicators.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return plan.indicators[a].name < plan.indicators[b].name; });
  for (size_t i : order) {
    const plan::IndicatorPlan& ip = plan.indicators[i];
    for (const IndicatorValue& v : result.values[i]) {
      sink.begin("indicator");
      sink.text("name", ip.name);
      sink.begin_entity();
      for (size_t c = 0; c < ip.key_names.size(); ++c) sink.entity_field(ip.key_names[c], v.entity[c]);
      sink.end_entity();
      sink.text("period", v.period);
      sink.value("value", v.value);
      if (ip.unit.empty())
        sink.null("unit");
      else
        sink.text("unit", ip.unit);
      sink.count("rows", v.rows);
      sink.count("evidence", v.evidence);
      sink.text("status", status_name(v.status));
      sink.end();
    }
  }
}

// Chain steps: by chain, then case, then node in declared order (the order compute_chains wrote them).
void write_steps(const plan::ProgramPlan& plan, const Dataset& data, RecordSink& sink) {
  std::vector<size_t> chains(plan.chains.size());
  for (size_t i = 0; i < chains.size(); ++i) chains[i] = i;
  std::sort(chains.begin(), chains.end(),
            [&](size_t a, size_t b) { return plan.chains[a].name < plan.chains[b].name; });
  for (size_t c : chains) {
    const plan::ChainPlan& cp = plan.chains[c];
    if (cp.table < 0) continue;
    const Table& t = data.tables[cp.table];
    const plan::TablePlan& tp = plan.tables[cp.table];
    for (size_t r = 0; r < t.rows(); ++r) {
      sink.begin("step");
      sink.text("chain", cp.name);
      sink.value("case", cell_scalar(t.columns[0], tp.columns[0].type, r));
      for (size_t col = 1; col < tp.columns.size(); ++col)
        sink.value(tp.columns[col].name, cell_scalar(t.columns[col], tp.columns[col].type, r));
      sink.end();
    }
  }
}

// Alerts by name, then entity values, then period.
void write_alerts(const plan::ProgramPlan& plan, const RunResult& result, RecordSink& sink) {
  std::vector<const AlertEvent*> alerts;
  for (auto& a : result.alerts) alerts.push_back(&a);
  const auto entity_less = [](const AlertEvent& a, const AlertEvent& b) {
    return std::lexicographical_compare(a.entity.begin(), a.entity.end(), b.entity.begin(), b.entity.end(),
                                        [](const auto& x, const auto& y) { return x.second < y.second; });
  };
  std::stable_sort(alerts.begin(), alerts.end(), [&](auto* a, auto* b) {
    const std::string &na = plan.alerts[a->alert].name, &nb = plan.alerts[b->alert].name;
    if (na != nb) return na < nb;
    if (entity_less(*a, *b)) return true;
    if (entity_less(*b, *a)) return false;
    return a->period_start < b->period_start;
  });
  for (auto* a : alerts) {
    const plan::AlertPlan& ap = plan.alerts[a->alert];
    sink.begin("alert");
    sink.text("name", ap.name);
    sink.begin_entity();
    for (auto& [k, s] : a->entity) sink.entity_field(k, s);
    sink.end_entity();
    if (a->period)
      sink.text("period", *a->period);
    else
      sink.null("period");
    sink.text("severity", ap.severity);
    sink.text("state", a->firing ? "firing" : "resolved");
    if (a->period) sink.value("value", a->value);
    sink.end();
  }
}

}  // namespace

void write_records(const plan::ProgramPlan& plan, const Dataset& data, const RunResult& result, RecordSink& sink) {
  write_ingest(data, sink);
  write_indicators(plan, result, sink);
  write_steps(plan, data, sink);
  write_alerts(plan, result, sink);
}

}  // namespace jixiao::rt
