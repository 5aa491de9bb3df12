#include "runtime/engine.h"

#include "runtime/agg_state.h"
#include "runtime/group_finder.h"
#include "runtime/group_table.h"
#include "runtime/program_calendars.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace jixiao::rt {

using plan::AggregatePlan;
using plan::IndicatorPlan;
using plan::PlanOp;
using stdlib::BuiltinId;

namespace {
constexpr size_t kBatch = 2048;
}

const char* status_name(ValueStatus s) {
  switch (s) {
    case ValueStatus::Ok: return "ok";
    case ValueStatus::Unsupported: return "unsupported";
    case ValueStatus::Insufficient: return "insufficient";
  }
  return "ok";
}

PeriodGrain to_period_grain(plan::Grain g) {
  switch (g) {
    case plan::Grain::All: return PeriodGrain::All;
    case plan::Grain::Hour: return PeriodGrain::Hour;
    case plan::Grain::Day: return PeriodGrain::Day;
    case plan::Grain::Week: return PeriodGrain::Week;
    case plan::Grain::Month: return PeriodGrain::Month;
    case plan::Grain::Quarter: return PeriodGrain::Quarter;
    case plan::Grain::Year: return PeriodGrain::Year;
  }
  return PeriodGrain::All;
}

namespace {

class IndicatorRunner {
 public:
  IndicatorRunner(const plan::ProgramPlan& plan, const std::vector<Table>& tables, const TimeZone& tz,
                  const std::vector<WorkSchedule>& calendars, const RunOptions& opts,
                  const std::vector<std::vector<IndicatorValue>>& done)
      : plan_(plan), tables_(tables), tz_(tz), calendars_(calendars), opts_(opts), done_(done) {}

