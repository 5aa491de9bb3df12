// The chain heatmap (`jixiao heatmap`, CLI.md): a chain's case x node grid, each cell coloured by the
// band its elapsed time falls in, drawn for a terminal (ANSI colours), as a self-contained SVG, or as an
// HTML page around that SVG. `--by week` replaces the cases by weeks and the elapsed times by averages.
//
// The grid is a model built from the chain's step table (runtime/chains.h); the three renderers only
// draw it. Every colour comes from one palette in heatmap.cpp, and each cell refers to a legend entry,
// so a band has the same colour in every view.
#pragma once
#include "compiler/source/unicode.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/table.h"
#include "runtime/time/time.h"

namespace jixiao::rt::heatmap {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};
std::string hex(Rgb c);  // "#34a853"

// A colour pair: the cell's fill and the text drawn on it.
struct Swatch {
  Rgb fill;
  Rgb text;
  bool operator==(const Swatch&) const = default;
};

// What a legend entry stands for.
enum class EntryKind : uint8_t {
  Band,      // a band of the chain (or a node's own band)
  NoBand,    // a time that falls in no band (a chain without `bands`, or bands that leave a gap)
  Inactive,  // skipped and not_started: the node's clock never ran
};

struct LegendEntry {
  EntryKind kind = EntryKind::Band;
  std::string key;    // the band name; "no band"; "skipped / not started"
  std::string bound;  // "<= 2h" for a band of the chain, else empty
  Swatch swatch;
};

// The marks of cells whose clock is still running (the node is not reached yet).
inline constexpr const char* kPendingMark = "*";  // pending: not yet due
inline constexpr const char* kOverdueMark = "!";  // overdue: past due

struct Cell {
  bool present = false;           // false: no row (a week with no clock started for this node)
  std::optional<Micros> elapsed;  // the case's elapsed time, or the week's average
  std::string status;             // the step row's status; empty in the weekly grid
  std::string band;               // the band of `elapsed`, empty when none
  int entry = -1;                 // index into Grid::legend; -1: no colour (empty cell)
  int64_t count = 0;              // weekly grid: how many rows were averaged; case grid: 1
  // What the cell says: `1h 30m`, `1h 30m *` (pending), `12h !` (overdue), `skipped`, `-`; weekly
  // cells add the number of rows averaged: `1h 35m (3)`.
  std::string text;
};

struct Row {
  std::string label;              // the case id, or the week (`2025-W28`)
  std::optional<Micros> start;    // the case's start, or the week's first instant
  std::vector<Cell> cells;        // one per node, in node order
};

struct Grid {
  std::string chain;              // the chain's name
  std::string title;              // its label, else its name
  std::string case_column;        // the header of the row labels: `lead_id`, or `week`
  bool weekly = false;
  Micros as_of = 0;
  std::string as_of_text;         // as_of in the project zone, ISO 8601
  std::vector<std::string> node_names;
  std::vector<std::string> node_labels;  // the display label, else the name
  std::vector<LegendEntry> legend;       // bands in declared order, then "no band", then inactive
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

// The palette (one definition for every view). Bands named green, yellow, red (and orange, blue,
// purple) get that colour; other names get a colour of a fixed palette chosen by a hash of the name,
// moving to the next free colour when an earlier band of the same legend already has it.
Swatch band_swatch(const std::string& band, const std::vector<Rgb>& taken);
Swatch no_band_swatch();
Swatch inactive_swatch();
Swatch empty_swatch();  // the SVG fill of an empty cell (the terminal leaves it uncoloured)

// Text for a terminal: control characters (C0 with tab and newline, DEL, C1 such as CSI) and bytes that
// are not UTF-8 become visible `\x1b` escapes, one per byte, so data cannot move the cursor, clear the
// screen or set the window title, and display_width (compiler/source/unicode.h) stays the columns the text takes.
std::string terminal_text(const std::string& text);

struct TerminalOptions {
  bool color = true;  // false: no escape codes; cells then name their band (`1h 30m green`)
};
// ANSI 24-bit background colours, one line per row, then the legend.
std::string render_terminal(const Grid& grid, const TerminalOptions& options);

struct SvgOptions {
  bool heading = true;  // the title and as_of line at the top (the HTML page draws its own)
};
std::string render_svg(const Grid& grid, const SvgOptions& options = {});
// A self-contained HTML page: title, as_of, the SVG inline.
std::string render_html(const Grid& grid);

// `&`, `<`, `>`, `"` and `'` as XML entities; other control characters than tab and newline as a
// space, bytes that are not UTF-8 as U+FFFD.
std::string xml_escape(const std::string& text);

}  // namespace jixiao::rt::heatmap
