// The cold half of group finding: turning a key back into a Scalar, and GroupFinder's set-up and its
// move to a new period (once per period met, or never again once the cells grow too large).
#include "runtime/group_finder.h"

#include <limits>

namespace jixiao::rt {

Scalar key_scalar(const Column& c, VType type, int64_t key, const std::vector<std::string>& extra) {
  Scalar s;
  s.type = type;
  if (key == kNullKey) return s;
  s.valid = true;
  switch (c.kind) {
    case ColumnKind::String:
    case ColumnKind::Enum:
      s.str = static_cast<size_t>(key) < c.dict().size() ? c.dict()[key] : extra[key - c.dict().size()];
      break;
    case ColumnKind::Number: std::memcpy(&s.num, &key, sizeof key); break;
    case ColumnKind::Int:
      s.num = static_cast<double>(key);
      s.i64 = key;
      s.integral = true;
      break;
    default: s.i64 = key;
  }
  return s;
}

GroupFinder::GroupFinder(bool dense, const Column* key, const Column* time, bool by_period, PeriodBucketer& bucketer,
                         GroupOf group_of)
    : key_(key),
      time_(time),
      by_period_(by_period),
      bucketer_(bucketer),
      group_of_(std::move(group_of)),
      width_(key ? key->dict().size() + 1 : 1) {
  cursor_.finder = this;
  cursor_.enter_period = [](void* self, int64_t time) { static_cast<GroupFinder*>(self)->enter_period(time); };
  cursor_.group_of = [](void* self, uint64_t row) { return static_cast<GroupFinder*>(self)->find(row); };
  if (!dense) return;
  if (by_period_) {
    cursor_.cells = &no_cells_;  // an empty period: the first row enters its own
  } else {
    cursor_.period_begin = std::numeric_limits<int64_t>::min();
    cursor_.period_end = std::numeric_limits<int64_t>::max();
    enter_bucket(0);
  }
}

void GroupFinder::enter_period(int64_t time) {
  if (gave_up_) return;
  PeriodBucketer::Span span = bucketer_.span(time);
  cursor_.period_begin = span.begin;
  cursor_.period_end = span.end;
  enter_bucket(span.bucket);
}

void GroupFinder::enter_bucket(int64_t bucket) {
  bucket_ = bucket;
  auto [it, fresh] = row_of_.try_emplace(bucket, row_of_.size());
  if (fresh) {
    if (row_of_.size() * width_ > kMaxCells) {  // from now on every row asks the GroupTable
      gave_up_ = true;
      cursor_.cells = nullptr;
      cursor_.period_begin = std::numeric_limits<int64_t>::min();  // no kernel calls enter_period again
      cursor_.period_end = std::numeric_limits<int64_t>::max();
      std::vector<uint32_t>().swap(cells_);
      return;
    }
    cells_.resize(row_of_.size() * width_, kNoGroup);
  }
  cursor_.cells = cells_.data() + it->second * width_;
}

}  // namespace jixiao::rt