  std::vector<IndicatorValue> run(int index) {
    const IndicatorPlan& ip = plan_.indicators[index];
    std::vector<IndicatorValue> out = ip.table >= 0 ? simple(index, ip) : composite(index, ip);
    for (auto& v : out) {
      if (ip.evidence_min && v.evidence < *ip.evidence_min) v.status = ValueStatus::Unsupported;
      else if (ip.sample_min && v.rows < *ip.sample_min) v.status = ValueStatus::Insufficient;
    }
    if (ip.table >= 0) return out;  // simple() returns them in order already
    // Sort an index rather than the values themselves: they are large and many.
    std::vector<uint32_t> order(out.size());
    for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      const IndicatorValue &a = out[x], &b = out[y];
      if (a.entity != b.entity) return std::lexicographical_compare(a.entity.begin(), a.entity.end(), b.entity.begin(), b.entity.end());
      return a.period_start < b.period_start;
    });
    std::vector<IndicatorValue> sorted;
    sorted.reserve(out.size());
    for (uint32_t k : order) sorted.push_back(std::move(out[k]));
    return sorted;
  }

 private:
  std::vector<IndicatorValue> simple(int index, const IndicatorPlan& ip) {
    const Table& t = tables_[ip.table];
    const plan::TablePlan& tp = plan_.tables[ip.table];
    TableLeaves leaves(t, tp);
    std::deque<std::string> arena;
    EvalContext ctx{&tz_, &arena, &calendars_};
    PeriodBucketer bucketer(to_period_grain(ip.grain), tz_, plan_.week_start);
    EventTimes event_times(t, tp.time_column, tz_);
    const Column* time = event_times.get();
    bool by_period = ip.grain != plan::Grain::All;

    GroupTable groups(ip.key_columns.size() + 1);
    std::vector<int64_t> rows_in_group, evidence_in_group;
    std::vector<std::vector<AggState>> states(ip.aggregates.size());  // interpreted
    std::vector<KernelStateArrays> kernel_states;                     // compiled
    std::vector<std::vector<RowRef>> contributing;
    bool collect = opts_.collect_evidence || needs_rows_.count(index);
    const Column* evidence = tp.evidence_column >= 0 ? &t.columns[tp.evidence_column] : nullptr;

    Vec where, filter, input;
    std::vector<uint32_t> selection;
    std::vector<uint32_t> group_ids;
    std::vector<uint8_t> contributed;
    std::vector<int64_t> key(ip.key_columns.size() + 1);
    std::unique_ptr<IndicatorKernel> kernel = opts_.kernels ? opts_.kernels->indicator(index, t) : nullptr;
    // The group of a key; a new one starts its counters and, interpreted, its aggregate states (a kernel
    // keeps its states in arrays instead).
    auto add_group = [&](const int64_t* group_key) -> uint32_t {
      auto [group, fresh] = groups.insert(group_key);
      if (fresh) {
        rows_in_group.push_back(0);
        evidence_in_group.push_back(0);
        if (!kernel)
          for (auto& st : states) st.emplace_back();
        if (collect) contributing.emplace_back();
      }
      return group;
    };
    auto group_of = [&](size_t row, int64_t bucket) -> uint32_t {
      for (size_t c = 0; c < ip.key_columns.size(); ++c) key[c] = key_of(t.columns[ip.key_columns[c]], row);
      key.back() = bucket;
      return add_group(key.data());
    };
    // Dense cells for at most one dictionary-coded key column (the rule kernel_spec.cpp compiles by).
    const Column* key_column = ip.key_columns.size() == 1 ? &t.columns[ip.key_columns[0]] : nullptr;
    bool dense = ip.key_columns.empty() || (key_column && dictionary_coded(key_column->kind));
    GroupFinder finder(dense, dense ? key_column : nullptr, time, by_period, bucketer, group_of);
    auto assign_groups = [&](size_t begin, const uint32_t* sel, size_t count) {
      group_ids.resize(count);
      for (size_t s = 0; s < count; ++s) {
        uint32_t group = finder.find(begin + sel[s]);
        group_ids[s] = group;
        ++rows_in_group[group];
      }
    };
    auto count_evidence = [&](size_t begin, const uint32_t* sel, size_t count) {
      for (size_t s = 0; s < count; ++s) {
        if (!contributed[s]) continue;
        size_t row = begin + sel[s];
        if (evidence && evidence->valid[row]) ++evidence_in_group[group_ids[s]];
        if (collect) contributing[group_ids[s]].push_back(RowRef{ip.table, static_cast<uint32_t>(row)});
      }
    };
    if (kernel) {
      // The compiled loops: `where` and the time filter select rows, then one loop finds each row's
      // group (through the finder's cells) and updates plain state arrays, finished from there.
      std::vector<KernelStateArrays>& arrays = kernel_states;
      for (auto& ap : ip.aggregates) arrays.emplace_back(ap.fn);
      std::vector<KernelAggState> slots(ip.aggregates.size());
      KernelGroups& cursor = finder.cursor();
      selection.resize(kBatch);
      for (size_t begin = 0; begin < t.rows(); begin += kBatch) {
        size_t n = std::min(kBatch, t.rows() - begin);
        size_t count = kernel->select(begin, n, opts_.as_of, selection.data());
        // Room for every group this batch can make, so that no array moves while the kernel runs.
        for (size_t a = 0; a < arrays.size(); ++a) slots[a] = arrays[a].resize(groups.size() + count);
        if (rows_in_group.capacity() < groups.size() + count)  // doubling: an exact reserve would copy every batch
          rows_in_group.reserve(std::max(2 * rows_in_group.capacity(), groups.size() + count));
        group_ids.resize(count);
        cursor.rows = rows_in_group.data();
        cursor.group_ids = group_ids.data();
        contributed.assign(count, 0);
        kernel->update(begin, selection.data(), count, cursor, slots.data(), contributed.data());
        count_evidence(begin, selection.data(), count);
      }
    } else {
      for (size_t begin = 0; begin < t.rows(); begin += kBatch) {
        size_t n = std::min(kBatch, t.rows() - begin);
        // Rows after as_of are ignored; with `every`, a row without a time falls in no period.
        if (!ip.where.empty()) {
          evaluate(ip.where, leaves, begin, n, ctx, where);
          select_true(where, selection);
        } else {
          selection.resize(n);
          for (size_t k = 0; k < n; ++k) selection[k] = static_cast<uint32_t>(k);
        }
        if (time) {
          selection.erase(std::remove_if(selection.begin(), selection.end(),
                                         [&](uint32_t k) {
                                           size_t row = begin + k;
                                           if (!time->valid[row]) return by_period;
                                           return time->i64[row] > opts_.as_of;
                                         }),
                          selection.end());
        }
        assign_groups(begin, selection.data(), selection.size());
        contributed.assign(selection.size(), 0);
        for (size_t a = 0; a < ip.aggregates.size(); ++a)
          update_aggregate(ip.aggregates[a], leaves, begin, n, ctx, selection, group_ids, states[a], contributed, filter, input, time);
        count_evidence(begin, selection.data(), selection.size());
      }
    }

    std::vector<std::vector<std::string>> extra_names(ip.key_columns.size());
    add_listed_entities(ip, t, groups, add_group, bucketer, by_period, extra_names);

    // The value expression runs once per group, over the aggregates' results (groups that `by x in S`
    // added have empty states).
    size_t group_count = groups.size();
    std::vector<Vec> agg_results(ip.aggregates.size());
    for (size_t a = 0; a < ip.aggregates.size(); ++a) {
      if (kernel) {
        kernel_states[a].resize(group_count);
        finish_aggregate(ip.aggregates[a], group_count, [&](size_t g) { return kernel_states[a].view(g); }, agg_results[a]);
      } else {
        finish_aggregate(ip.aggregates[a], group_count, [&](size_t g) { return AggView::of(states[a][g]); }, agg_results[a]);
      }
    }
    struct AggLeaves : LeafSource {
      std::vector<Vec>* results;
      void column(int, size_t, size_t, Vec&) override { throw std::logic_error("column outside aggregate"); }
      void aggregate(int i, size_t begin, size_t n, Vec& out) override {
        const Vec& r = (*results)[i];
        out.resize(n, r.type);
        for (size_t k = 0; k < n; ++k) {
          out.valid[k] = r.valid[begin + k];
          if (r.type == VType::Num) out.f64[k] = r.f64[begin + k];
          else if (r.type == VType::Str) out.str[k] = r.str[begin + k];
          else if (r.type != VType::Null) out.i64[k] = r.i64[begin + k];
        }
      }
    } agg_leaves;
    agg_leaves.results = &agg_results;
    Vec values;
    evaluate(ip.value, agg_leaves, 0, group_count, ctx, values);

    // Values come out ordered by entity, then period. Groups are ordered on their integer keys, with
    // each text key's dictionary code replaced by its rank in text order (nulls first).
    size_t width = groups.width();
    std::vector<std::vector<int64_t>> rank(ip.key_columns.size());
    for (size_t c = 0; c < ip.key_columns.size(); ++c) {
      const Column& col = t.columns[ip.key_columns[c]];
      if (col.kind != ColumnKind::String && col.kind != ColumnKind::Enum) continue;
      size_t n_names = col.dict.size() + extra_names[c].size();
      auto name_of = [&](size_t code) -> const std::string& {
        return code < col.dict.size() ? col.dict[code] : extra_names[c][code - col.dict.size()];
      };
      std::vector<uint32_t> by_text(n_names);
      for (uint32_t k = 0; k < n_names; ++k) by_text[k] = k;
      std::sort(by_text.begin(), by_text.end(), [&](uint32_t x, uint32_t y) { return name_of(x) < name_of(y); });
      rank[c].resize(n_names);
      for (size_t r = 0; r < n_names; ++r) rank[c][by_text[r]] = static_cast<int64_t>(r);
    }
    auto ordinal = [&](size_t c, int64_t key) -> double {
      if (key == kNullKey) return -std::numeric_limits<double>::infinity();
      const Column& col = t.columns[ip.key_columns[c]];
      if (!rank[c].empty()) return static_cast<double>(rank[c][key]);
      if (col.kind == ColumnKind::Number) {
        double v;
        std::memcpy(&v, &key, sizeof v);
        return v;
      }
      return static_cast<double>(key);
    };
    // Each group's ordinals computed once, then sorted as plain records: the comparison is the hot
    // loop when there are hundreds of thousands of groups.
    struct SortKey {
      double first;     // the first key column's ordinal (or 0 without `by`)
      int64_t bucket;   // the period
      uint32_t group;
    };
    size_t keys = width - 1;
    std::vector<double> rest;  // ordinals of key columns after the first, `keys - 1` per group
    if (keys > 1) rest.resize(group_count * (keys - 1));
    std::vector<SortKey> sort_keys(group_count);
    for (uint32_t g = 0; g < group_count; ++g) {
      const int64_t* k = groups.key(g);
      sort_keys[g] = SortKey{keys ? ordinal(0, k[0]) : 0.0, k[width - 1], g};
      for (size_t c = 1; c < keys; ++c) rest[g * (keys - 1) + c - 1] = ordinal(c, k[c]);
    }
    std::sort(sort_keys.begin(), sort_keys.end(), [&](const SortKey& a, const SortKey& b) {
      if (a.first != b.first) return a.first < b.first;
      for (size_t c = 0; c + 1 < keys; ++c) {
        double oa = rest[a.group * (keys - 1) + c], ob = rest[b.group * (keys - 1) + c];
        if (oa != ob) return oa < ob;
      }
      return a.bucket < b.bucket;
    });
    std::vector<uint32_t> order(group_count);
    for (size_t k = 0; k < group_count; ++k) order[k] = sort_keys[k].group;

    std::unordered_map<Micros, std::string> labels;  // few periods, many groups
    std::vector<IndicatorValue> out;
    out.reserve(group_count);  // each value made where it is filled: the memory is written once
    for (size_t k = 0; k < group_count; ++k) {
      uint32_t g = order[k];
      const int64_t* key = groups.key(g);
      IndicatorValue& v = out.emplace_back();
      v.indicator = index;
      v.entity.reserve(ip.key_columns.size());
      for (size_t c = 0; c < ip.key_columns.size(); ++c)
        v.entity.push_back(key_scalar(t.columns[ip.key_columns[c]], tp.columns[ip.key_columns[c]].type, key[c], extra_names[c]));
      v.period_start = key[width - 1];
      if (by_period) {
        auto [it, fresh] = labels.try_emplace(v.period_start);
        if (fresh) it->second = bucketer.period_of_bucket(v.period_start).label;
        v.period = it->second;
      } else {
        v.period = "all";
      }
      v.value = scalar_at(values, g);
      v.rows = rows_in_group[g];
      v.evidence = evidence_in_group[g];
      if (opts_.collect_evidence) {
        v.aggregates.reserve(agg_results.size());
        for (auto& r : agg_results) v.aggregates.push_back(scalar_at(r, g));
      }
      if (collect) v.contributing = std::move(contributing[g]);
    }
    return out;
  }

  // `by x in S`: every listed entity gets a group in every period, even with no rows.
  void add_listed_entities(const IndicatorPlan& ip, const Table& t, const GroupTable& groups,
                           const std::function<uint32_t(const int64_t*)>& add_group, PeriodBucketer& bucketer, bool by_period,
                           std::vector<std::vector<std::string>>& extra_names) {
    bool any_list = false;
    for (auto& l : ip.key_lists) any_list = any_list || l.first >= 0;
    if (!any_list) return;
    // Entity candidates per key column: the listed values (as codes of this table's dictionary), or
    // the values seen in the groups for columns without a list.
    std::vector<std::vector<int64_t>> candidates(ip.key_columns.size());
    for (size_t c = 0; c < ip.key_columns.size(); ++c) {
      std::set<int64_t> values;
      auto [lt, lc] = ip.key_lists[c];
      if (lt >= 0 && lc >= 0) {
        const Column& list = tables_[lt].columns[lc];
        const Column& mine = t.columns[ip.key_columns[c]];
        std::unordered_map<std::string, int64_t> extra_code;
        for (size_t r = 0; r < list.size(); ++r) {
          if (!list.valid[r]) continue;
          if (dictionary_coded(list.kind)) {
            const std::string& s = list.dict[list.codes[r]];
            int64_t code = mine.code_of(s);
            if (code < 0) {
              auto [it, fresh] = extra_code.try_emplace(s, static_cast<int64_t>(mine.dict.size() + extra_names[c].size()));
              if (fresh) extra_names[c].push_back(s);
              code = it->second;
            }
            values.insert(code);
          } else {
            values.insert(key_of(list, r));
          }
        }
      } else {
        for (uint32_t g = 0; g < groups.size(); ++g) values.insert(groups.key(g)[c]);
      }
      candidates[c].assign(values.begin(), values.end());
    }
    std::set<int64_t> periods;
    size_t last = groups.width() - 1;
    if (by_period && groups.size() > 0) {
      int64_t lo = INT64_MAX, hi = INT64_MIN;
      for (uint32_t g = 0; g < groups.size(); ++g) {
        lo = std::min(lo, groups.key(g)[last]);
        hi = std::max(hi, groups.key(g)[last]);
      }
      for (int64_t p = lo; p <= hi; p = bucketer.shift(p, 1)) periods.insert(p);
    } else {
      periods.insert(0);
    }
    std::vector<int64_t> key(ip.key_columns.size() + 1);
    std::function<void(size_t)> fill = [&](size_t c) {
      if (c == candidates.size()) {
        for (int64_t p : periods) {
          key.back() = p;
          add_group(key.data());
        }
        return;
      }
      for (int64_t v : candidates[c]) { key[c] = v; fill(c + 1); }
    };
    fill(0);
  }

  std::vector<IndicatorValue> composite(int index, const IndicatorPlan& ip) {
    // Groups: the union of the components' (entity, period) keys.
    std::map<std::pair<std::vector<Scalar>, Micros>, size_t> group_of;
    std::vector<std::pair<std::vector<Scalar>, Micros>> keys;
    std::vector<std::string> labels;
    for (int c : ip.components) {
      for (auto& v : done_[c]) {
        auto key = std::make_pair(v.entity, v.period_start);
        if (group_of.emplace(key, keys.size()).second) {
          keys.push_back(key);
          labels.push_back(v.period);
        }
      }
    }
    std::vector<std::map<std::pair<std::vector<Scalar>, Micros>, const IndicatorValue*>> lookup(plan_.indicators.size());
    for (int c : ip.components)
      for (auto& v : done_[c]) lookup[c][{v.entity, v.period_start}] = &v;

    using Keys = decltype(keys);
    using Lookup = decltype(lookup);
    struct ComponentLeaves : LeafSource {
      IndicatorRunner* self;
      Keys* group_keys;
      Lookup* values_by_key;
      void column(int, size_t, size_t, Vec&) override { throw std::logic_error("no columns in a composite"); }
      void indicator(int i, size_t begin, size_t n, Vec& out) override {
        out.resize(n, self->plan_.indicators[i].value_type == VType::Null ? VType::Num : self->plan_.indicators[i].value_type);
        for (size_t k = 0; k < n; ++k) {
          auto it = (*values_by_key)[i].find((*group_keys)[begin + k]);
          if (it == (*values_by_key)[i].end() || !it->second->value.valid) continue;
          const Scalar& s = it->second->value;
          out.valid[k] = 1;
          if (out.type == VType::Num) out.f64[k] = s.num;
          else if (out.type == VType::Str) out.str[k] = s.str;
          else out.i64[k] = s.i64;
        }
      }
    } leaves;
    leaves.self = this;
    leaves.group_keys = &keys;
    leaves.values_by_key = &lookup;
    std::deque<std::string> arena;
    EvalContext ctx{&tz_, &arena, &calendars_};
    Vec values;
    evaluate(ip.value, leaves, 0, keys.size(), ctx, values);

    std::vector<IndicatorValue> out(keys.size());
    for (size_t g = 0; g < keys.size(); ++g) {
      IndicatorValue& v = out[g];
      v.indicator = index;
      v.entity = keys[g].first;
      v.period_start = keys[g].second;
      v.period = labels[g];
      v.value = scalar_at(values, g);
      // Evidence is the union of the components' evidence; status the worst of theirs.
      std::set<RowRef> rows, evidence_rows;
      for (int c : ip.components) {
        auto it = lookup[c].find(keys[g]);
        if (it == lookup[c].end()) continue;
        const IndicatorValue& cv = *it->second;
        if (static_cast<int>(cv.status) > static_cast<int>(v.status)) v.status = cv.status;
        for (auto& r : cv.contributing) rows.insert(r);
      }
      for (auto& r : rows) {
        const plan::TablePlan& tp = plan_.tables[r.table];
        if (tp.evidence_column >= 0 && tables_[r.table].columns[tp.evidence_column].valid[r.row]) ++v.evidence;
      }
      v.rows = static_cast<int64_t>(rows.size());
      v.contributing.assign(rows.begin(), rows.end());
    }
    return out;
  }

 public:
  std::set<int> needs_rows_;

 private:
  const plan::ProgramPlan& plan_;
  const std::vector<Table>& tables_;
  const TimeZone& tz_;
  const std::vector<WorkSchedule>& calendars_;
  const RunOptions& opts_;
  const std::vector<std::vector<IndicatorValue>>& done_;
};

