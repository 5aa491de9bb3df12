// Alerts: over an indicator's values (the condition per entity and period, `for N` runs, firing or
// resolved by the entity's latest period, with `previous`, `baseline` and targets as series), or `from` a
// table, one alert per row where the condition holds.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "base/errors.h"
#include "runtime/runners.h"

namespace jixiao::rt {

using plan::IndicatorPlan;
using plan::PlanOp;

void AlertRunner::run(int a, std::vector<AlertEvent>& out) {
  const plan::AlertPlan& ap = plan_.alerts[a];
  if (ap.when.empty()) return;
  if (ap.table >= 0) return rows(a, ap, out);
  if (ap.indicators.empty()) return;
  int primary = ap.indicators[0];
  const IndicatorPlan& ip = plan_.indicators[primary];
  PeriodBucketer bucketer(ip.grain, tz_, plan_.week_start);
  const auto& vals = values_[primary];
  struct SeriesLeaves : LeafSource {
    AlertRunner* self;
    const IndicatorValues* vals;
    PeriodBucketer* bucketer;
    void column(int, size_t, size_t, Vec&) override { JX_UNREACHABLE("no columns in an alert over values"); }
    void indicator(int i, size_t begin, size_t n, Vec& out) override {
      out.resize(n, VType::Num);
      for (size_t k = 0; k < n; ++k) {
        ValueRef v = (*vals)[begin + k];
        put(self->value_at(i, v.entity(), v.period_start()), out, k);
      }
    }
    void series(const plan::PlanNode& node, size_t begin, size_t n, Vec& out) override {
      out.resize(n, node.op == PlanOp::MissesTarget ? VType::Bool : VType::Num);
      for (size_t k = 0; k < n; ++k) {
        ValueRef v = (*vals)[begin + k];
        if (node.op == PlanOp::Previous) {
          put(self->value_at(node.index, v.entity(), bucketer->shift(v.period_start(), -node.i64)), out, k);
        } else if (node.op == PlanOp::Baseline) {
          put(self->baseline(node, v), out, k);
        } else {
          ValueRef x = self->value_at(node.index, v.entity(), v.period_start());
          if (!x || !x.has_value()) continue;
          auto misses = self->misses_target(node.index, x);
          if (!misses) continue;
          out.valid[k] = 1;
          out.i64[k] = *misses;
        }
      }
    }
    static void put(ValueRef v, Vec& out, size_t k) {
      if (!v || !v.has_value()) return;
      out.valid[k] = 1;
      out.f64[k] = v.number();
    }
  } leaves;
  leaves.self = this;
  leaves.vals = &vals;
  leaves.bucketer = &bucketer;
  std::deque<std::string> arena;
  EvalContext ctx{&tz_, &arena, &calendars_};
  Vec cond;
  evaluate(ap.when, leaves, 0, vals.size(), ctx, cond);

  // A value that is not ok raises no alert and breaks a run.
  std::map<std::pair<std::vector<Scalar>, Micros>, bool> holds;
  std::vector<std::vector<Scalar>> entities(vals.size());
  for (size_t k = 0; k < vals.size(); ++k) entities[k] = vals[k].entity();
  for (size_t k = 0; k < vals.size(); ++k) {
    bool ok = true;
    for (int i : ap.indicators) {
      ValueRef x = value_at(i, entities[k], vals.period_start[k]);
      if (x && x.status() != ValueStatus::Ok) ok = false;
    }
    holds[{entities[k], vals.period_start[k]}] = ok && cond.valid[k] && cond.i64[k];
  }
  std::map<std::vector<Scalar>, Micros> latest;
  for (size_t k = 0; k < vals.size(); ++k) latest[entities[k]] = std::max(latest[entities[k]], vals.period_start[k]);
  std::vector<AlertEvent> mine;
  for (size_t k = 0; k < vals.size(); ++k) {
    ValueRef v = vals[k];
    bool fires = holds[{entities[k], v.period_start()}];
    for (int64_t back = 1; fires && ap.for_count && back < *ap.for_count; ++back) {
      auto it = holds.find({entities[k], bucketer.shift(v.period_start(), -back)});
      fires = it != holds.end() && it->second;
    }
    if (!fires) continue;
    AlertEvent e;
    e.alert = a;
    for (size_t c = 0; c < ip.key_names.size(); ++c) e.entity.emplace_back(ip.key_names[c], entities[k][c]);
    e.period = v.period();
    e.period_start = v.period_start();
    e.value = v.value();
    mine.push_back(std::move(e));
  }
  // Firing: the instances of the episode that reaches the entity's latest period; earlier ones resolved.
  for (size_t k = 0; k < mine.size(); ++k) {
    std::vector<Scalar> entity;
    for (auto& [name, s] : mine[k].entity) entity.push_back(s);
    Micros p = mine[k].period_start, last = latest[entity];
    bool firing = true;
    for (Micros q = p; q < last && firing;) {
      q = bucketer.shift(q, 1);
      auto it = holds.find({entity, q});
      firing = it != holds.end() && it->second;
    }
    mine[k].firing = firing;
    out.push_back(std::move(mine[k]));
  }
}

ValueRef AlertRunner::value_at(int indicator, const std::vector<Scalar>& entity, Micros period) const {
  // Indexed on first use: most indicators are read by no alert, and values are many.
  auto& index = index_[indicator];
  if (!index) {
    index.emplace();
    for (ValueRef v : values_[indicator]) (*index)[{v.entity(), v.period_start()}] = v;
  }
  auto it = index->find({entity, period});
  return it == index->end() ? ValueRef() : it->second;
}

ValueRef AlertRunner::baseline(const plan::PlanNode& node, ValueRef v) {
  // The window's start: the current period's local start moved back by the span.
  Micros start = v.period_start();
  Micros local = tz_.to_local(start);
  int32_t day = static_cast<int32_t>(local >= 0 ? local / kMicrosPerDay : (local - kMicrosPerDay + 1) / kMicrosPerDay);
  Micros time_of_day = local - int64_t(day) * kMicrosPerDay;
  const std::string& u = node.window_unit;
  int32_t from_day = day;
  if (u.rfind("month", 0) == 0)
    from_day = add_months(day, -node.i64);
  else if (u.rfind("quarter", 0) == 0)
    from_day = add_months(day, -3 * node.i64);
  else if (u.rfind("year", 0) == 0)
    from_day = add_months(day, -12 * node.i64);
  else if (u.rfind("week", 0) == 0)
    from_day = day - static_cast<int32_t>(7 * node.i64);
  else if (u.rfind("day", 0) == 0)
    from_day = day - static_cast<int32_t>(node.i64);
  Micros window_start = u.rfind("hour", 0) == 0 ? start - node.i64 * kMicrosPerHour
                                                : tz_.from_local(int64_t(from_day) * kMicrosPerDay + time_of_day);
  std::vector<double> xs;
  std::vector<Scalar> entity = v.entity();
  for (ValueRef other : values_[node.index]) {
    if (other.period_start() < window_start || other.period_start() >= start) continue;
    if (other.status() != ValueStatus::Ok || !other.has_value() || other.entity() != entity) continue;
    xs.push_back(other.number());
  }
  if (xs.empty()) return ValueRef();
  double r;
  if (node.str == "min")
    r = *std::min_element(xs.begin(), xs.end());
  else if (node.str == "max")
    r = *std::max_element(xs.begin(), xs.end());
  else if (node.str == "median") {
    std::sort(xs.begin(), xs.end());
    double pos = 0.5 * static_cast<double>(xs.size() - 1);
    size_t lo = static_cast<size_t>(std::floor(pos)), hi = static_cast<size_t>(std::ceil(pos));
    r = xs[lo] + (xs[hi] - xs[lo]) * (pos - static_cast<double>(lo));
  } else {
    double s = 0;
    for (double x : xs) s += x;
    r = s / static_cast<double>(xs.size());
  }
  ValueParts made;
  made.value.type = VType::Num;
  made.value.valid = true;
  made.value.num = r;
  scratch_.append(std::move(made));
  return scratch_[scratch_.size() - 1];
}

std::optional<bool> AlertRunner::misses_target(int indicator, ValueRef v) {
  const IndicatorPlan& ip = plan_.indicators[indicator];
  if (!ip.target) return std::nullopt;
  struct NoLeaves : LeafSource {
    void column(int, size_t, size_t, Vec&) override { JX_UNREACHABLE("no columns in a target"); }
  } none;
  std::deque<std::string> arena;
  EvalContext ctx{&tz_, &arena, &calendars_};
  Vec bound;
  evaluate(ip.target->second, none, 0, 1, ctx, bound);
  if (!bound.valid[0]) return std::nullopt;
  double x = v.number();
  double b = bound.type == VType::Num ? bound.f64[0] : static_cast<double>(bound.i64[0]);
  bool meets;
  switch (ip.target->first) {
    case PlanOp::Lt: meets = x < b; break;
    case PlanOp::Le: meets = x <= b; break;
    case PlanOp::Gt: meets = x > b; break;
    case PlanOp::Ge: meets = x >= b; break;
    case PlanOp::Ne: meets = x != b; break;
    default: meets = x == b;
  }
  return !meets;
}

void AlertRunner::rows(int a, const plan::AlertPlan& ap, std::vector<AlertEvent>& out) {
  const Table& t = tables_[ap.table];
  const plan::TablePlan& tp = plan_.tables[ap.table];
  TableLeaves leaves(t, tp);
  std::deque<std::string> arena;
  EvalContext ctx{&tz_, &arena, &calendars_};
  Vec cond;
  std::vector<uint32_t> sel;
  EventTimes event_times(t, tp.time_column, tz_);
  const Column* time = event_times.get();
  std::unique_ptr<IndicatorKernel> kernel = opts_.kernels ? opts_.kernels->row_alert(a, t) : nullptr;
  for (size_t begin = 0; begin < t.rows(); begin += kBatch) {
    size_t n = std::min(kBatch, t.rows() - begin);
    if (kernel) {
      sel.resize(n);
      sel.resize(kernel->select(begin, n, opts_.as_of, sel.data()));
    } else {
      evaluate(ap.when, leaves, begin, n, ctx, cond);
      select_true(cond, sel);
    }
    for (uint32_t k : sel) {
      size_t row = begin + k;
      if (time && time->valid[row] && time->i64[row] > opts_.as_of) continue;  // the kernel has left these out already
      AlertEvent e;
      e.alert = a;
      e.row = static_cast<int64_t>(row);
      if (tp.is_chain) {
        e.entity.emplace_back(tp.columns[0].name, cell(t, tp, 0, row));
        e.entity.emplace_back("node", cell(t, tp, 1, row));
      } else if (tp.evidence_column >= 0) {
        e.entity.emplace_back(tp.columns[tp.evidence_column].name, cell(t, tp, tp.evidence_column, row));
      } else {
        Scalar s;
        s.type = VType::Num;
        s.valid = true;
        s.num = static_cast<double>(t.row_number[row]);
        s.i64 = static_cast<int64_t>(t.row_number[row]);
        s.integral = true;
        e.entity.emplace_back("row", s);
      }
      out.push_back(std::move(e));
    }
  }
}

Scalar AlertRunner::cell(const Table& t, const plan::TablePlan& tp, int c, size_t row) {
  return cell_scalar(t.columns[c], tp.columns[c].type, row);
}

}  // namespace jixiao::rt
