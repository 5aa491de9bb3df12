// Compiled kernels as the runtime sees them: an interface that the JIT (compiler/jit) implements, so
// that the runtime never depends on the JIT. An indicator whose plan a provider cannot compile has no
// kernel; the interpreter runs it, with the same results. What machine code itself sees (the entry
// points, the structs they share with the runtime, the argument slots) is runtime/kernel_abi.h; binding a
// compiled kernel to a table is runtime/kernel_binding.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "runtime/kernel_abi.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

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
