#include "runtime/records.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
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

namespace {

void append_int(std::string& out, int64_t n) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  out.append(buf, static_cast<size_t>(end - buf));
}

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
        append_int(out, s.i64);
      else
        append_double(out, s.num);
      return;
    case VType::Bool: out += s.i64 != 0 ? "true" : "false"; return;
    case VType::Str: append_json_string(out, s.str); return;
    // A timestamp's or date's text has nothing to escape.
    case VType::Time:
      out += '"';
      append_timestamp(out, s.i64, tz);
      out += '"';
      return;
    case VType::Date:
      out += '"';
      append_date_text(out, static_cast<int32_t>(s.i64));
      out += '"';
      return;
    case VType::Dur:
      if (s.i64 % kMicrosPerSecond == 0)
        append_int(out, s.i64 / kMicrosPerSecond);
      else
        append_double(out, static_cast<double>(s.i64) / static_cast<double>(kMicrosPerSecond));
      return;
    default: out += "null";
  }
}

std::string value_json_text(const Scalar& s, const TimeZone& tz) {
  std::string out;
  append_value_json(out, s, tz);
  return out;
}

namespace {

template <class Field>
std::string object_text(size_t n, Field field, const TimeZone& tz) {
  std::string out = "{";
  for (size_t i = 0; i < n; ++i) {
    const auto& [key, value] = field(i);
    if (i > 0) out += ',';
    append_json_string(out, key);
    out += ':';
    append_value_json(out, value, tz);
  }
  out += '}';
  return out;
}

}  // namespace

std::string entity_json_text(const std::vector<std::string>& keys, const std::vector<Scalar>& values,
                             const TimeZone& tz) {
  return object_text(
      keys.size(), [&](size_t i) { return std::pair<const std::string&, const Scalar&>(keys[i], values[i]); }, tz);
}

std::string entity_json_text(const std::vector<std::pair<std::string, Scalar>>& entity, const TimeZone& tz) {
  return object_text(
      entity.size(), [&](size_t i) -> const std::pair<std::string, Scalar>& { return entity[i]; }, tz);
}

std::optional<double> json_number(const Scalar& s) {
  if (!s.valid) return std::nullopt;
  if (s.type == VType::Num) return s.integral ? static_cast<double>(s.i64) : s.num;
  if (s.type == VType::Dur) return static_cast<double>(s.i64) / static_cast<double>(kMicrosPerSecond);
  return std::nullopt;
}

namespace {

void write_ingest(const IngestReport& r, RecordSink& sink) {
  sink.begin("ingest");
  sink.text("source", r.source);
  sink.count("read", static_cast<int64_t>(r.read));
  sink.count("accepted", static_cast<int64_t>(r.accepted));
  sink.count("quarantined", static_cast<int64_t>(r.quarantined));
  sink.end();
}

void write_indicator(const plan::IndicatorPlan& ip, ValueRef v, RecordSink& sink) {
  sink.begin("indicator");
  sink.text("name", ip.name);
  sink.begin_entity();
  for (size_t c = 0; c < ip.key_names.size(); ++c) sink.entity_field(ip.key_names[c], v.entity(c));
  sink.end_entity();
  sink.text("period", v.period());
  sink.value("value", v.value());
  if (ip.unit.empty())
    sink.null("unit");
  else
    sink.text("unit", ip.unit);
  sink.count("rows", v.rows());
  sink.count("evidence", v.evidence());
  sink.text("status", status_name(v.status()));
  sink.end();
}

void write_step(const plan::ChainPlan& cp, const plan::TablePlan& tp, const Table& t, size_t row, RecordSink& sink) {
  sink.begin("step");
  sink.text("chain", cp.name);
  sink.value("case", cell_scalar(t.columns[0], tp.columns[0].type, row));
  for (size_t col = 1; col < tp.columns.size(); ++col)
    sink.value(tp.columns[col].name, cell_scalar(t.columns[col], tp.columns[col].type, row));
  sink.end();
}

void write_alert(const plan::AlertPlan& ap, const AlertEvent& a, RecordSink& sink) {
  sink.begin("alert");
  sink.text("name", ap.name);
  sink.begin_entity();
  for (auto& [k, s] : a.entity) sink.entity_field(k, s);
  sink.end_entity();
  if (a.period)
    sink.text("period", *a.period);
  else
    sink.null("period");
  sink.text("severity", ap.severity);
  sink.text("state", a.firing ? "firing" : "resolved");
  if (a.period) sink.value("value", a.value);
  sink.end();
}

template <class T, class Name>
std::vector<size_t> by_name(const std::vector<T>& items, Name name) {
  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return name(items[a]) < name(items[b]); });
  return order;
}

}  // namespace

