// The kernel ABI: what compiled machine code and the runtime that calls it agree on, at the level of
// pointers and bytes. The entry points' types, the structs they read and write, and the argument slots
// (which pointer sits where in `args`), expressed over a KernelLayout that the JIT fills when it
// analyses a plan (compiler/jit/kernel_spec.h, IndicatorSpec::layout) and the runtime reads when it binds
// a kernel to a table (runtime/kernel_binding.h). The code generator (compiler/jit/codegen.cpp) reads
// the same slots, so the two sides cannot disagree.
//
// A header of its own rather than part of runtime/kernels.h: kernels.h is the object-level interface the
// engine calls (IndicatorKernel, KernelProvider) and is read by every runner; this is the contract
// generated code is compiled against, which the engine never needs to see beyond the two structs it
// fills (KernelAggState, KernelGroups). Changing anything here changes what generated code reads:
// bump kCodegenVersion in compiler/jit/codegen.cpp, or cached kernels would read the old layout.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/table.h"

namespace jixiao::rt {

// The per-group running state of one aggregate as plain arrays indexed by group id (the fields of the
// interpreter's AggState that count, sum, avg, min, max and share use). The runtime sizes the arrays
// to the number of groups before each call; a kernel updates them in place.
struct KernelAggState {
  int64_t* count = nullptr;
  int64_t* total = nullptr;
  double* sum = nullptr;
  double* best = nullptr;
  uint8_t* has = nullptr;
};

// Where an indicator kernel finds the group of each row it selects (the runtime's GroupFinder fills it
// and keeps it current). For an indicator keyed by at most one dictionary-coded column (dense groups,
// decided by the JIT: compiler/jit/kernel_spec.h), the kernel reads the group from `cells` and calls back
// only for a new period or a new group; otherwise it calls `group_of` for every row.
inline constexpr uint32_t kNoGroup = UINT32_MAX;
struct KernelGroups {
  int64_t period_begin = 0;  // the current period: the instants in [period_begin, period_end)
  int64_t period_end = 0;
  uint32_t* cells = nullptr;  // its groups by key code + 1 (0: a null key; keyless: 0); kNoGroup: not yet known
  int64_t* rows = nullptr;  // rows per group: the kernel adds one for each row it selects
  uint32_t* group_ids = nullptr;  // out: the group of each selected row, in selection order
  void* finder = nullptr;  // the runtime's, passed back to the two functions below
  void (*enter_period)(void* finder, int64_t time) = nullptr;  // makes the period holding `time` current
  uint32_t (*group_of)(void* finder, uint64_t row) = nullptr;  // the group of `row`, made if it is new
};

// The two entry points of a kernel (runtime/kernels.h, IndicatorKernel, says what they do); `args` holds
// the slots below.
using SelectFn = uint64_t (*)(const void* const* args, uint64_t begin, uint64_t n, int64_t as_of, uint32_t* selection);
using UpdateFn = void (*)(const void* const* args, uint64_t begin, const uint32_t* selection, uint64_t count,
                          KernelGroups* groups, const KernelAggState* states, uint8_t* contributed);
struct KernelFns {
  SelectFn select = nullptr;
  UpdateFn update = nullptr;
};

// The zone helper a kernel calls through its argument slots (never an address baked into the object
// code, which is cached on disk): writes the project zone's offset interval holding `utc` as
// out[0] = begin, out[1] = end (instants, [begin, end)) and out[2] = the offset in microseconds, so that
// to_local(utc) == utc + out[2] for every utc in the interval (runtime/time/time.h interval_at).
using ZoneIntervalFn = void (*)(const void* zone, int64_t utc, int64_t* out) noexcept;

// A comparison of a text column with a text constant (or membership in a list of text constants),
// answered by one byte per dictionary code (1 = true); the bytes are computed when the kernel is bound.
struct CodeTable {
  int column = -1;
  plan::PlanOp op = plan::PlanOp::Eq;  // Eq ... Ge, In, NotIn
  bool constant_left = false;  // `"x" < column` rather than `column < "x"`
  std::string constant;
  std::vector<std::string> list;  // In, NotIn
  // Set for a condition over this one text column and constants that uses a text function (`lower`,
  // `len`, `contains`, `contains_any`, `matches`, `coalesce`...): the interpreter evaluates it once per
  // dictionary code when the kernel is bound (the plan with its root at the condition). Its table has
  // one byte per code plus one for null, first: bit 0 = known, bit 1 = true.
  plan::ExprPlan predicate;
};

// A time constant that is a date rather than a timestamp: kDatePrefix + the date, bound to its local
// midnight in the project zone.
inline constexpr const char* kDatePrefix = "date:";

// What a kernel's arguments are made of, and what binding must compute for them.
struct KernelLayout {
  std::vector<ColumnKind> columns;  // storage of every column of the scanned table
  std::vector<CodeTable> code_tables;
  std::vector<std::string> time_constants;  // timestamp literals, read in the project zone when bound;
      // kDatePrefix + a date: its local midnight
  bool uses_zone = false;  // date/weekday/hour_of of a timestamp: the zone's offsets,
      // through a helper bound with the kernel (ZoneIntervalFn)
};

// Argument slots of a kernel (`const void* const* args`): per column its validity bytes and values,
// then one byte table per CodeTable, then a pointer to each timestamp constant's int64, then (with
// uses_zone) the zone helper (a ZoneIntervalFn) and its context.
inline size_t valid_slot(size_t column) { return 2 * column; }
inline size_t data_slot(size_t column) { return 2 * column + 1; }
inline size_t table_slot(const KernelLayout& l, size_t table) { return 2 * l.columns.size() + table; }
inline size_t time_constant_slot(const KernelLayout& l, size_t c) {
  return 2 * l.columns.size() + l.code_tables.size() + c;
}
inline size_t zone_fn_slot(const KernelLayout& l) {
  return 2 * l.columns.size() + l.code_tables.size() + l.time_constants.size();
}
inline size_t zone_ctx_slot(const KernelLayout& l) { return zone_fn_slot(l) + 1; }
inline size_t slot_count(const KernelLayout& l) { return zone_fn_slot(l) + (l.uses_zone ? 2 : 0); }

}  // namespace jixiao::rt
