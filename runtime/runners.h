// The two executors evaluate_program (engine.cpp) drives: IndicatorRunner computes each indicator's
// values (a scan of its table, or a composite of other indicators' values); AlertRunner raises alerts over
// those values or over a table's rows. Their bodies live in indicator_runner.cpp and alert_runner.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/engine.h"
#include "runtime/group_table.h"

namespace jixiao::rt {

// Rows per batch: the interpreter's vectors and each call of a compiled kernel.
inline constexpr size_t kBatch = 2048;

// Indicator values, one indicator at a time in plan order: a composite reads its components' values in
// `done`, computed before it.
class IndicatorRunner {
 public:
  IndicatorRunner(const plan::ProgramPlan& plan, const std::vector<Table>& tables, const TimeZone& tz,
                  const std::vector<WorkSchedule>& calendars, const RunOptions& opts,
                  const std::vector<IndicatorValues>& done)
      : plan_(plan), tables_(tables), tz_(tz), calendars_(calendars), opts_(opts), done_(done) {}

  IndicatorValues run(int index);

 private:
  // An indicator over a table: one scan that groups rows and updates aggregate states, then the value
  // expression once per group.
  IndicatorValues simple(int index, const plan::IndicatorPlan& ip);

  // `by x in S`: every listed entity gets a group in every period, even with no rows.
  void add_listed_entities(const plan::IndicatorPlan& ip, const Table& t, const GroupTable& groups,
                           const std::function<uint32_t(const int64_t*)>& add_group, PeriodBucketer& bucketer,
                           bool by_period, std::vector<std::vector<std::string>>& extra_names);

  // An indicator over other indicators' values, per (entity, period) of any of its components.
  IndicatorValues composite(int index, const plan::IndicatorPlan& ip);

 public:
  // Indicators whose values keep their contributing rows even without collect_evidence (components of
  // composites, the indicators of alerts with tasks); evaluate_program fills it.
  std::set<int> needs_rows_;

 private:
  const plan::ProgramPlan& plan_;
  const std::vector<Table>& tables_;
  const TimeZone& tz_;
  const std::vector<WorkSchedule>& calendars_;
  const RunOptions& opts_;
  const std::vector<IndicatorValues>& done_;
};

// ---- alerts over indicator values -----------------------------------------------------------------

// Alerts, one at a time, once every indicator has its values.
class AlertRunner {
 public:
  AlertRunner(const plan::ProgramPlan& plan, const std::vector<Table>& tables, const TimeZone& tz,
              const std::vector<WorkSchedule>& calendars, const RunOptions& opts,
              const std::vector<IndicatorValues>& values)
      : plan_(plan),
        tables_(tables),
        tz_(tz),
        calendars_(calendars),
        opts_(opts),
        values_(values),
        index_(values.size()) {}

  void run(int a, std::vector<AlertEvent>& out);

 private:
  // The value of `indicator` for (entity, period), or null.
  ValueRef value_at(int indicator, const std::vector<Scalar>& entity, Micros period) const;

  // A `baseline` over the trailing window before v's period (a value kept in scratch_), or null.
  ValueRef baseline(const plan::PlanNode& node, ValueRef v);

  // Whether v misses its indicator's target; none without a target or a bound.
  std::optional<bool> misses_target(int indicator, ValueRef v);

  // Alerts with `from`: one instance per row where the condition holds.
  void rows(int a, const plan::AlertPlan& ap, std::vector<AlertEvent>& out);

  static Scalar cell(const Table& t, const plan::TablePlan& tp, int c, size_t row);

  const plan::ProgramPlan& plan_;
  const std::vector<Table>& tables_;
  const TimeZone& tz_;
  const std::vector<WorkSchedule>& calendars_;
  const RunOptions& opts_;
  const std::vector<IndicatorValues>& values_;
  mutable std::vector<std::optional<std::map<std::pair<std::vector<Scalar>, Micros>, ValueRef>>> index_;
  IndicatorValues scratch_;
};

}  // namespace jixiao::rt
