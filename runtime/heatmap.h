// The chain heatmap's grid (`jixiao heatmap`, docs/heatmap.md): a chain's case x node grid, each cell coloured
// by the band its elapsed time falls in; `--by week` replaces the cases by weeks and the elapsed times by
// averages. A model built from the chain's step table (runtime/chains.h); report/heatmap.h draws it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/heatmap_palette.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt::heatmap {

// What a legend entry stands for.
enum class EntryKind : uint8_t {
  Band,  // a band of the chain (or a node's own band)
  NoBand,  // a time that falls in no band (a chain without `bands`, or bands that leave a gap)
  Inactive,  // skipped and not_started: the node's clock never ran
};

struct LegendEntry {
  EntryKind kind = EntryKind::Band;
  std::string key;  // the band name; "no band"; "skipped / not started"
  std::string bound;  // "<= 2h" for a band of the chain, else empty
  Swatch swatch;
};

// The marks of cells whose clock is still running (the node is not reached yet).
inline constexpr const char* kPendingMark = "*";  // pending: not yet due
inline constexpr const char* kOverdueMark = "!";  // overdue: past due

struct Cell {
  bool present = false;  // false: no row (a week with no clock started for this node)
  std::optional<Micros> elapsed;  // the case's elapsed time, or the week's average
  std::string status;  // the step row's status; empty in the weekly grid
  std::string band;  // the band of `elapsed`, empty when none
  int entry = -1;  // index into Grid::legend; -1: no colour (empty cell)
  int64_t count = 0;  // weekly grid: how many rows were averaged; case grid: 1
  // What the cell says: `1h 30m`, `1h 30m *` (pending), `12h !` (overdue), `skipped`, `-`; weekly
  // cells add the number of rows averaged: `1h 35m (3)`.
  std::string text;
};

struct Row {
  std::string label;  // the case id, or the week (`2025-W28`)
  std::optional<Micros> start;  // the case's start, or the week's first instant
  std::vector<Cell> cells;  // one per node, in node order
};

struct Grid {
  std::string chain;  // the chain's name
  std::string title;  // its label, else its name
  std::string case_column;  // the header of the row labels: `lead_id`, or `week`
  bool weekly = false;
  Micros as_of = 0;
  std::string as_of_text;  // as_of in the project zone, ISO 8601
  std::vector<std::string> node_names;
  std::vector<std::string> node_labels;  // the display label, else the name
  std::vector<LegendEntry> legend;  // bands in declared order, then "no band", then inactive
  std::vector<Row> rows;
};

// The grid of one row per case, ordered by the case's start (the first node's started_at; a case
// whose first node has none uses its earliest started_at, and cases with no start at all come last),
// then by case id. `steps` is the chain's step table as compute_chains filled it.
Grid case_grid(const plan::ChainPlan& chain, const Table& steps, const std::string& title, const TimeZone& tz,
               Micros as_of);
// The grid of one row per ISO week (Monday first, in `tz`) of the step rows' started_at (the chain's
// time column, as indicators over the chain use it). A cell holds the average elapsed time of the
// node's rows whose clock started that week, coloured by the band that average falls in under the
// node's bands. Rows without started_at (skipped, not_started) fall in no week.
Grid week_grid(const plan::ChainPlan& chain, const Table& steps, const std::string& title, const TimeZone& tz,
               Micros as_of);

}  // namespace jixiao::rt::heatmap
