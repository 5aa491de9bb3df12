// Aggregate state: the running state of one aggregate per group, interpreted (AggState, updated a batch
// at a time by update_aggregate) or compiled (KernelStateArrays, the plain arrays a kernel updates), and
// finish_aggregate, which turns either into the aggregate's result per group through an AggView.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/eval.h"
#include "runtime/kernel_abi.h"
#include "runtime/table.h"

namespace jixiao::rt {

// The running state of one aggregate for one group.
struct AggState {
  int64_t count = 0;  // rows taken in (count, share numerator, sum/avg's n)
  int64_t total = 0;  // share: all rows
  double sum = 0;
  double best = 0;  // min / max / first / last (numeric)
  Micros best_time = 0;
  bool has = false;
  // What only some aggregates need, allocated on first use so that most groups stay small.
  struct Extra {
    std::string best_str;  // min / max / first / last (text)
    std::vector<double> values;  // median / percentile
    std::unordered_set<std::string> distinct;  // count_distinct
  };
  std::unique_ptr<Extra> extra;
  Extra& more() {
    if (!extra) extra = std::make_unique<Extra>();
    return *extra;
  }
};

// What finish_aggregate() reads of one group's aggregate state, from an AggState or from a kernel's arrays.
struct AggView {
  int64_t count, total;
  double sum, best;
  bool has;
  AggState::Extra* extra;
  static AggView of(AggState& a) { return AggView{a.count, a.total, a.sum, a.best, a.has, a.extra.get()}; }
};

// The plain arrays a compiled kernel updates (runtime/kernel_abi.h), one set per aggregate.
// Only the arrays the aggregate's kernel code touches are allocated (the others stay empty and null):
// at hundreds of thousands of groups the untouched ones would cost page faults and copies.
struct KernelStateArrays {
  explicit KernelStateArrays(stdlib::BuiltinId fn)
      : uses_count(fn != stdlib::BuiltinId::Min && fn != stdlib::BuiltinId::Max),
        uses_total(fn == stdlib::BuiltinId::Share),
        uses_sum(fn == stdlib::BuiltinId::Sum || fn == stdlib::BuiltinId::Avg),
        uses_best(fn == stdlib::BuiltinId::Min || fn == stdlib::BuiltinId::Max) {}
  bool uses_count, uses_total, uses_sum, uses_best;
  std::vector<int64_t> count, total;
  std::vector<double> sum, best;
  std::vector<uint8_t> has;
  KernelAggState resize(size_t groups) {
    if (uses_count) count.resize(groups);
    if (uses_total) total.resize(groups);
    if (uses_sum) sum.resize(groups);
    if (uses_best) {
      best.resize(groups);
      has.resize(groups);
    }
    return KernelAggState{count.data(), total.data(), sum.data(), best.data(), has.data()};
  }
  AggView view(size_t g) const {
    return AggView{uses_count ? count[g] : 0, uses_total ? total[g] : 0, uses_sum ? sum[g] : 0.0,
                   uses_best ? best[g] : 0.0, uses_best && has[g] != 0,  nullptr};
  }
};

// The interpreter's update of aggregate `ap` over one batch (rows [begin, begin + n)): evaluates its
// filter and input, and updates st[group_ids[s]] for each selected row s; sets contributed[s] to 1 when
// the row was taken in. `filter` and `input` are scratch, kept by the caller across batches.
void update_aggregate(const plan::AggregatePlan& ap, LeafSource& leaves, size_t begin, size_t n, const EvalContext& ctx,
                      const std::vector<uint32_t>& selection, const std::vector<uint32_t>& group_ids,
                      std::vector<AggState>& st, std::vector<uint8_t>& contributed, Vec& filter, Vec& input,
                      const Column* time);

// Each group's result of aggregate `ap`; state_of(g) gives group g's AggView. A template so that the
// per-group read of either kind of state inlines.
template <class StateOf>
void finish_aggregate(const plan::AggregatePlan& ap, size_t n, StateOf state_of, Vec& out) {
  using stdlib::BuiltinId;
  VType in = ap.input_type;
  VType t = VType::Num;
  switch (ap.fn) {
    case BuiltinId::Count:
    case BuiltinId::CountDistinct:
    case BuiltinId::Share: t = VType::Num; break;
    default: t = in == VType::Null ? VType::Num : in;
  }
  if (t == VType::Bool) t = VType::Num;
  out.resize(n, t);
  auto put = [&](size_t g, double v) {
    out.valid[g] = 1;
    if (t == VType::Num)
      out.f64[g] = v;
    else
      out.i64[g] = static_cast<int64_t>(std::llround(v));
  };
  for (size_t g = 0; g < n; ++g) {
    const AggView a = state_of(g);
    switch (ap.fn) {
      case BuiltinId::Count: put(g, static_cast<double>(a.count)); break;
      case BuiltinId::CountDistinct: put(g, a.extra ? static_cast<double>(a.extra->distinct.size()) : 0.0); break;
      case BuiltinId::Share:
        if (a.total > 0) put(g, static_cast<double>(a.count) / static_cast<double>(a.total));
        break;
      case BuiltinId::Sum:
        if (a.count > 0) put(g, a.sum);
        break;
      case BuiltinId::Avg:
        if (a.count > 0) put(g, a.sum / static_cast<double>(a.count));
        break;
      case BuiltinId::Min:
      case BuiltinId::Max:
      case BuiltinId::First:
      case BuiltinId::Last:
        if (!a.has) break;
        if (t == VType::Str) {
          out.valid[g] = 1;
          if (a.extra) out.str[g] = a.extra->best_str;  // a view: the state outlives `out`
        } else
          put(g, a.best);
        break;
      case BuiltinId::Median:
      case BuiltinId::Percentile: {
        if (!a.extra || a.extra->values.empty()) break;
        std::vector<double>& values = a.extra->values;
        std::sort(values.begin(), values.end());
        double q = ap.fn == BuiltinId::Median ? 0.5 : ap.q;
        double pos = q * static_cast<double>(values.size() - 1);
        size_t lo = static_cast<size_t>(std::floor(pos)), hi = static_cast<size_t>(std::ceil(pos));
        put(g, values[lo] + (values[hi] - values[lo]) * (pos - static_cast<double>(lo)));
        break;
      }
      default: break;
    }
  }
}

}  // namespace jixiao::rt
