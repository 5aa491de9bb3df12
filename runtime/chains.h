// Process chains (docs/language-reference.md, chains): from a source's events to one step row per case and
// node, with the node's clock, deadline, status and band. The rows fill the chain's table, which indicators and
// alerts then read like any source.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/calendar/calendar.h"
#include "runtime/kernels.h"
#include "runtime/program_calendars.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

struct ChainStats {
  int64_t out_of_order = 0;  // reached nodes entered before the node their clock starts from
};

// A step's deadline as a (working) duration from `started`, to compare with its duration or elapsed time
// (nullopt without `within`), and the band of an elapsed time (the node's own bands, else the chain's):
// as compute_chains reckons them, so a step row's earlier states can be rebuilt (alert times).
std::optional<Micros> step_limit(const plan::ChainPlan& chain, const plan::NodePlan& node, Micros started,
                                 const std::vector<WorkSchedule>& calendars);
std::optional<std::string> step_band(const plan::ChainPlan& chain, const plan::NodePlan& node, Micros elapsed);

// Fills tables[chain.table] for every chain of the plan from the tables of their sources. Node `when`
// predicates run as compiled kernels where `kernels` has them, else in the interpreter. The cases are
// split between `threads` threads; the tables do not depend on how many.
std::vector<ChainStats> compute_chains(const plan::ProgramPlan& plan, std::vector<Table>& tables, const TimeZone& tz,
                                       const std::vector<BusinessCalendar>& calendars, Micros as_of,
                                       KernelProvider* kernels = nullptr, unsigned threads = 1);

}  // namespace jixiao::rt
