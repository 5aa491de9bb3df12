// Vector-at-a-time evaluation of plan expressions (the interpreter: the reference semantics).
//
// A `Vec` holds one value per row of a batch. Three-valued logic: a bool is 0/1 in `i64` with
// `valid` = 0 for unknown; every other null is `valid` = 0 as well.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.h"
#include "compiler/plan/plan.h"
#include "runtime/calendar/calendar.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

using plan::VType;

struct Vec {
  VType type = VType::Null;
  std::vector<uint8_t> valid;
  std::vector<double> f64;  // Num
  std::vector<int64_t> i64;  // Bool, Time, Dur, Date
  std::vector<std::string_view> str;  // Str (views into dictionaries, constants or the arena)
  size_t size() const { return valid.size(); }
  void resize(size_t n, VType t);
};

// Where leaves come from. A batch is rows [begin, begin + n) of a table (or of a group list).
class LeafSource {
 public:
  virtual ~LeafSource() = default;
  virtual void column(int index, size_t begin, size_t n, Vec& out) = 0;
  virtual void aggregate(int, size_t, size_t, Vec&) { JX_UNREACHABLE("no aggregates here"); }
  virtual void indicator(int, size_t, size_t, Vec&) { JX_UNREACHABLE("no indicators here"); }
  virtual void series(const plan::PlanNode&, size_t, size_t, Vec&) { JX_UNREACHABLE("no series here"); }
};

// Leaves read straight from a table's columns: the scan of indicators, chains and row alerts.
class TableLeaves : public LeafSource {
 public:
  TableLeaves(const Table& t, const plan::TablePlan& tp) : t_(t), tp_(tp) {}
  void column(int index, size_t begin, size_t n, Vec& out) override;

 private:
  const Table& t_;
  const plan::TablePlan& tp_;
};

// The column that says when each row happened, as instants: the time column itself when it holds
// timestamps; for a date column, a copy holding each date's local midnight in the project zone (the
// time column decides the period a row falls in, whichever of the two it is).
class EventTimes {
 public:
  EventTimes(const Table& t, int time_column, const TimeZone& tz);
  const Column* get() const { return column_; }  // null when the table has no time column

 private:
  Column converted_;
  const Column* column_ = nullptr;
};

struct EvalContext {
  const TimeZone* tz = nullptr;
  std::deque<std::string>* arena = nullptr;  // storage for strings computed during evaluation
  // The program's calendars (program_calendars.h) for `work_between`; null where no expression can
  // name one (evaluating such an expression without them is a bug, and says so).
  const std::vector<WorkSchedule>* calendars = nullptr;
};

// Evaluates `plan` over n rows starting at `begin`.
void evaluate(const plan::ExprPlan& plan, LeafSource& leaves, size_t begin, size_t n, const EvalContext& ctx, Vec& out);

// Reads a column of a table into a Vec (strings as views into the column's dictionary).
void read_column(const Column& col, VType type, size_t begin, size_t n, Vec& out);

// `true` rows of a condition (unknown counts as false), as a selection of offsets into the batch.
void select_true(const Vec& cond, std::vector<uint32_t>& selection);

}  // namespace jixiao::rt
