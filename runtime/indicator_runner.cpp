// Indicator values: a simple indicator is one pipeline over its table (group each selected row, update
// the aggregate states, compiled or interpreted, then the value expression once per group, in entity and
// period order); a composite combines its components' values (docs/architecture.md, execution model).
#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "base/errors.h"
#include "runtime/agg_state.h"
#include "runtime/group_finder.h"
#include "runtime/runners.h"

namespace jixiao::rt {

using plan::IndicatorPlan;

namespace {

// The rows of batch [begin, begin + n) the interpreter takes: those `where` keeps that are not after
// as_of; with `every`, a row without a time falls in no period.
void select_rows(const IndicatorPlan& ip, LeafSource& leaves, size_t begin, size_t n, const EvalContext& ctx,
                 const Column* time, bool by_period, Micros as_of, Vec& where, std::vector<uint32_t>& selection) {
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
                                     return time->i64[row] > as_of;
                                   }),
                    selection.end());
  }
}

// Each aggregate's result per group, from the kernel's arrays (compiled) or the interpreter's states.
std::vector<Vec> aggregate_results(const IndicatorPlan& ip, size_t group_count, bool compiled,
                                   std::vector<KernelStateArrays>& kernel_states,
                                   std::vector<std::vector<AggState>>& states) {
  std::vector<Vec> agg_results(ip.aggregates.size());
  for (size_t a = 0; a < ip.aggregates.size(); ++a) {
    if (compiled) {
      kernel_states[a].resize(group_count);
      finish_aggregate(
          ip.aggregates[a], group_count, [&](size_t g) { return kernel_states[a].view(g); }, agg_results[a]);
    } else {
      finish_aggregate(
          ip.aggregates[a], group_count, [&](size_t g) { return AggView::of(states[a][g]); }, agg_results[a]);
    }
  }
  return agg_results;
}

// The aggregates' results, one row per group, as the leaves of the value expression.
struct AggLeaves : LeafSource {
  std::vector<Vec>* results;
  void column(int, size_t, size_t, Vec&) override { JX_UNREACHABLE("column outside aggregate"); }
  void aggregate(int i, size_t begin, size_t n, Vec& out) override {
    const Vec& r = (*results)[i];
    out.resize(n, r.type);
    for (size_t k = 0; k < n; ++k) {
      out.valid[k] = r.valid[begin + k];
      if (r.type == VType::Num)
        out.f64[k] = r.f64[begin + k];
      else if (r.type == VType::Str)
        out.str[k] = r.str[begin + k];
      else if (r.type != VType::Null)
        out.i64[k] = r.i64[begin + k];
    }
  }
};

// The value expression once per group, over the aggregates' results.
Vec group_values(const IndicatorPlan& ip, std::vector<Vec>& agg_results, size_t group_count, const EvalContext& ctx) {
  AggLeaves agg_leaves;
  agg_leaves.results = &agg_results;
  Vec values;
  evaluate(ip.value, agg_leaves, 0, group_count, ctx, values);
  return values;
}

