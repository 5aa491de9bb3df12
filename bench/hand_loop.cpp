#include "bench/hand_loop.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace jixiao::bench {

namespace {
constexpr int64_t kDayUs = 86400'000'000LL;
}

std::vector<GroupValue> hand_loop_dense(const HandLoopInput& in) {
  std::vector<GroupValue> out;
  if (in.rows == 0) return out;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t i = 0; i < in.rows; ++i) {
    lo = std::min(lo, in.when[i]);
    hi = std::max(hi, in.when[i]);
  }
  const int64_t first_day = (lo + in.utc_offset_us) / kDayUs;
  const int64_t days = (hi + in.utc_offset_us) / kDayUs - first_day + 1;
  std::vector<uint32_t> all(static_cast<size_t>(in.batches * days)), ng(all.size());
  for (size_t i = 0; i < in.rows; ++i) {
    if (!in.line_valid[i] || in.line[i] == in.excluded_line) continue;
    size_t g = static_cast<size_t>(in.batch[i] * days + ((in.when[i] + in.utc_offset_us) / kDayUs - first_day));
    all[g] += 1;
    ng[g] += in.result_valid[i] & (in.result[i] == in.ng);
  }
  for (int32_t b = 0; b < in.batches; ++b)
    for (int64_t d = 0; d < days; ++d) {
      size_t g = static_cast<size_t>(b * days + d);
      if (all[g]) out.push_back({b, first_day + d, static_cast<double>(ng[g]) / all[g]});
    }
  return out;
}

std::vector<GroupValue> hand_loop_hash(const HandLoopInput& in) {
  std::unordered_map<int64_t, std::pair<int64_t, int64_t>> agg;  // (batch, day) -> (ng, all)
  agg.reserve(1 << 16);
  for (size_t i = 0; i < in.rows; ++i) {
    if (!in.line_valid[i] || in.line[i] == in.excluded_line) continue;
    int64_t day = (in.when[i] + in.utc_offset_us) / kDayUs;
    auto& a = agg[(int64_t(in.batch[i]) << 24) | day];
    a.second += 1;
    a.first += in.result_valid[i] && in.result[i] == in.ng;
  }
  std::vector<GroupValue> out;
  out.reserve(agg.size());
  for (auto& [key, a] : agg)
    out.push_back({static_cast<int32_t>(key >> 24), key & 0xffffff,
                   static_cast<double>(a.first) / static_cast<double>(a.second)});
  return out;
}

}  // namespace jixiao::bench
