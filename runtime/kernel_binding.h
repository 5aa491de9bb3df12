// Binding a compiled kernel to a table: fills its argument slots (runtime/kernel_abi.h) with the table's
// columns, the per-dictionary-code tables of its text comparisons (computed with the interpreter, so the
// compiled lookups give the interpreter's very answers), its time constants read in the project zone and
// the zone helper. Runtime work: the JIT (compiler/jit) only makes the code and its layout.
#pragma once
#include <memory>

#include "runtime/kernel_abi.h"
#include "runtime/kernels.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

// `fns` over `table`, its slots laid out by `layout`, local times in `tz`. Null when the table's columns
// are not the layout's (the interpreter then runs the rule) or a time constant does not parse (the
// interpreter reports the bad literal).
std::unique_ptr<IndicatorKernel> bind_kernel(const KernelFns& fns, const KernelLayout& layout, const Table& table,
                                             const TimeZone& tz);

}  // namespace jixiao::rt
