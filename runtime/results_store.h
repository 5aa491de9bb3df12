// The results store: one SQLite file holding what a run computed, so that any number can be traced
// back to its rule and its evidence rows later (docs/results-schema.md describes the tables).
#pragma once
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "base/errors.h"
#include "runtime/actions/actions.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"

namespace jixiao::rt {

struct RunInfo {
  std::string project;  // the project path
  std::string rules_hash;  // a hash of the rule files' text: which version computed the values
  Micros as_of = 0;
  std::string engine = "interp";
};

// What the alerts' actions added to the store: an episode that an earlier run stored already (same
// alert, entity, first period and channel or task) adds nothing, so each goes out once.
struct StoredActions {
  int64_t notifications = 0;  // outbox rows
  int64_t tasks = 0;
  int64_t reports = 0;  // reports rows
};

// The store cannot be written for a reason of the user's environment: a folder, permissions, a full disk,
// another writer that holds the lock past the busy timeout, a database that is not a results store.
struct StoreError : UserError {
  explicit StoreError(const std::string& message) : UserError(message, 1) {}
};

// Appends the run to `path` (every row carries its run_id), with the actions of `actions` (see
// alert_actions), in one transaction: all of it or nothing. Throws StoreError for the environment's
// failures (above), std::runtime_error for anything else.
StoredActions write_results(const std::filesystem::path& path, const plan::ProgramPlan& plan, const Dataset& data,
                            const RunResult& result, const TimeZone& tz, const RunInfo& info,
                            const std::vector<EpisodeActions>& actions = {});
// The same, with the actions asked for only when the values, their evidence and the alerts are written:
// the caller may prepare them meanwhile on another thread.
StoredActions write_results(const std::filesystem::path& path, const plan::ProgramPlan& plan, const Dataset& data,
                            const RunResult& result, const TimeZone& tz, const RunInfo& info,
                            const std::function<const std::vector<EpisodeActions>&()>& actions);

}  // namespace jixiao::rt
