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
#include "runtime/table.h"

namespace jixiao::jit {

using plan::VType;

// A comparison of a text column with a text constant (or membership in a list of text constants),
// answered by one byte per dictionary code (1 = true); the bytes are computed when the kernel is bound.
struct CodeTable {
  int column = -1;
  plan::PlanOp op = plan::PlanOp::Eq;  // Eq ... Ge, In, NotIn
  bool constant_left = false;          // `"x" < column` rather than `column < "x"`
  std::string constant;
  std::vector<std::string> list;       // In, NotIn
  // Set for a condition over this one text column and constants that uses a text function (`lower`,
  // `len`, `contains`, `contains_any`, `matches`, `coalesce`...): the interpreter evaluates it once per
  // dictionary code when the kernel is bound (the plan with its root at the condition). Its table has
  // one byte per code plus one for null, first: bit 0 = known, bit 1 = true.
  plan::ExprPlan predicate;
};

// One row expression of the compiled subset.
struct ExprSpec {
  plan::ExprPlan plan;                 // a copy: the spec outlives the program plan it came from
  std::vector<VType> types;            // per node: the interpreter's Vec type
  std::vector<int> code_table;         // per node: index into IndicatorSpec::code_tables, or -1
  std::vector<int> time_constant;      // per node: index into IndicatorSpec::time_constants, or -1
  std::vector<int64_t> date_value;     // per node: a date constant's days since 1970-01-01
  bool present = false;
  int root() const { return plan.root; }
};

struct AggregateSpec {
  stdlib::BuiltinId fn = stdlib::BuiltinId::Count;
  ExprSpec input;   // absent for count()
  ExprSpec filter;  // absent without `where`
};

// What a kernel scans for: an indicator (select + update), or a row selection alone: the rows of a row
// alert (`from` a table: `when` selects them) or the events a chain node's `when` matches.
enum class ScanKind : uint8_t { Indicator, RowAlert, ChainNode };

struct IndicatorSpec {
  ScanKind kind = ScanKind::Indicator;
  int indicator = -1;                      // the indicator's, the alert's or the chain's index
  int node = -1;                           // ChainNode: the node's index in its chain
  std::string name;
  std::vector<rt::ColumnKind> columns;     // storage of every column of the scanned table
  int time_column = -1;                    // the table's time column, or -1
  bool by_period = false;                  // `every`: a row without a time is in no period
  // How an indicator kernel finds a row's group (runtime/kernels.h, KernelGroups): with dense groups
  // (keyed by at most one dictionary-coded column: `group_column`, -1 without `by`) it reads the group
  // from the current period's cells by the key's code; otherwise it asks the runtime for every row.
  bool dense_groups = false;
  int group_column = -1;
  ExprSpec where;
  std::vector<AggregateSpec> aggregates;
  std::vector<CodeTable> code_tables;
  std::vector<std::string> time_constants; // timestamp literals, read in the project zone when bound;
                                           // kDatePrefix + a date: its local midnight
  bool uses_zone = false;                  // date/weekday/hour_of of a timestamp: the zone's offsets,
                                           // through a helper bound with the kernel (ZoneIntervalFn)
  std::string key;                         // everything the generated code depends on, as text
};

inline constexpr const char* kDatePrefix = "date:";

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

// The zone helper a kernel calls through its argument slots (never an address baked into the object
// code, which is cached on disk): writes the project zone's offset interval holding `utc` as
// out[0] = begin, out[1] = end (instants, [begin, end)) and out[2] = the offset in microseconds, so that
// to_local(utc) == utc + out[2] for every utc in the interval (runtime/time/time.h interval_at).
using ZoneIntervalFn = void (*)(const void* zone, int64_t utc, int64_t* out) noexcept;

// Argument slots of a kernel (`const void* const* args`): per column its validity bytes and values,
// then one byte table per CodeTable, then a pointer to each timestamp constant's int64, then (with
// uses_zone) the zone helper (a ZoneIntervalFn) and its context.
inline size_t valid_slot(size_t column) { return 2 * column; }
inline size_t data_slot(size_t column) { return 2 * column + 1; }
inline size_t table_slot(const IndicatorSpec& s, size_t table) { return 2 * s.columns.size() + table; }
inline size_t time_constant_slot(const IndicatorSpec& s, size_t c) { return 2 * s.columns.size() + s.code_tables.size() + c; }
inline size_t zone_fn_slot(const IndicatorSpec& s) { return 2 * s.columns.size() + s.code_tables.size() + s.time_constants.size(); }
inline size_t zone_ctx_slot(const IndicatorSpec& s) { return zone_fn_slot(s) + 1; }
inline size_t slot_count(const IndicatorSpec& s) { return zone_fn_slot(s) + (s.uses_zone ? 2 : 0); }

}  // namespace jixiao::jit
