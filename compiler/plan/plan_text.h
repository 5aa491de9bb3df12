// Plans as text (`jixiao dump plan`): what the runtime and the JIT will execute, for the people who
// debug a rule ("why is this value null?") and for golden tests of lowering. Expressions are printed as
// typed S-expressions over column names: `(div:number (agg 0) (agg 1))`, `(eq:bool result:text "NG")`.
#pragma once
#include <string>

#include "compiler/plan/plan.h"

namespace jixiao::plan {

std::string plan_text(const ProgramPlan& plan);

}  // namespace jixiao::plan
