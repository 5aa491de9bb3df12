// Evaluating a program plan over loaded tables: indicator values with their evidence, and alerts.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/eval.h"
#include "runtime/indicator_values.h"
#include "runtime/kernels.h"
#include "runtime/scalar.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

struct AlertEvent {
  int alert = -1;
  std::vector<std::pair<std::string, Scalar>> entity;
  std::optional<std::string> period;
  Micros period_start = 0;
  Scalar value;
  bool firing = true;
  int64_t row = -1;  // row alerts: the row of the alert's table that raised it
};

struct RunOptions {
  Micros as_of = 0;
  bool collect_evidence = false;  // keep every value's contributing rows (results store, explain)
  KernelProvider* kernels = nullptr;  // compiled indicator loops (the JIT); null: interpret everything
};

struct RunResult {
  std::vector<IndicatorValues> values;  // per indicator of the plan, sorted by entity, period
  std::vector<AlertEvent> alerts;
};

// `tables` is parallel to plan.tables (chain tables already computed).
RunResult evaluate_program(const plan::ProgramPlan& plan, const std::vector<Table>& tables, const TimeZone& tz,
                           const RunOptions& options);

}  // namespace jixiao::rt