// The order values come out in: by entity, then period. Groups are ordered on their integer keys, with
// each text key's dictionary code replaced by its rank in text order (nulls first).
std::vector<uint32_t> group_order(const IndicatorPlan& ip, const Table& t, const GroupTable& groups,
                                  const std::vector<std::vector<std::string>>& extra_names) {
  size_t group_count = groups.size();
  size_t width = groups.width();
  std::vector<std::vector<int64_t>> rank(ip.key_columns.size());
  for (size_t c = 0; c < ip.key_columns.size(); ++c) {
    const Column& col = t.columns[ip.key_columns[c]];
    if (col.kind != ColumnKind::String && col.kind != ColumnKind::Enum) continue;
    size_t n_names = col.dict().size() + extra_names[c].size();
    auto name_of = [&](size_t code) -> const std::string& {
      return code < col.dict().size() ? col.dict()[code] : extra_names[c][code - col.dict().size()];
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
    double first;  // the first key column's ordinal (or 0 without `by`)
    int64_t bucket;  // the period
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
  return order;
}

// The values in entity and period order, as columns: each group's key, counts and results gathered in
// `order`. That order is random in group order, so what a value reads is fetched a few values ahead.
IndicatorValues gather_values(int index, const IndicatorPlan& ip, const plan::TablePlan& tp, const Table& t,
                              const GroupTable& groups, const std::vector<uint32_t>& order,
                              std::vector<std::vector<std::string>> extra_names, bool by_period,
                              PeriodBucketer& bucketer, const Vec& values, const std::vector<Vec>* aggregates,
                              const std::vector<int64_t>& rows_in_group, const std::vector<int64_t>& evidence_in_group,
                              std::vector<std::vector<RowRef>>* contributing) {
  size_t n = order.size();
  size_t keys = ip.key_columns.size(), width = groups.width();
  IndicatorValues out;
  out.indicator = index;
  out.entity.resize(keys);
  for (size_t c = 0; c < keys; ++c) {
    EntityColumn& e = out.entity[c];
    e.type = tp.columns[ip.key_columns[c]].type;
    e.source = &t.columns[ip.key_columns[c]];
    e.extra = std::move(extra_names[c]);
    e.keys.resize(n);
  }
  out.period_start.resize(n);
  out.period.resize(n);
  out.rows.resize(n);
  out.evidence.resize(n);
  out.status.assign(n, ValueStatus::Ok);
  std::unordered_map<Micros, uint32_t> label_of;  // few periods, many groups
  if (!by_period) out.labels.push_back("all");
  constexpr size_t kAhead = 8;
  const int64_t* rows_data = rows_in_group.data();
  const int64_t* evidence_data = evidence_in_group.data();
  for (size_t k = 0; k < n; ++k) {
    if (k + kAhead < n) {
      uint32_t ahead = order[k + kAhead];
      __builtin_prefetch(groups.key(ahead));
      __builtin_prefetch(rows_data + ahead);
      __builtin_prefetch(evidence_data + ahead);
    }
    uint32_t g = order[k];
    const int64_t* key = groups.key(g);
    for (size_t c = 0; c < keys; ++c) out.entity[c].keys[k] = key[c];
    Micros start = key[width - 1];
    out.period_start[k] = start;
    if (by_period) {
      auto [it, fresh] = label_of.try_emplace(start, static_cast<uint32_t>(out.labels.size()));
      if (fresh) out.labels.push_back(bucketer.period_of_bucket(start).label);
      out.period[k] = it->second;
    }
    out.rows[k] = rows_data[g];
    out.evidence[k] = evidence_data[g];
  }
  out.value = ValueColumn::gather(values, order);
  if (aggregates)
    for (const Vec& r : *aggregates) out.aggregates.push_back(ValueColumn::gather(r, order));
  if (contributing) {
    out.contributing_end.resize(n);
    size_t total = 0;
    for (auto& rows : *contributing) total += rows.size();
    out.contributing_rows.reserve(total);
    for (size_t k = 0; k < n; ++k) {
      std::vector<RowRef>& rows = (*contributing)[order[k]];
      out.contributing_rows.insert(out.contributing_rows.end(), rows.begin(), rows.end());
      out.contributing_end[k] = static_cast<uint32_t>(out.contributing_rows.size());
      std::vector<RowRef>().swap(rows);
    }
  }
  return out;
}

}  // namespace

IndicatorValues IndicatorRunner::run(int index) {
  const IndicatorPlan& ip = plan_.indicators[index];
  IndicatorValues out = ip.table >= 0 ? simple(index, ip) : composite(index, ip);
  for (size_t k = 0; k < out.size(); ++k) {
    if (ip.evidence_min && out.evidence[k] < *ip.evidence_min)
      out.status[k] = ValueStatus::Unsupported;
    else if (ip.sample_min && out.rows[k] < *ip.sample_min)
      out.status[k] = ValueStatus::Insufficient;
  }
  return out;
}

IndicatorValues IndicatorRunner::simple(int index, const IndicatorPlan& ip) {
  const Table& t = tables_[ip.table];
  const plan::TablePlan& tp = plan_.tables[ip.table];
  TableLeaves leaves(t, tp);
  std::deque<std::string> arena;
  EvalContext ctx{&tz_, &arena, &calendars_};
  PeriodBucketer bucketer(ip.grain, tz_, plan_.week_start);
  EventTimes event_times(t, tp.time_column, tz_);
  const Column* time = event_times.get();
  bool by_period = ip.grain != plan::Grain::All;

  GroupTable groups(ip.key_columns.size() + 1);
  std::vector<int64_t> rows_in_group, evidence_in_group;
  std::vector<std::vector<AggState>> states(ip.aggregates.size());  // interpreted
  std::vector<KernelStateArrays> kernel_states;  // compiled
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
      select_rows(ip, leaves, begin, n, ctx, time, by_period, opts_.as_of, where, selection);
      assign_groups(begin, selection.data(), selection.size());
      contributed.assign(selection.size(), 0);
      for (size_t a = 0; a < ip.aggregates.size(); ++a)
        update_aggregate(ip.aggregates[a], leaves, begin, n, ctx, selection, group_ids, states[a], contributed, filter,
                         input, time);
      count_evidence(begin, selection.data(), selection.size());
    }
  }

  std::vector<std::vector<std::string>> extra_names(ip.key_columns.size());
  add_listed_entities(ip, t, groups, add_group, bucketer, by_period, extra_names);

  // The value expression runs once per group, over the aggregates' results (groups that `by x in S`
  // added have empty states).
  size_t group_count = groups.size();
  std::vector<Vec> agg_results = aggregate_results(ip, group_count, kernel != nullptr, kernel_states, states);
  Vec values = group_values(ip, agg_results, group_count, ctx);

  std::vector<uint32_t> order = group_order(ip, t, groups, extra_names);
  return gather_values(index, ip, tp, t, groups, order, std::move(extra_names), by_period, bucketer, values,
                       opts_.collect_evidence ? &agg_results : nullptr, rows_in_group, evidence_in_group,
                       collect ? &contributing : nullptr);
}