// ---- alerts over indicator values -----------------------------------------------------------------

class AlertRunner {
 public:
  AlertRunner(const plan::ProgramPlan& plan, const std::vector<Table>& tables, const TimeZone& tz,
              const std::vector<WorkSchedule>& calendars, const RunOptions& opts,
              const std::vector<std::vector<IndicatorValue>>& values)
      : plan_(plan), tables_(tables), tz_(tz), calendars_(calendars), opts_(opts), values_(values), index_(values.size()) {}

  void run(int a, std::vector<AlertEvent>& out) {
    const plan::AlertPlan& ap = plan_.alerts[a];
    if (ap.when.empty()) return;
    if (ap.table >= 0) return rows(a, ap, out);
    if (ap.indicators.empty()) return;
    int primary = ap.indicators[0];
    const IndicatorPlan& ip = plan_.indicators[primary];
    PeriodBucketer bucketer(to_period_grain(ip.grain), tz_, plan_.week_start);
    const auto& vals = values_[primary];
    struct SeriesLeaves : LeafSource {
      AlertRunner* self;
      const std::vector<IndicatorValue>* vals;
      PeriodBucketer* bucketer;
      void column(int, size_t, size_t, Vec&) override { throw std::logic_error("no columns in an alert over values"); }
      void indicator(int i, size_t begin, size_t n, Vec& out) override {
        out.resize(n, VType::Num);
        for (size_t k = 0; k < n; ++k) {
          const IndicatorValue& v = (*vals)[begin + k];
          put(self->value_at(i, v.entity, v.period_start), out, k);
        }
      }
      void series(const plan::PlanNode& node, size_t begin, size_t n, Vec& out) override {
        out.resize(n, node.op == PlanOp::MissesTarget ? VType::Bool : VType::Num);
        for (size_t k = 0; k < n; ++k) {
          const IndicatorValue& v = (*vals)[begin + k];
          if (node.op == PlanOp::Previous) {
            put(self->value_at(node.index, v.entity, bucketer->shift(v.period_start, -node.i64)), out, k);
          } else if (node.op == PlanOp::Baseline) {
            put(self->baseline(node, v, *bucketer), out, k);
          } else {
            const IndicatorValue* x = self->value_at(node.index, v.entity, v.period_start);
            if (!x || !x->value.valid) continue;
            auto misses = self->misses_target(node.index, *x);
            if (!misses) continue;
            out.valid[k] = 1;
            out.i64[k] = *misses;
          }
        }
      }
      static void put(const IndicatorValue* v, Vec& out, size_t k) {
        if (!v || !v->value.valid) return;
        out.valid[k] = 1;
        out.f64[k] = v->value.type == VType::Num ? v->value.num : static_cast<double>(v->value.i64);
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
    for (size_t k = 0; k < vals.size(); ++k) {
      bool ok = true;
      for (int i : ap.indicators) {
        const IndicatorValue* x = value_at(i, vals[k].entity, vals[k].period_start);
        if (x && x->status != ValueStatus::Ok) ok = false;
      }
      holds[{vals[k].entity, vals[k].period_start}] = ok && cond.valid[k] && cond.i64[k];
    }
    std::map<std::vector<Scalar>, Micros> latest;
    for (auto& v : vals) latest[v.entity] = std::max(latest[v.entity], v.period_start);
    std::vector<AlertEvent> mine;
    for (size_t k = 0; k < vals.size(); ++k) {
      const IndicatorValue& v = vals[k];
      bool fires = holds[{v.entity, v.period_start}];
      for (int64_t back = 1; fires && ap.for_count && back < *ap.for_count; ++back) {
        auto it = holds.find({v.entity, bucketer.shift(v.period_start, -back)});
        fires = it != holds.end() && it->second;
      }
      if (!fires) continue;
      AlertEvent e;
      e.alert = a;
      for (size_t c = 0; c < ip.key_names.size(); ++c) e.entity.emplace_back(ip.key_names[c], v.entity[c]);
      e.period = v.period;
      e.period_start = v.period_start;
      e.value = v.value;
      mine.push_back(std::move(e));
    }
    // Firing: the instances of the episode that reaches the entity's latest period; earlier ones resolved.
    for (size_t k = 0; k < mine.size(); ++k) {
      std::vector<Scalar> entity;
      for (auto& [name, s] : mine[k].entity) entity.push_back(s);
      Micros p = mine[k].period_start, last = latest[entity];
      bool firing = true;
      for (Micros q = p; q < last && firing; ) {
        q = bucketer.shift(q, 1);
        auto it = holds.find({entity, q});
        firing = it != holds.end() && it->second;
      }
      mine[k].firing = firing;
      out.push_back(std::move(mine[k]));
    }
  }

  const IndicatorValue* value_at(int indicator, const std::vector<Scalar>& entity, Micros period) const {
    // Indexed on first use: most indicators are read by no alert, and values are many.
    auto& index = index_[indicator];
    if (!index) {
      index.emplace();
      for (auto& v : values_[indicator]) (*index)[{v.entity, v.period_start}] = &v;
    }
    auto it = index->find({entity, period});
    return it == index->end() ? nullptr : it->second;
  }

  const IndicatorValue* baseline(const plan::PlanNode& node, const IndicatorValue& v, PeriodBucketer& bucketer) {
    // The window's start: the current period's local start moved back by the span.
    Micros start = v.period_start;
    Micros local = tz_.to_local(start);
    int32_t day = static_cast<int32_t>(local >= 0 ? local / kMicrosPerDay : (local - kMicrosPerDay + 1) / kMicrosPerDay);
    Micros time_of_day = local - int64_t(day) * kMicrosPerDay;
    const std::string& u = node.window_unit;
    int32_t from_day = day;
    if (u.rfind("month", 0) == 0) from_day = add_months(day, -node.i64);
    else if (u.rfind("quarter", 0) == 0) from_day = add_months(day, -3 * node.i64);
    else if (u.rfind("year", 0) == 0) from_day = add_months(day, -12 * node.i64);
    else if (u.rfind("week", 0) == 0) from_day = day - static_cast<int32_t>(7 * node.i64);
    else if (u.rfind("day", 0) == 0) from_day = day - static_cast<int32_t>(node.i64);
    Micros window_start = u.rfind("hour", 0) == 0 ? start - node.i64 * kMicrosPerHour
                                                  : tz_.from_local(int64_t(from_day) * kMicrosPerDay + time_of_day);
    std::vector<double> xs;
    for (auto& other : values_[node.index]) {
      if (!(other.entity == v.entity) || other.period_start < window_start || other.period_start >= start) continue;
      if (other.status != ValueStatus::Ok || !other.value.valid) continue;
      xs.push_back(other.value.type == VType::Num ? other.value.num : static_cast<double>(other.value.i64));
    }
    (void)bucketer;
    if (xs.empty()) return nullptr;
    double r;
    if (node.str == "min") r = *std::min_element(xs.begin(), xs.end());
    else if (node.str == "max") r = *std::max_element(xs.begin(), xs.end());
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
    scratch_.push_back(IndicatorValue{});
    scratch_.back().value.type = VType::Num;
    scratch_.back().value.valid = true;
    scratch_.back().value.num = r;
    return &scratch_.back();
  }

  std::optional<bool> misses_target(int indicator, const IndicatorValue& v) {
    const IndicatorPlan& ip = plan_.indicators[indicator];
    if (!ip.target) return std::nullopt;
    struct NoLeaves : LeafSource {
      void column(int, size_t, size_t, Vec&) override { throw std::logic_error("no columns in a target"); }
    } none;
    std::deque<std::string> arena;
    EvalContext ctx{&tz_, &arena, &calendars_};
    Vec bound;
    evaluate(ip.target->second, none, 0, 1, ctx, bound);
    if (!bound.valid[0]) return std::nullopt;
    double x = v.value.type == VType::Num ? v.value.num : static_cast<double>(v.value.i64);
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

  // Alerts with `from`: one instance per row where the condition holds.
  void rows(int a, const plan::AlertPlan& ap, std::vector<AlertEvent>& out) {
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

  static Scalar cell(const Table& t, const plan::TablePlan& tp, int c, size_t row) {
    return cell_scalar(t.columns[c], tp.columns[c].type, row);
  }

 private:
  const plan::ProgramPlan& plan_;
  const std::vector<Table>& tables_;
  const TimeZone& tz_;
  const std::vector<WorkSchedule>& calendars_;
  const RunOptions& opts_;
  const std::vector<std::vector<IndicatorValue>>& values_;
  mutable std::vector<std::optional<std::map<std::pair<std::vector<Scalar>, Micros>, const IndicatorValue*>>> index_;
  std::deque<IndicatorValue> scratch_;
};

}  // namespace

RunResult evaluate_program(const plan::ProgramPlan& plan, const std::vector<Table>& tables, const TimeZone& tz,
                           const RunOptions& options) {
  RunResult result;
  result.values.resize(plan.indicators.size());
  const std::vector<WorkSchedule> calendars = work_schedules(plan, tz);
  IndicatorRunner runner(plan, tables, tz, calendars, options, result.values);
  for (auto& ip : plan.indicators)
    for (int c : ip.components) runner.needs_rows_.insert(c);
  // A task's `attach ... match c` takes the values of c from the evidence rows behind the alert's value.
  for (auto& ap : plan.alerts)
    if (!ap.tasks.empty())
      for (int i : ap.indicators) runner.needs_rows_.insert(i);
  for (size_t i = 0; i < plan.indicators.size(); ++i) result.values[i] = runner.run(static_cast<int>(i));
  AlertRunner alerts(plan, tables, tz, calendars, options, result.values);
  for (size_t a = 0; a < plan.alerts.size(); ++a) alerts.run(static_cast<int>(a), result.alerts);
  return result;
}

}  // namespace jixiao::rt
