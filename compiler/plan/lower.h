// Lowering: the checked program (compiler/check) to the plans of plan.h. The only bridge between the
// checker and everything after it: the CLI, `jixiao test` and the tests call it; the runtime and the JIT
// see only plans.
#pragma once
#include "compiler/check/check.h"
#include "compiler/plan/plan.h"

namespace jixiao::plan {

// Lowers a program that checked without errors.
ProgramPlan lower(const check::Program& program);
// Lowers one checked expression that reads no columns (a test's literal).
ExprPlan lower_literal(const check::Program& program, FileId file, ast::ExprId expr);

}  // namespace jixiao::plan