RecordWalk::RecordWalk(const plan::ProgramPlan& plan, const Dataset& data, const RunResult& result)
    : plan_(plan), data_(data), result_(result) {
  auto add = [this](Part part, size_t index, size_t count) {
    if (count == 0) return;
    segments_.push_back({part, index, count});
    total_ += count;
  };
  // Ingest records by source.
  for (auto& r : data.reports) reports_.push_back(&r);
  std::sort(reports_.begin(), reports_.end(), [](auto* a, auto* b) { return a->source < b->source; });
  add(Part::Ingest, 0, reports_.size());
  // Indicators by name; each one's values are already ordered by entity and period.
  for (size_t i : by_name(plan.indicators, [](auto& ip) -> const std::string& { return ip.name; })) {
    add(Part::Indicator, i, result.values[i].size());
  }
  // Chain steps by chain, then case, then node in declared order (the order compute_chains wrote them).
  for (size_t c : by_name(plan.chains, [](auto& cp) -> const std::string& { return cp.name; })) {
    const plan::ChainPlan& cp = plan.chains[c];
    if (cp.table >= 0) add(Part::Steps, c, data.tables[static_cast<size_t>(cp.table)].rows());
  }
  // Alerts by name, then entity values, then period.
  for (auto& a : result.alerts) alerts_.push_back(&a);
  const auto entity_less = [](const AlertEvent& a, const AlertEvent& b) {
    return std::lexicographical_compare(a.entity.begin(), a.entity.end(), b.entity.begin(), b.entity.end(),
                                        [](const auto& x, const auto& y) { return x.second < y.second; });
  };
  std::stable_sort(alerts_.begin(), alerts_.end(), [&](auto* a, auto* b) {
    const std::string &na = plan.alerts[a->alert].name, &nb = plan.alerts[b->alert].name;
    if (na != nb) return na < nb;
    if (entity_less(*a, *b)) return true;
    if (entity_less(*b, *a)) return false;
    return a->period_start < b->period_start;
  });
  add(Part::Alerts, 0, alerts_.size());
}

void RecordWalk::write(RecordSink& sink, size_t begin, size_t end) const {
  size_t first = 0;  // the index of the segment's first record in the order
  for (const Segment& seg : segments_) {
    // The segment's records that fall in [begin, end), as indexes within the segment.
    const size_t from = std::max(begin, first) - first;
    const size_t to = std::max(std::min(end, first + seg.count), first) - first;
    for (size_t k = from; k < to; ++k) {
      switch (seg.part) {
        case Part::Ingest: write_ingest(*reports_[k], sink); break;
        case Part::Indicator: write_indicator(plan_.indicators[seg.index], result_.values[seg.index][k], sink); break;
        case Part::Steps: {
          const plan::ChainPlan& cp = plan_.chains[seg.index];
          const auto table = static_cast<size_t>(cp.table);
          write_step(cp, plan_.tables[table], data_.tables[table], k, sink);
          break;
        }
        case Part::Alerts: write_alert(plan_.alerts[alerts_[k]->alert], *alerts_[k], sink); break;
      }
    }
    first += seg.count;
    if (first >= end) break;
  }
}

size_t RecordWalk::type_start(size_t i) const {
  size_t first = 0, start = 0;  // the segment's first record; that of the first segment of its part
  for (size_t s = 0; s < segments_.size(); ++s) {
    if (s == 0 || segments_[s].part != segments_[s - 1].part) start = first;
    if (i < first + segments_[s].count) return start;
    first += segments_[s].count;
  }
  return start;
}

void write_records(const plan::ProgramPlan& plan, const Dataset& data, const RunResult& result, RecordSink& sink) {
  const RecordWalk walk(plan, data, result);
  walk.write(sink, 0, walk.size());
}

}  // namespace jixiao::rt
