// The results of a run as records (docs/results-schema.md): ingest, indicator, step and alert records, in
// the deterministic order that makes outputs diff cleanly. write_records walks the results once and hands
// each record's fields to a RecordSink; the writers of `run --format json|csv|table` (report/records.h)
// are sinks, so no record is ever built as an object and memory does not grow with the output.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json_text.h"
#include "compiler/plan/plan.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"

namespace jixiao::rt {

using Record = nlohmann::ordered_json;

// A value in base units: ratios as fractions, durations in seconds, timestamps ISO 8601 with the
// project zone's offset, null as null.
nlohmann::ordered_json value_json(const Scalar& s, const TimeZone& tz);
// The same value as JSON text appended to `out`, exactly as value_json(s, tz).dump() writes it.
void append_value_json(std::string& out, const Scalar& s, const TimeZone& tz);
// (Strings: jixiao::append_json_string, base/json_text.h.)

// The same texts as strings: a value, and an entity object (`{"line":"L1","batch":7}`) from its key
// columns' names and values or from name-value pairs.
std::string value_json_text(const Scalar& s, const TimeZone& tz);
std::string entity_json_text(const std::vector<std::string>& keys, const std::vector<Scalar>& values,
                             const TimeZone& tz);
std::string entity_json_text(const std::vector<std::pair<std::string, Scalar>>& entity, const TimeZone& tz);
// The number a value's JSON holds (a duration in seconds), for a REAL column; nullopt for other values.
std::optional<double> json_number(const Scalar& s);

// The fields of one record at a time, in the order of docs/results-schema.md.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void begin(std::string_view type) = 0;  // "ingest", "indicator", "step" or "alert"
  virtual void value(std::string_view key, const Scalar& v) = 0;  // a typed value, null when not valid
  virtual void text(std::string_view key, std::string_view s) = 0;
  virtual void count(std::string_view key, int64_t n) = 0;
  virtual void null(std::string_view key) = 0;
  // The `entity` object: begin_entity, one entity_field per key column, end_entity.
  virtual void begin_entity() = 0;
  virtual void entity_field(std::string_view key, const Scalar& v) = 0;
  virtual void end_entity() = 0;
  virtual void end() = 0;
};

// The records of a run in their order: ingest records by source, indicator values by indicator name (then
// entity and period), chain steps by chain (then case and node), alerts by name, entity and period. Sorted
// once; any range of the order can then be written, so that threads can each write a part of the output.
class RecordWalk {
 public:
  RecordWalk(const plan::ProgramPlan& plan, const Dataset& data, const RunResult& result);
  size_t size() const { return total_; }
  // Records [begin, end) of the order.
  void write(RecordSink& sink, size_t begin, size_t end) const;
  // The first record of the type of record i (the records of a type are consecutive): where a writer
  // that starts at i finds the section it is in.
  size_t type_start(size_t i) const;

 private:
  enum class Part : uint8_t { Ingest, Indicator, Steps, Alerts };
  struct Segment {
    Part part;
    size_t index;  // the indicator or chain of the plan
    size_t count;
  };
  const plan::ProgramPlan& plan_;
  const Dataset& data_;
  const RunResult& result_;
  std::vector<const IngestReport*> reports_;
  std::vector<const AlertEvent*> alerts_;
  std::vector<Segment> segments_;
  size_t total_ = 0;
};

// Every record, in order.
void write_records(const plan::ProgramPlan& plan, const Dataset& data, const RunResult& result, RecordSink& sink);

}  // namespace jixiao::rt
