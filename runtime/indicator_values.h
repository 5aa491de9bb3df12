// One indicator's values as columns (issue 13): entity keys as codes into the source's dictionaries,
// one label per period, value, count and status arrays, and evidence as offsets into one row array.
// Nothing is allocated per value; ValueRef reads one value out of the columns for those that want it
// whole (alerts, explain, messages).
//
// Values computed over a table read their entity names from that table's dictionaries: keep the tables
// while the values are read (a RunResult lives beside its Dataset).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/eval.h"
#include "runtime/scalar.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

enum class ValueStatus : uint8_t { Ok, Unsupported, Insufficient };
const char* status_name(ValueStatus s);

struct RowRef {
  int table;
  uint32_t row;
  bool operator==(const RowRef&) const = default;
  bool operator<(const RowRef& o) const { return table != o.table ? table < o.table : row < o.row; }
};

// One `by` column of an indicator's values. Over a table: each value's group key (runtime/group_finder.h:
// a dictionary code, a number's bits, an integer; kNullKey for null) read through the key column, with
// `extra` holding the names a `by x in S` list adds beyond its dictionary. Otherwise (composites, values
// made one at a time): the entities themselves.
struct EntityColumn {
  VType type = VType::Null;
  const Column* source = nullptr;
  std::vector<std::string> extra;
  std::vector<int64_t> keys;  // with a source
  std::vector<Scalar> scalars;  // without one
  Scalar at(size_t k) const;
  bool same(size_t k, const Scalar& s) const { return at(k) == s; }
};

// A column of typed values: numbers, integers (booleans, times, durations, dates) or texts.
struct ValueColumn {
  VType type = VType::Null;
  std::vector<uint8_t> valid;
  std::vector<double> f64;  // Num
  std::vector<int64_t> i64;  // Bool, Time, Dur, Date
  std::vector<std::string> str;  // Str
  size_t size() const { return valid.size(); }
  Scalar at(size_t k) const;
  bool is_valid(size_t k) const { return valid[k] != 0; }
  // A valid value as a number (Num, or an integer's value): what thresholds and baselines compare.
  double number(size_t k) const {
    return type == VType::Num ? f64[k] : i64.empty() ? 0.0 : static_cast<double>(i64[k]);
  }
  void push(const Scalar& s);
  // The cells of `v` in the order of `rows`.
  static ValueColumn gather(const Vec& v, const std::vector<uint32_t>& rows);
};

class IndicatorValues;

// One value, read out of its indicator's columns. A null ref (from lookups that find nothing) is false.
class ValueRef {
 public:
  ValueRef() = default;
  ValueRef(const IndicatorValues* values, size_t k) : values_(values), k_(k) {}
  explicit operator bool() const { return values_ != nullptr; }
  size_t index() const { return k_; }

  int indicator() const;
  Scalar entity(size_t c) const;
  std::vector<Scalar> entity() const;
  Micros period_start() const;
  const std::string& period() const;
  Scalar value() const;
  bool has_value() const;  // valid
  double number() const;  // a valid value as a number
  int64_t rows() const;
  int64_t evidence() const;
  ValueStatus status() const;
  // Each aggregate's result (kept when the run collects evidence: explain, --out).
  size_t aggregate_count() const;
  Scalar aggregate(size_t a) const;
  std::span<const RowRef> contributing() const;

 private:
  const IndicatorValues* values_ = nullptr;
  size_t k_ = 0;
};

// A value made whole, for IndicatorValues::append (composites, tests).
struct ValueParts {
  std::vector<Scalar> entity;
  Micros period_start = 0;
  std::string period;
  Scalar value;
  int64_t rows = 0;
  int64_t evidence = 0;
  ValueStatus status = ValueStatus::Ok;
  std::vector<Scalar> aggregates;
  std::vector<RowRef> contributing;
};

// One indicator's values, sorted by entity, then period.
class IndicatorValues {
 public:
  int indicator = -1;
  std::vector<EntityColumn> entity;  // one per `by` column
  std::vector<Micros> period_start;  // the bucket (0 for `all`)
  std::vector<uint32_t> period;  // into labels
  std::vector<std::string> labels;
  ValueColumn value;
  std::vector<int64_t> rows;  // rows of the group after `where`
  std::vector<int64_t> evidence;  // contributing rows that carry an evidence id
  std::vector<ValueStatus> status;
  std::vector<ValueColumn> aggregates;  // each aggregate's results, when kept
  // Value k's contributing rows are contributing_rows[contributing_end[k - 1] .. contributing_end[k]),
  // when collected (contributing_end is empty otherwise).
  std::vector<uint32_t> contributing_end;
  std::vector<RowRef> contributing_rows;

  size_t size() const { return period_start.size(); }
  bool empty() const { return period_start.empty(); }
  ValueRef operator[](size_t k) const { return ValueRef(this, k); }

  // Adds one value at the end (the caller keeps the order); `width` entity columns are made on the first.
  void append(ValueParts&& v);

  class iterator {
   public:
    using value_type = ValueRef;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const IndicatorValues* v, size_t k) : v_(v), k_(k) {}
    ValueRef operator*() const { return ValueRef(v_, k_); }
    iterator& operator++() {
      ++k_;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++k_;
      return old;
    }
    bool operator==(const iterator& o) const { return k_ == o.k_; }

   private:
    const IndicatorValues* v_ = nullptr;
    size_t k_ = 0;
  };
  iterator begin() const { return iterator(this, 0); }
  iterator end() const { return iterator(this, size()); }

 private:
  std::unordered_map<std::string, uint32_t> label_index_;  // append's: labels by text
};

inline int ValueRef::indicator() const { return values_->indicator; }
inline Scalar ValueRef::entity(size_t c) const { return values_->entity[c].at(k_); }
inline Micros ValueRef::period_start() const { return values_->period_start[k_]; }
inline const std::string& ValueRef::period() const { return values_->labels[values_->period[k_]]; }
inline Scalar ValueRef::value() const { return values_->value.at(k_); }
inline bool ValueRef::has_value() const { return values_->value.is_valid(k_); }
inline double ValueRef::number() const { return values_->value.number(k_); }
inline int64_t ValueRef::rows() const { return values_->rows[k_]; }
inline int64_t ValueRef::evidence() const { return values_->evidence[k_]; }
inline ValueStatus ValueRef::status() const { return values_->status[k_]; }
inline size_t ValueRef::aggregate_count() const { return values_->aggregates.size(); }
inline Scalar ValueRef::aggregate(size_t a) const { return values_->aggregates[a].at(k_); }

}  // namespace jixiao::rt
