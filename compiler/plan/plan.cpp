#include "compiler/plan/plan.h"

namespace jixiao::plan {

const char* vtype_name(VType t) {
  switch (t) {
    case VType::Null: return "null";
    case VType::Bool: return "bool";
    case VType::Num: return "number";
    case VType::Time: return "timestamp";
    case VType::Dur: return "duration";
    case VType::Date: return "date";
    case VType::Str: return "text";
    case VType::List: return "list";
  }
  return "?";
}

const char* op_name(PlanOp op) {
  switch (op) {
    case PlanOp::Const: return "const";
    case PlanOp::Column: return "column";
    case PlanOp::AggResult: return "aggregate";
    case PlanOp::Indicator: return "indicator";
    case PlanOp::Neg: return "neg";
    case PlanOp::Not: return "not";
    case PlanOp::Add: return "add";
    case PlanOp::Sub: return "sub";
    case PlanOp::Mul: return "mul";
    case PlanOp::Div: return "div";
    case PlanOp::Eq: return "eq";
    case PlanOp::Ne: return "ne";
    case PlanOp::Lt: return "lt";
    case PlanOp::Le: return "le";
    case PlanOp::Gt: return "gt";
    case PlanOp::Ge: return "ge";
    case PlanOp::And: return "and";
    case PlanOp::Or: return "or";
    case PlanOp::In: return "in";
    case PlanOp::NotIn: return "not_in";
    case PlanOp::IsNull: return "is_null";
    case PlanOp::IsNotNull: return "is_not_null";
    case PlanOp::Call: return "call";
    case PlanOp::Previous: return "previous";
    case PlanOp::Baseline: return "baseline";
    case PlanOp::Deviates: return "deviates";
    case PlanOp::MissesTarget: return "misses_target";
  }
  return "?";
}
}  // namespace jixiao::plan
