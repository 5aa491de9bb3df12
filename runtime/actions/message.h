// Alert messages (docs/language-reference.md, alert messages and actions): the checked template filled in for
// one alert instance, or the default message when the alert has none. Values read as a person reads them:
// `0.9%` for a ratio, `2h 30m` for a duration, `12.5 cny` for money.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/engine.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

// A value for display: ratios (`unit percent`) as a percentage with one decimal, durations as
// `2h 30m`, numbers without needless decimals and with their unit (`12.5 cny`), timestamps in ISO 8601
// with the zone's offset, dates as `2025-07-01`; `-` for no value.
std::string display_value(const Scalar& s, const std::string& unit, const TimeZone& tz);
// How text from data is made safe for where it goes (markdown_text in payloads.h); null: as it is.
using TextEscape = std::string (*)(const std::string&);
// `batch_id=B1, line=L1`, the values through `escape`; empty for an alert without entity columns.
std::string entity_text(const std::vector<std::pair<std::string, Scalar>>& entity, const TimeZone& tz,
                        TextEscape escape = nullptr);

// What a message is filled in from: the alert instance and, for value alerts, the values of the
// condition's indicators at the instance's entity and period.
struct MessageInput {
  const plan::ProgramPlan* plan = nullptr;
  const std::vector<Table>* tables = nullptr;  // parallel to plan->tables
  const TimeZone* tz = nullptr;
  const AlertEvent* event = nullptr;
  std::function<ValueRef(int indicator)> value_of;
};

// The alert's label, or its name when it has none.
std::string alert_title(const plan::AlertPlan& ap);
// The alert's `message` with its placeholders filled in, or, without one, the default:
// `<title>: <entity>, period <period>, <indicator> = <value>` (value alerts) or `<title>: <entity>`
// (row alerts). With `escape`, every value filled in (entity, period, indicator and column values)
// goes through it and the template's own text stays as its author wrote it: the markdown channels
// render with markdown_text, so a value cannot add a heading or a link to the message.
std::string render_message(const MessageInput& in, TextEscape escape = nullptr);

}  // namespace jixiao::rt
