// The results of a run as the records of `run --format json` (docs/results-schema.md): ingest, indicator, step
// and alert records, in the deterministic order that makes outputs diff cleanly.
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"

namespace jixiao::rt {

using Record = nlohmann::ordered_json;

// A value in base units: ratios as fractions, durations in seconds, timestamps ISO 8601 with the
// project zone's offset, null as null.
nlohmann::ordered_json value_json(const Scalar& s, const TimeZone& tz);

std::vector<Record> result_records(const plan::ProgramPlan& plan, const Dataset& data, const RunResult& result,
                                   const TimeZone& tz);

}  // namespace jixiao::rt
