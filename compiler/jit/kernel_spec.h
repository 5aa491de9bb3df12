// What the JIT compiles, decided without LLVM: an indicator's plan is checked against the compiled
// subset and annotated with the interpreter's runtime type of every expression node (runtime/eval.cpp
// decides types from its operands' Vec types, which may differ from PlanNode::type), so that the
// generated code reproduces the interpreter exactly. Anything outside the subset gets a reason and
// stays with the interpreter.
//
// The compiled subset: `where`, aggregate filters and inputs built from column reads, constants,
// + - * / and unary -, comparisons, and / or / not (three-valued), is [not] null, [not] in a list of
// constants; text compared with a constant through a per-dictionary-code table made when the kernel is
// bound to a table; the scalar functions abs, floor, ceil, round, hours, minutes, days, if, coalesce,
// least, greatest (arguments of one runtime type, not text), date, weekday and hour_of; aggregates
// count, count(x), sum, avg, min, max (not of text) and share.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/kernel_abi.h"

namespace jixiao::jit {

using plan::VType;

// One row expression of the compiled subset.
struct ExprSpec {
  plan::ExprPlan plan;  // a copy: the spec outlives the program plan it came from
  std::vector<VType> types;  // per node: the interpreter's Vec type
  std::vector<int> code_table;  // per node: index into the layout's code_tables, or -1
  std::vector<int> time_constant;  // per node: index into the layout's time_constants, or -1
  std::vector<int64_t> date_value;  // per node: a date constant's days since 1970-01-01
  bool present = false;
  int root() const { return plan.root; }
};

struct AggregateSpec {
  stdlib::BuiltinId fn = stdlib::BuiltinId::Count;
  ExprSpec input;  // absent for count()
  ExprSpec filter;  // absent without `where`
};

// What a kernel scans for: an indicator (select + update), or a row selection alone: the rows of a row
// alert (`from` a table: `when` selects them) or the events a chain node's `when` matches.
enum class ScanKind : uint8_t { Indicator, RowAlert, ChainNode };

struct IndicatorSpec {
  ScanKind kind = ScanKind::Indicator;
  int indicator = -1;  // the indicator's, the alert's or the chain's index
  int node = -1;  // ChainNode: the node's index in its chain
  std::string name;
  // The kernel's argument slots and what binding fills them with (runtime/kernel_abi.h): the scanned
  // table's column kinds, the code tables, the time constants, the zone helper.
  rt::KernelLayout layout;
  int time_column = -1;  // the table's time column, or -1
  bool by_period = false;  // `every`: a row without a time is in no period
  // How an indicator kernel finds a row's group (runtime/kernel_abi.h, KernelGroups): with dense groups
  // (keyed by at most one dictionary-coded column: `group_column`, -1 without `by`) it reads the group
  // from the current period's cells by the key's code; otherwise it asks the runtime for every row.
  bool dense_groups = false;
  int group_column = -1;
  ExprSpec where;
  std::vector<AggregateSpec> aggregates;
  std::string key;  // everything the generated code depends on, as text
};

struct Analysis {
  std::optional<IndicatorSpec> spec;
  std::string reason;  // why not, when there is no spec
};

// Whether indicator `index` of `plan` can be compiled, and the annotated spec when it can.
Analysis analyse_indicator(const plan::ProgramPlan& plan, int index);
// The same for the row selection of alert `index` (an alert `from` a table; others have no kernel).
Analysis analyse_row_alert(const plan::ProgramPlan& plan, int index);
// The same for the `when` of node `node` of chain `chain` over the chain's source table (a node without
// `when` matches its step value by name and has no kernel).
Analysis analyse_chain_node(const plan::ProgramPlan& plan, int chain, int node);

}  // namespace jixiao::jit
