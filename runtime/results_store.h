// The results store: one SQLite file holding what a run computed, so that any number can be traced
// back to its rule and its evidence rows later (docs/results-schema.md describes the tables).
#pragma once
#include <filesystem>
#include <string>

#include "runtime/dataset.h"
#include "runtime/engine.h"

namespace jixiao::rt {

struct RunInfo {
  std::string project;      // the project path
  std::string rules_hash;   // a hash of the rule files' text: which version computed the values
  Micros as_of = 0;
  std::string engine = "interp";
};

// Writes (replacing any earlier content of the same tables) the run into `path`. Throws on I/O errors.
void write_results(const std::filesystem::path& path, const plan::ProgramPlan& plan, const Dataset& data,
                   const RunResult& result, const TimeZone& tz, const RunInfo& info);

}  // namespace jixiao::rt
