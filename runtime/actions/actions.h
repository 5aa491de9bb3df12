// Alert actions (docs/language-reference.md, alert messages and actions): once per episode — a run of
// consecutive periods in which an alert holds for the same entity; each instance of a row alert is an episode
// of its own — the message, one notification per `notify` channel, the tasks with the evidence rows they
// attach, and the values of the `report` view. Nothing is delivered here: the results store queues the
// notifications in its outbox (docs/results-schema.md) for the daemon to send.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/engine.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

struct Episode {
  int alert = -1;
  size_t first = 0;  // index into RunResult::alerts of the episode's first instance
  size_t instances = 1;  // the instances (periods) it spans up to as_of
};
// The episodes of every alert, by alert name, entity and period.
std::vector<Episode> alert_episodes(const plan::ProgramPlan& plan, const RunResult& result, const TimeZone& tz);

struct ReportValue {
  int indicator = -1;
  std::vector<std::pair<std::string, Scalar>> entity;
  std::string period;
  Scalar value;
  ValueStatus status = ValueStatus::Ok;
  std::string display;  // in the indicator's unit
};

struct Notification {
  int channel = -1;
  std::string payload;  // the request body as JSON text, as the outbox stores and the sender posts it
};

struct TaskAction {
  int task = -1;  // index into AlertPlan::tasks
  std::optional<Micros> due_at;  // the alert's time + `due`
  std::vector<std::vector<RowRef>> attached;  // per `attach` of the task: its source's rows, in row order
};

struct EpisodeActions {
  Episode episode;
  const AlertEvent* event = nullptr;  // the episode's first instance (in the RunResult given)
  // The end of its period (at most as_of); a source row alert's event time; for a chain row, when its
  // condition began to hold (docs/decisions.md 21); as_of without periods.
  Micros alert_time = 0;
  std::string message;
  std::vector<ReportValue> report;
  std::vector<Notification> notifications;
  std::vector<TaskAction> tasks;
};

// The actions of every episode of every alert that has any (`notify`, `task` or `report`). `tables`
// are the ones the result was computed from; evidence rows behind a value alert's instance are read
// from the condition's indicator values, which evaluate_program keeps for alerts with tasks.
std::vector<EpisodeActions> alert_actions(const plan::ProgramPlan& plan, const std::vector<Table>& tables,
                                          const RunResult& result, const TimeZone& tz, Micros as_of);

}  // namespace jixiao::rt
