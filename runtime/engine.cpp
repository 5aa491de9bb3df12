// The engine's entry point: evaluate_program runs every indicator (IndicatorRunner), then every alert
// (AlertRunner) over the values; the pieces live beside it (scalar, group_finder, agg_state, runners.h with
// indicator_runner.cpp and alert_runner.cpp).
#include "runtime/engine.h"

#include "runtime/program_calendars.h"
#include "runtime/runners.h"

namespace jixiao::rt {

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
