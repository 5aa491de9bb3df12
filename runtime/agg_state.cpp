// The interpreter's aggregate update: one loop over a batch's selected rows per aggregate, taking each
// row's filtered input into its group's AggState (the compiled kernels do the same in compiler/jit).
#include "runtime/agg_state.h"

#include <cstring>

namespace jixiao::rt {

using stdlib::BuiltinId;

namespace {

double as_number(const Vec& v, size_t k) { return v.type == VType::Num ? v.f64[k] : static_cast<double>(v.i64[k]); }

// A value's exact identity for count_distinct: its text, or the bytes of its number (so values that
// differ beyond the sixth decimal stay apart; -0 and 0 are one value).
std::string distinct_key(const Vec& v, size_t k) {
  if (v.type == VType::Str) return std::string(v.str[k]);
  char bytes[sizeof(int64_t)];
  if (v.type == VType::Num) {
    double x = v.f64[k] == 0 ? 0.0 : v.f64[k];
    std::memcpy(bytes, &x, sizeof x);
  } else {
    std::memcpy(bytes, &v.i64[k], sizeof bytes);
  }
  return std::string(bytes, sizeof bytes);
}

}  // namespace

void update_aggregate(const plan::AggregatePlan& ap, LeafSource& leaves, size_t begin, size_t n, const EvalContext& ctx,
                      const std::vector<uint32_t>& selection, const std::vector<uint32_t>& group_ids,
                      std::vector<AggState>& st, std::vector<uint8_t>& contributed, Vec& filter, Vec& input,
                      const Column* time) {
  bool has_filter = !ap.filter.empty();
  if (has_filter) evaluate(ap.filter, leaves, begin, n, ctx, filter);
  bool has_input = !ap.input.empty();
  if (has_input) evaluate(ap.input, leaves, begin, n, ctx, input);
  for (size_t s = 0; s < selection.size(); ++s) {
    uint32_t k = selection[s];
    AggState& a = st[group_ids[s]];
    bool pass = !has_filter || (filter.valid[k] && filter.i64[k]);
    if (!pass) continue;
    if (ap.fn == BuiltinId::Share) {
      // share(p [where q]) = count(where q and p) / count(where q): every row the filter keeps is
      // taken in (it is in the denominator).
      ++a.total;
      contributed[s] = 1;
      if (input.valid[k] && input.i64[k]) ++a.count;
      continue;
    }
    if (!has_input) {  // count()
      ++a.count;
      contributed[s] = 1;
      continue;
    }
    if (input.type == VType::Null || !input.valid[k]) continue;
    contributed[s] = 1;
    switch (ap.fn) {
      case BuiltinId::Count: ++a.count; break;
      case BuiltinId::CountDistinct: a.more().distinct.insert(distinct_key(input, k)); break;
      case BuiltinId::Sum:
      case BuiltinId::Avg:
        ++a.count;
        a.sum += as_number(input, k);
        break;
      case BuiltinId::Min:
      case BuiltinId::Max: {
        bool better;
        if (input.type == VType::Str) {
          better =
              !a.has || (ap.fn == BuiltinId::Min ? input.str[k] < a.more().best_str : input.str[k] > a.more().best_str);
          if (better) a.more().best_str = std::string(input.str[k]);
        } else {
          double v = as_number(input, k);
          better = !a.has || (ap.fn == BuiltinId::Min ? v < a.best : v > a.best);
          if (better) a.best = v;
        }
        a.has = true;
        break;
      }
      case BuiltinId::Median:
      case BuiltinId::Percentile: a.more().values.push_back(as_number(input, k)); break;
      case BuiltinId::First:
      case BuiltinId::Last: {
        size_t row = begin + k;
        if (!time || !time->valid[row]) break;
        Micros t = time->i64[row];
        // ties go to the row read first: only a strictly earlier (first) or later (last) row replaces
        bool better = !a.has || (ap.fn == BuiltinId::First ? t < a.best_time : t > a.best_time);
        if (better) {
          a.has = true;
          a.best_time = t;
          if (input.type == VType::Str)
            a.more().best_str = std::string(input.str[k]);
          else
            a.best = as_number(input, k);
        }
        break;
      }
      default: break;
    }
  }
}

}  // namespace jixiao::rt
