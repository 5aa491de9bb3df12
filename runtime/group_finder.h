// Group keys and finding a row's group: a row's key is one int64 per key column plus its period bucket,
// and GroupFinder maps a selected row to its group id, through dense per-period cells where it can
// (docs/architecture.md, execution model). The hot parts (key_of, GroupFinder::find) stay inline.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/kernel_abi.h"
#include "runtime/scalar.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

// Group key: one int64 per key column (dictionary code, bit pattern or -1/null marker) and the bucket.
constexpr int64_t kNullKey = INT64_MIN;

inline int64_t key_of(const Column& c, size_t row) {
  if (!c.valid[row]) return kNullKey;
  switch (c.kind) {
    case ColumnKind::String:
    case ColumnKind::Enum: return c.codes[row];
    case ColumnKind::Number: {
      int64_t bits;
      double v = c.f64[row] == 0 ? 0.0 : c.f64[row];  // -0 and 0 group together
      std::memcpy(&bits, &v, sizeof bits);
      return bits;
    }
    default: return c.i64[row];
  }
}

// `extra` holds entity names that a `by x in S` list adds beyond the column's own dictionary: their
// codes continue after the dictionary's.
Scalar key_scalar(const Column& c, VType type, int64_t key, const std::vector<std::string>& extra);

// Finds the group of a selected row, (key values, period) -> group id, through `group_of` (the
// GroupTable: finds or makes the group). For an indicator keyed by at most one dictionary-coded column,
// each period gets a dense array of cells (key code + 1 -> group) in front of it, so that most rows cost
// two array reads; compiled kernels read the same cells through cursor() (runtime/kernel_abi.h). Without
// such a key, or once codes x periods would grow too large, every row goes to `group_of`.
class GroupFinder {
 public:
  using GroupOf = std::function<uint32_t(size_t row, int64_t bucket)>;
  // `key`: the one key column (null without `by`); `dense`: whether cells are kept at all.
  GroupFinder(bool dense, const Column* key, const Column* time, bool by_period, PeriodBucketer& bucketer,
              GroupOf group_of);

  uint32_t find(size_t row) {
    if (!cursor_.cells) return group_of_(row, by_period_ ? bucketer_.bucket(time_->i64[row]) : 0);
    if (by_period_) {
      int64_t t = time_->i64[row];
      if (t < cursor_.period_begin || t >= cursor_.period_end) {
        enter_period(t);
        if (!cursor_.cells) return find(row);
      }
    }
    size_t code = key_ ? (key_->valid[row] ? static_cast<size_t>(key_->codes[row]) + 1 : 0) : 0;
    uint32_t& cell = cursor_.cells[code];
    if (cell == kNoGroup) cell = group_of_(row, bucket_);
    return cell;
  }

  KernelGroups& cursor() { return cursor_; }

 private:
  static constexpr size_t kMaxCells = size_t{1} << 24;  // 64 MB of cells at most

  void enter_period(int64_t time);
  void enter_bucket(int64_t bucket);

  const Column* key_;
  const Column* time_;
  bool by_period_;
  PeriodBucketer& bucketer_;
  GroupOf group_of_;
  size_t width_;
  std::vector<uint32_t> cells_;  // width_ per period, in the order the periods were met
  std::unordered_map<int64_t, size_t> row_of_;  // period bucket -> its row of cells
  int64_t bucket_ = 0;  // the current period's
  bool gave_up_ = false;  // too many cells: none are kept
  uint32_t no_cells_ = kNoGroup;
  KernelGroups cursor_;
};

}  // namespace jixiao::rt
