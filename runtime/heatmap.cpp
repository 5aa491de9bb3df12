#include "runtime/heatmap.h"

#include "compiler/source/numbers.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "base/errors.h"

namespace jixiao::rt::heatmap {

namespace {

const char* op_text(plan::PlanOp op) {
  switch (op) {
    case plan::PlanOp::Lt: return "<";
    case plan::PlanOp::Le: return "<=";
    case plan::PlanOp::Gt: return ">";
    case plan::PlanOp::Ge: return ">=";
    case plan::PlanOp::Eq: return "==";
    default: return "!=";
  }
}

// As compute_chains decides a band (docs/language-reference.md, chains: the first band whose bound holds).
bool band_holds(const plan::BandPlan& b, Micros elapsed) {
  switch (b.op) {
    case plan::PlanOp::Lt: return elapsed < b.bound;
    case plan::PlanOp::Le: return elapsed <= b.bound;
    case plan::PlanOp::Gt: return elapsed > b.bound;
    case plan::PlanOp::Ge: return elapsed >= b.bound;
    case plan::PlanOp::Eq: return elapsed == b.bound;
    default: return elapsed != b.bound;
  }
}

std::string band_of(const plan::ChainPlan& chain, size_t node, Micros elapsed) {
  const auto& bands = chain.nodes[node].own_bands ? chain.nodes[node].bands : chain.bands;
  for (const auto& b : bands)
    if (band_holds(b, elapsed)) return b.name;
  return {};
}

std::string text_at(const Column& c, size_t row) {
  if (!c.valid[row]) return {};
  switch (c.kind) {
    case ColumnKind::String:
    case ColumnKind::Enum: return c.dict()[c.codes[row]];
    case ColumnKind::Number: return number_text(c.f64[row]);
    default: return std::to_string(c.i64[row]);
  }
}

std::optional<Micros> time_at(const Column& c, size_t row) {
  if (!c.valid[row]) return std::nullopt;
  return c.i64[row];
}

// The step table's columns, found by name (docs/language-reference.md, chains: the case column comes first).
struct StepColumns {
  const Column* case_id;
  const Column* node;
  const Column* started_at;
  const Column* elapsed;
  const Column* status;
  const Column* band;
  std::string case_name;
};

StepColumns step_columns(const Table& steps) {
  auto col = [&](const char* name) {
    int k = steps.spec.find(name);
    if (k < 0 || static_cast<size_t>(k) >= steps.columns.size())
      JX_UNREACHABLE(std::string("the chain's step table has no column `") + name + "`");
    return &steps.columns[k];
  };
  if (steps.columns.empty() || steps.spec.columns.empty()) JX_UNREACHABLE("the chain's step table has no columns");
  return StepColumns{&steps.columns[0], col("node"), col("started_at"),         col("elapsed"),
                     col("status"),     col("band"), steps.spec.columns[0].name};
}

Grid grid_frame(const plan::ChainPlan& chain, const std::string& title, const TimeZone& tz, Micros as_of) {
  Grid g;
  g.chain = chain.name;
  g.title = title.empty() ? chain.name : title;
  g.as_of = as_of;
  g.as_of_text = format_timestamp(as_of, tz);
  for (const auto& n : chain.nodes) {
    g.node_names.push_back(n.name);
    g.node_labels.push_back(n.label.empty() ? n.name : n.label);
  }
  // Bands in declared order: the chain's, then those only nodes declare.
  std::vector<Rgb> taken;
  auto add_band = [&](const std::string& name, const std::string& bound) {
    for (const auto& e : g.legend)
      if (e.kind == EntryKind::Band && e.key == name) return;
    Swatch s = band_swatch(name, taken);
    taken.push_back(s.fill);
    g.legend.push_back(LegendEntry{EntryKind::Band, name, bound, s});
  };
  for (const auto& b : chain.bands) add_band(b.name, std::string(op_text(b.op)) + " " + format_duration(b.bound));
  for (const auto& n : chain.nodes)
    if (n.own_bands)
      for (const auto& b : n.bands) add_band(b.name, "");
  return g;
}

int entry_index(Grid& g, EntryKind kind, const std::string& band) {
  for (size_t k = 0; k < g.legend.size(); ++k)
    if (g.legend[k].kind == kind && (kind != EntryKind::Band || g.legend[k].key == band)) return static_cast<int>(k);
  if (kind == EntryKind::Band) {  // a band name the plan did not declare (cannot happen for computed rows)
    std::vector<Rgb> taken;
    for (const auto& e : g.legend) taken.push_back(e.swatch.fill);
    g.legend.push_back(LegendEntry{kind, band, "", band_swatch(band, taken)});
  } else if (kind == EntryKind::NoBand) {
    g.legend.push_back(LegendEntry{kind, "no band", "", no_band_swatch()});
  } else {
    g.legend.push_back(LegendEntry{kind, "skipped / not started", "", inactive_swatch()});
  }
  return static_cast<int>(g.legend.size() - 1);
}

// Legend order: bands, then "no band", then the inactive grey, whatever order cells met them in.
void order_legend(Grid& g) {
  std::vector<size_t> order(g.legend.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return g.legend[a].kind < g.legend[b].kind; });
  std::vector<int> new_index(order.size());
  std::vector<LegendEntry> legend;
  for (size_t k = 0; k < order.size(); ++k) {
    new_index[order[k]] = static_cast<int>(k);
    legend.push_back(g.legend[order[k]]);
  }
  g.legend = std::move(legend);
  for (auto& r : g.rows)
    for (auto& c : r.cells)
      if (c.entry >= 0) c.entry = new_index[c.entry];
}

void colour_cell(Grid& g, Cell& c) {
  if (!c.present) return;
  if (!c.elapsed)
    c.entry = entry_index(g, EntryKind::Inactive, "");
  else if (c.band.empty())
    c.entry = entry_index(g, EntryKind::NoBand, "");
  else
    c.entry = entry_index(g, EntryKind::Band, c.band);
}

}  // namespace

