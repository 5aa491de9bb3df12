// Compiled kernels as the runtime sees them: an interface that the JIT (compiler/jit) implements, so
// that the runtime never depends on the JIT. An indicator whose plan a provider cannot compile has no
// kernel; the interpreter runs it, with the same results.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "runtime/table.h"
#include "runtime/time/time.h"

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
// and keeps it current). For an indicator keyed by at most one dictionary-coded column (`kernel_spec.h`,
// dense groups), the kernel reads the group from `cells` and calls back only for a new period or a new
// group; otherwise it calls `group_of` for every row.
inline constexpr uint32_t kNoGroup = UINT32_MAX;
struct KernelGroups {
  int64_t period_begin = 0;     // the current period: the instants in [period_begin, period_end)
  int64_t period_end = 0;
  uint32_t* cells = nullptr;    // its groups by key code + 1 (0: a null key; keyless: 0); kNoGroup: not yet known
  int64_t* rows = nullptr;      // rows per group: the kernel adds one for each row it selects
  uint32_t* group_ids = nullptr;  // out: the group of each selected row, in selection order
  void* finder = nullptr;         // the runtime's, passed back to the two functions below
  void (*enter_period)(void* finder, int64_t time) = nullptr;  // makes the period holding `time` current
  uint32_t (*group_of)(void* finder, uint64_t row) = nullptr;  // the group of `row`, made if it is new
};

// One indicator's row loops, bound to one table. A batch is rows [begin, begin + n).
class IndicatorKernel {
 public:
  virtual ~IndicatorKernel() = default;
  // Writes the offsets (into the batch) of the rows that pass `where` and are not after `as_of` (with
  // `every`, a row without a time is in no period) to `selection`, which holds n entries; returns how
  // many there are.
  virtual size_t select(size_t begin, size_t n, Micros as_of, uint32_t* selection) = 0;
  // One loop over the selected rows: finds each row's group through `groups` (adding the row to the
  // group's row count and writing its id to groups.group_ids), evaluates every aggregate's filter and
  // input and updates states[a] at the group; sets contributed[s] to 1 when the row was taken in by at
  // least one aggregate (and leaves it alone otherwise). The state arrays must have room for every group
  // the batch can make (the runtime sizes them to the groups so far plus the batch's rows).
  virtual void update(size_t begin, const uint32_t* selection, size_t count, KernelGroups& groups,
                      const KernelAggState* states, uint8_t* contributed) = 0;
};

class KernelProvider {
 public:
  virtual ~KernelProvider() = default;
  // The compiled loop of indicator `index` (of the plan the provider was made for) bound to `table`,
  // or null when there is none: the interpreter then evaluates it.
  virtual std::unique_ptr<IndicatorKernel> indicator(int index, const Table& table) = 0;
  // The compiled row selection of alert `index` (an alert `from` a table) bound to `table`: its
  // `select` keeps the rows where `when` holds and that are not after `as_of`; `update` is not used.
  // Null: the interpreter evaluates `when`.
  virtual std::unique_ptr<IndicatorKernel> row_alert(int index, const Table& table) = 0;
  // The compiled `when` of node `node` of chain `chain` bound to the chain's source table: `select`
  // (with as_of = INT64_MAX) keeps the events the node's `when` matches. Null: the interpreter.
  virtual std::unique_ptr<IndicatorKernel> chain_node(int chain, int node, const Table& source) = 0;
};

}  // namespace jixiao::rt
