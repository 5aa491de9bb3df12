#include "runtime/indicator_values.h"

#include "runtime/group_finder.h"

namespace jixiao::rt {

const char* status_name(ValueStatus s) {
  switch (s) {
    case ValueStatus::Ok: return "ok";
    case ValueStatus::Unsupported: return "unsupported";
    case ValueStatus::Insufficient: return "insufficient";
  }
  return "ok";
}

Scalar EntityColumn::at(size_t k) const { return source ? key_scalar(*source, type, keys[k], extra) : scalars[k]; }

Scalar ValueColumn::at(size_t k) const {
  Scalar s;
  s.type = type;
  if (type == VType::Null || !valid[k]) return s;
  s.valid = true;
  if (type == VType::Num)
    s.num = f64[k];
  else if (type == VType::Str)
    s.str = str[k];
  else
    s.i64 = i64[k];
  return s;
}

void ValueColumn::push(const Scalar& s) {
  if (type == VType::Null && s.type != VType::Null) {  // typed by the first typed value
    type = s.type;
    if (type == VType::Num)
      f64.resize(size());
    else if (type == VType::Str)
      str.resize(size());
    else
      i64.resize(size());
  }
  bool ok = s.valid && s.type == type;
  valid.push_back(ok);
  if (type == VType::Num)
    f64.push_back(ok ? s.num : 0);
  else if (type == VType::Str)
    str.push_back(ok ? s.str : std::string());
  else if (type != VType::Null)
    i64.push_back(ok ? s.i64 : 0);
}

ValueColumn ValueColumn::gather(const Vec& v, const std::vector<uint32_t>& rows) {
  ValueColumn out;
  out.type = v.type;
  size_t n = rows.size();
  out.valid.resize(n);  // all false for a null column, whatever its bytes say (as scalar_at reads it)
  if (v.type != VType::Null)
    for (size_t k = 0; k < n; ++k) out.valid[k] = v.valid[rows[k]];
  if (v.type == VType::Num) {
    out.f64.resize(n);
    for (size_t k = 0; k < n; ++k) out.f64[k] = v.f64[rows[k]];
  } else if (v.type == VType::Str) {
    out.str.resize(n);
    for (size_t k = 0; k < n; ++k)
      if (out.valid[k]) out.str[k] = std::string(v.str[rows[k]]);
  } else if (v.type != VType::Null) {
    out.i64.resize(n);
    for (size_t k = 0; k < n; ++k) out.i64[k] = v.i64[rows[k]];
  }
  return out;
}

std::vector<Scalar> ValueRef::entity() const {
  std::vector<Scalar> out;
  out.reserve(values_->entity.size());
  for (const EntityColumn& c : values_->entity) out.push_back(c.at(k_));
  return out;
}

std::span<const RowRef> ValueRef::contributing() const {
  const auto& end = values_->contributing_end;
  if (end.empty()) return {};
  uint32_t from = k_ ? end[k_ - 1] : 0;
  return std::span<const RowRef>(values_->contributing_rows.data() + from, end[k_] - from);
}

void IndicatorValues::append(ValueParts&& v) {
  size_t k = size();
  if (k == 0) {
    entity.resize(v.entity.size());
    aggregates.resize(v.aggregates.size());
  }
  for (size_t c = 0; c < entity.size(); ++c) {
    if (entity[c].type == VType::Null) entity[c].type = v.entity[c].type;
    entity[c].scalars.push_back(std::move(v.entity[c]));
  }
  period_start.push_back(v.period_start);
  auto [label, fresh] = label_index_.try_emplace(v.period, static_cast<uint32_t>(labels.size()));
  if (fresh) labels.push_back(std::move(v.period));
  period.push_back(label->second);
  value.push(v.value);
  rows.push_back(v.rows);
  evidence.push_back(v.evidence);
  status.push_back(v.status);
  for (size_t a = 0; a < aggregates.size() && a < v.aggregates.size(); ++a) aggregates[a].push(v.aggregates[a]);
  if (!v.contributing.empty() || !contributing_end.empty()) {
    contributing_end.resize(k, static_cast<uint32_t>(contributing_rows.size()));
    contributing_rows.insert(contributing_rows.end(), v.contributing.begin(), v.contributing.end());
    contributing_end.push_back(static_cast<uint32_t>(contributing_rows.size()));
  }
}

}  // namespace jixiao::rt