Grid case_grid(const plan::ChainPlan& chain, const Table& steps, const std::string& title, const TimeZone& tz,
               Micros as_of) {
  Grid g = grid_frame(chain, title, tz, as_of);
  StepColumns sc = step_columns(steps);
  g.case_column = sc.case_name;
  std::unordered_map<std::string, size_t> node_index;
  for (size_t k = 0; k < chain.nodes.size(); ++k) node_index[chain.nodes[k].name] = k;

  struct Case {
    std::string id;
    double number = 0;  // the id as a number, when the case column is numeric
    Row row;
    std::optional<Micros> first_start, earliest_start;
  };
  std::vector<Case> cases;
  std::unordered_map<std::string, size_t> case_index;
  const bool numeric = sc.case_id->kind == ColumnKind::Int || sc.case_id->kind == ColumnKind::Number;
  for (size_t r = 0; r < steps.rows(); ++r) {
    std::string id = text_at(*sc.case_id, r);
    auto [it, fresh] = case_index.try_emplace(id, cases.size());
    if (fresh) {
      Case c;
      c.id = id;
      if (numeric && sc.case_id->valid[r])
        c.number = sc.case_id->kind == ColumnKind::Int ? static_cast<double>(sc.case_id->i64[r]) : sc.case_id->f64[r];
      c.row.label = id;
      c.row.cells.resize(chain.nodes.size());
      cases.push_back(std::move(c));
    }
    Case& c = cases[it->second];
    auto node = node_index.find(text_at(*sc.node, r));
    if (node == node_index.end()) continue;
    Cell& cell = c.row.cells[node->second];
    cell.present = true;
    cell.count = 1;
    cell.elapsed = time_at(*sc.elapsed, r);
    cell.status = text_at(*sc.status, r);
    cell.band = text_at(*sc.band, r);
    auto started = time_at(*sc.started_at, r);
    if (node->second == 0) c.first_start = started;
    if (started && (!c.earliest_start || *started < *c.earliest_start)) c.earliest_start = started;
  }
  for (auto& c : cases) c.row.start = c.first_start ? c.first_start : c.earliest_start;
  std::stable_sort(cases.begin(), cases.end(), [&](const Case& a, const Case& b) {
    if (a.row.start.has_value() != b.row.start.has_value()) return a.row.start.has_value();
    if (a.row.start && *a.row.start != *b.row.start) return *a.row.start < *b.row.start;
    if (numeric && a.number != b.number) return a.number < b.number;
    return a.id < b.id;
  });

  for (auto& c : cases) {
    for (auto& cell : c.row.cells) {
      if (!cell.present) continue;
      if (cell.elapsed) {
        cell.text = format_duration(*cell.elapsed);
        if (cell.status == "pending") cell.text += std::string(" ") + kPendingMark;
        if (cell.status == "overdue") cell.text += std::string(" ") + kOverdueMark;
      } else {
        cell.text = cell.status == "skipped" ? "skipped" : "-";
      }
      colour_cell(g, cell);
    }
    g.rows.push_back(std::move(c.row));
  }
  order_legend(g);
  return g;
}

Grid week_grid(const plan::ChainPlan& chain, const Table& steps, const std::string& title, const TimeZone& tz,
               Micros as_of) {
  Grid g = grid_frame(chain, title, tz, as_of);
  g.weekly = true;
  g.case_column = "week";
  StepColumns sc = step_columns(steps);
  std::unordered_map<std::string, size_t> node_index;
  for (size_t k = 0; k < chain.nodes.size(); ++k) node_index[chain.nodes[k].name] = k;

  struct Sum {
    __int128 total = 0;
    int64_t count = 0;
  };
  std::map<Micros, std::vector<Sum>> weeks;  // by the week's first instant
  PeriodBucketer bucketer(Grain::Week, tz, /*week_start=*/0);
  for (size_t r = 0; r < steps.rows(); ++r) {
    auto started = time_at(*sc.started_at, r);
    auto elapsed = time_at(*sc.elapsed, r);
    auto node = node_index.find(text_at(*sc.node, r));
    if (!started || !elapsed || node == node_index.end()) continue;
    auto& sums = weeks[bucketer.bucket(*started)];
    sums.resize(chain.nodes.size());
    sums[node->second].total += *elapsed;
    sums[node->second].count += 1;
  }
  for (auto& [start, sums] : weeks) {
    Row row;
    row.label = bucketer.period_of_bucket(start).label;
    row.start = start;
    row.cells.resize(chain.nodes.size());
    for (size_t k = 0; k < sums.size(); ++k) {
      if (sums[k].count == 0) continue;
      Cell& cell = row.cells[k];
      cell.present = true;
      cell.count = sums[k].count;
      // The mean to the nearest whole second (halves away from zero); the band is the shown value's.
      const __int128 unit = static_cast<__int128>(sums[k].count) * kMicrosPerSecond;
      __int128 t = sums[k].total;
      __int128 seconds = t >= 0 ? (2 * t + unit) / (2 * unit) : -((-2 * t + unit) / (2 * unit));
      cell.elapsed = static_cast<Micros>(seconds * kMicrosPerSecond);
      cell.band = band_of(chain, k, *cell.elapsed);
      cell.text = format_duration(*cell.elapsed) + " (" + std::to_string(cell.count) + ")";
      colour_cell(g, cell);
    }
    g.rows.push_back(std::move(row));
  }
  order_legend(g);
  return g;
}

}  // namespace jixiao::rt::heatmap
