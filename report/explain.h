// `jixiao explain`: one indicator value with what it was computed from (the rule, its aggregates and
// components, the arithmetic, the evidence rows), gathered from an evaluation and drawn as text or JSON.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/plan/plan.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"

namespace jixiao::report {

// A component of a composite indicator and its value for the same entity and period.
struct ExplainedComponent {
  const plan::IndicatorPlan* indicator = nullptr;
  rt::ValueRef value;  // null: the component has no value there
  rt::Scalar number() const { return value ? value.value() : rt::Scalar::null(); }
};

// One row behind the value: its source table and system, and its evidence id, actor and time (null
// when the table declares no such column).
struct EvidenceRow {
  std::string source;
  std::string system;
  nlohmann::ordered_json evidence, actor, time;
  int64_t row = 0;  // where the row came from (rt::Table::row_number)
};

struct Explanation {
  const plan::IndicatorPlan* indicator = nullptr;
  rt::ValueRef value;
  const rt::TimeZone* tz = nullptr;
  std::string entity;  // as asked for (`line=L1`); empty for an indicator without `by`
  std::vector<size_t> aggregates;  // indexes into indicator->aggregates, each distinct text once
  std::vector<ExplainedComponent> components;  // each component once, in the order the value names them
  std::string arithmetic;  // the value expression with each aggregate and component as its number
  std::vector<EvidenceRow> evidence;
};

// The value of `ip` in `period` whose entity has the text `entity` gives for each key column (all of
// them); null when there is none.
rt::ValueRef find_value(const rt::IndicatorValues& values, const plan::IndicatorPlan& ip,
                        const std::map<std::string, std::string>& entity, const std::string& period,
                        const rt::TimeZone& tz);

// Everything `explain` shows of `value`, a value of plan.indicators[indicator]; `entity` is how it was asked for.
Explanation explain(const plan::ProgramPlan& plan, const rt::Dataset& data, const rt::RunResult& result,
                    const rt::TimeZone& tz, int indicator, rt::ValueRef value, std::string entity);

// The views (explain_text.cpp, explain_json.cpp).
std::string explain_text(const Explanation& x);
nlohmann::ordered_json explain_json(const Explanation& x);

// A JSON value as text: a string without its quotes, `null` for null.
std::string plain(const nlohmann::ordered_json& v);
// A value as `run --format table` shows it (rt::display_value: `80.0%`, `240000 cny`, `10h 30m`);
// `null` (the language's word) when there is none.
std::string shown(const rt::Scalar& s, const std::string& unit, const rt::TimeZone& tz);

}  // namespace jixiao::report