void IndicatorRunner::add_listed_entities(const IndicatorPlan& ip, const Table& t, const GroupTable& groups,
                                          const std::function<uint32_t(const int64_t*)>& add_group,
                                          PeriodBucketer& bucketer, bool by_period,
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
          const std::string& s = list.dict()[list.codes[r]];
          int64_t code = mine.code_of(s);
          if (code < 0) {
            auto [it, fresh] =
                extra_code.try_emplace(s, static_cast<int64_t>(mine.dict().size() + extra_names[c].size()));
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
    for (int64_t v : candidates[c]) {
      key[c] = v;
      fill(c + 1);
    }
  };
  fill(0);
}

IndicatorValues IndicatorRunner::composite(int index, const IndicatorPlan& ip) {
  // Groups: the union of the components' (entity, period) keys.
  std::map<std::pair<std::vector<Scalar>, Micros>, size_t> group_of;
  std::vector<std::pair<std::vector<Scalar>, Micros>> keys;
  std::vector<std::string> labels;
  for (int c : ip.components) {
    for (ValueRef v : done_[c]) {
      auto key = std::make_pair(v.entity(), v.period_start());
      if (group_of.emplace(key, keys.size()).second) {
        keys.push_back(key);
        labels.push_back(v.period());
      }
    }
  }
  std::vector<std::map<std::pair<std::vector<Scalar>, Micros>, ValueRef>> lookup(plan_.indicators.size());
  for (int c : ip.components)
    for (ValueRef v : done_[c]) lookup[c][{v.entity(), v.period_start()}] = v;

  using Keys = decltype(keys);
  using Lookup = decltype(lookup);
  struct ComponentLeaves : LeafSource {
    IndicatorRunner* self;
    Keys* group_keys;
    Lookup* values_by_key;
    void column(int, size_t, size_t, Vec&) override { JX_UNREACHABLE("no columns in a composite"); }
    void indicator(int i, size_t begin, size_t n, Vec& out) override {
      out.resize(
          n, self->plan_.indicators[i].value_type == VType::Null ? VType::Num : self->plan_.indicators[i].value_type);
      for (size_t k = 0; k < n; ++k) {
        auto it = (*values_by_key)[i].find((*group_keys)[begin + k]);
        if (it == (*values_by_key)[i].end() || !it->second.has_value()) continue;
        Scalar s = it->second.value();
        out.valid[k] = 1;
        if (out.type == VType::Num)
          out.f64[k] = s.num;
        else if (out.type == VType::Str)
          out.str[k] = s.str;
        else
          out.i64[k] = s.i64;
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

  // Made whole, then sorted by entity and period, then stored as columns.
  std::vector<ValueParts> parts(keys.size());
  for (size_t g = 0; g < keys.size(); ++g) {
    ValueParts& v = parts[g];
    v.entity = keys[g].first;
    v.period_start = keys[g].second;
    v.period = labels[g];
    v.value = scalar_at(values, g);
    // Evidence is the union of the components' evidence; status the worst of theirs.
    std::set<RowRef> rows;
    for (int c : ip.components) {
      auto it = lookup[c].find(keys[g]);
      if (it == lookup[c].end()) continue;
      ValueRef cv = it->second;
      if (static_cast<int>(cv.status()) > static_cast<int>(v.status)) v.status = cv.status();
      for (const RowRef& r : cv.contributing()) rows.insert(r);
    }
    for (auto& r : rows) {
      const plan::TablePlan& tp = plan_.tables[r.table];
      if (tp.evidence_column >= 0 && tables_[r.table].columns[tp.evidence_column].valid[r.row]) ++v.evidence;
    }
    v.rows = static_cast<int64_t>(rows.size());
    v.contributing.assign(rows.begin(), rows.end());
  }
  std::vector<uint32_t> order(parts.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const ValueParts &a = parts[x], &b = parts[y];
    if (a.entity != b.entity)
      return std::lexicographical_compare(a.entity.begin(), a.entity.end(), b.entity.begin(), b.entity.end());
    return a.period_start < b.period_start;
  });
  IndicatorValues out;
  out.indicator = index;
  for (uint32_t k : order) out.append(std::move(parts[k]));
  if (out.empty()) out.entity.resize(ip.key_names.size());
  return out;
}

}  // namespace jixiao::rt
