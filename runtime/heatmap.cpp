#include "runtime/heatmap.h"

#include "compiler/source/numbers.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <unordered_map>

namespace jixiao::rt::heatmap {

// ---- the palette: every colour of every view --------------------------------------------------------

namespace {

constexpr Rgb kDarkText{0x1a, 0x1a, 0x1a};
constexpr Rgb kWhite{0xff, 0xff, 0xff};

// Colours for band names of no colour of their own, chosen by a hash of the name (Tableau 10 without
// its green, red and grey, so that they are never mistaken for the traffic-light bands or for grey).
constexpr Swatch kPalette[] = {
    {{0x4e, 0x79, 0xa7}, kWhite},     // blue
    {{0xf2, 0x8e, 0x2b}, kDarkText},  // orange
    {{0x76, 0xb7, 0xb2}, kDarkText},  // teal
    {{0xb0, 0x7a, 0xa1}, kWhite},     // mauve
    {{0x9c, 0x75, 0x5f}, kWhite},     // brown
    {{0xff, 0x9d, 0xa7}, kDarkText},  // pink
    {{0x49, 0x98, 0x94}, kWhite},     // dark teal
    {{0xd4, 0xa6, 0xc8}, kDarkText},  // lilac
};
constexpr size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

struct NamedColour {
  const char* name;
  Swatch swatch;
};
constexpr NamedColour kNamed[] = {
    {"green", {{0x57, 0xb3, 0x6a}, kDarkText}},
    {"yellow", {{0xf6, 0xcd, 0x4c}, kDarkText}},
    {"red", {{0xd9, 0x45, 0x3b}, kWhite}},
    {"orange", kPalette[1]},
    {"blue", kPalette[0]},
    {"purple", kPalette[3]},
};

constexpr Swatch kNoBand{{0xdc, 0xe6, 0xf2}, {0x1f, 0x2d, 0x3d}};
constexpr Swatch kInactive{{0xd0, 0xd0, 0xd0}, {0x55, 0x55, 0x55}};
constexpr Swatch kEmpty{{0xff, 0xff, 0xff}, {0x99, 0x99, 0x99}};

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

}  // namespace

Swatch band_swatch(const std::string& band, const std::vector<Rgb>& taken) {
  for (const auto& n : kNamed)
    if (band == n.name) return n.swatch;
  size_t slot = fnv1a(band) % kPaletteSize;
  for (size_t k = 0; k < kPaletteSize; ++k) {
    const Swatch& s = kPalette[(slot + k) % kPaletteSize];
    if (std::find(taken.begin(), taken.end(), s.fill) == taken.end()) return s;
  }
  return kPalette[slot];
}
Swatch no_band_swatch() { return kNoBand; }
Swatch inactive_swatch() { return kInactive; }
Swatch empty_swatch() { return kEmpty; }

std::string hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

// ---- text ---------------------------------------------------------------------------------------------

namespace {

constexpr char32_t kInvalid = 0xFFFD;

// Decodes one code point at s[i] and advances i; an invalid byte (also of an overlong form, such as
// C0 9B for ESC, or a surrogate) is taken alone as U+FFFD of width 1.
char32_t next_code_point(const std::string& s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return kInvalid;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d >> 6) != 2) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (d & 0x3F);
  }
  static constexpr char32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kLeast[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return kInvalid;
  }
  i += len;
  return cp;
}

// C0 (tab and newline included), DEL and C1: a terminal acts on them instead of showing them.
bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

}  // namespace

std::string terminal_text(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t from = i;
    char32_t cp = next_code_point(text, i);
    if (is_control(cp) || (cp == kInvalid && i - from == 1)) {
      for (size_t k = from; k < i; ++k) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[k]));
        out += buf;
      }
    } else {
      out.append(text, from, i - from);
    }
  }
  return out;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t from = i;
    char32_t cp = next_code_point(text, i);
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0, nor is a byte that is
        // not UTF-8 (the document would not load at all).
        if (cp < 0x20 && cp != '\t' && cp != '\n') out += ' ';
        else if (cp == kInvalid && i - from == 1) out += "\xEF\xBF\xBD";
        else out.append(text, from, i - from);
    }
  }
  return out;
}

// ---- the model ------------------------------------------------------------------------------------

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

// As compute_chains decides a band (LANGUAGE.md, chain: the first band whose bound holds).
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
    case ColumnKind::Enum: return c.dict[c.codes[row]];
    case ColumnKind::Number: return number_text(c.f64[row]);
    default: return std::to_string(c.i64[row]);
  }
}

std::optional<Micros> time_at(const Column& c, size_t row) {
  if (!c.valid[row]) return std::nullopt;
  return c.i64[row];
}

// The step table's columns, found by name (LANGUAGE.md, chain: the case column comes first).
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
      throw std::logic_error(std::string("internal error: the chain's step table has no column `") + name + "`");
    return &steps.columns[k];
  };
  if (steps.columns.empty() || steps.spec.columns.empty())
    throw std::logic_error("internal error: the chain's step table has no columns");
  return StepColumns{&steps.columns[0], col("node"),   col("started_at"), col("elapsed"),
                     col("status"),     col("band"),   steps.spec.columns[0].name};
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
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return g.legend[a].kind < g.legend[b].kind; });
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
  if (!c.elapsed) c.entry = entry_index(g, EntryKind::Inactive, "");
  else if (c.band.empty()) c.entry = entry_index(g, EntryKind::NoBand, "");
  else c.entry = entry_index(g, EntryKind::Band, c.band);
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
  PeriodBucketer bucketer(PeriodGrain::Week, tz, /*week_start=*/0);
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

// ---- terminal ---------------------------------------------------------------------------------------

namespace {

std::string ansi(const Swatch& s) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "\x1b[48;2;%d;%d;%dm\x1b[38;2;%d;%d;%dm", s.fill.r, s.fill.g, s.fill.b, s.text.r,
                s.text.g, s.text.b);
  return buf;
}
constexpr const char* kReset = "\x1b[0m";

std::string pad(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return s + std::string(width > w ? width - w : 0, ' ');
}

std::string legend_text(const LegendEntry& e) { return e.bound.empty() ? e.key : e.key + " " + e.bound; }

std::string summary_line(const Grid& g) {
  std::string what = g.weekly ? std::to_string(g.rows.size()) + (g.rows.size() == 1 ? " week" : " weeks")
                              : std::to_string(g.rows.size()) + (g.rows.size() == 1 ? " case" : " cases");
  return g.title + " (" + g.chain + "), " + what + ", as of " + g.as_of_text;
}

// The grid with every text through terminal_text: case ids come from data, and the rest costs nothing.
Grid terminal_safe(Grid g) {
  for (std::string* s : {&g.chain, &g.title, &g.case_column, &g.as_of_text}) *s = terminal_text(*s);
  for (auto* names : {&g.node_names, &g.node_labels})
    for (auto& s : *names) s = terminal_text(s);
  for (auto& e : g.legend) e.key = terminal_text(e.key), e.bound = terminal_text(e.bound);
  for (auto& row : g.rows) {
    row.label = terminal_text(row.label);
    for (auto& c : row.cells) c.text = terminal_text(c.text), c.status = terminal_text(c.status), c.band = terminal_text(c.band);
  }
  return g;
}

}  // namespace

std::string render_terminal(const Grid& grid, const TerminalOptions& o) {
  const Grid g = terminal_safe(grid);
  // What each cell shows; without colour a band cell names its band.
  std::vector<std::vector<std::string>> shown(g.rows.size());
  for (size_t r = 0; r < g.rows.size(); ++r)
    for (const Cell& c : g.rows[r].cells) {
      std::string s = c.text;
      if (!o.color && c.entry >= 0 && g.legend[c.entry].kind == EntryKind::Band) s += " " + c.band;
      shown[r].push_back(s);
    }
  size_t label_width = display_width(g.case_column);
  for (const auto& row : g.rows) label_width = std::max(label_width, display_width(row.label));
  std::vector<size_t> width(g.node_labels.size());
  for (size_t k = 0; k < width.size(); ++k) {
    width[k] = display_width(g.node_labels[k]);
    for (const auto& line : shown) width[k] = std::max(width[k], display_width(line[k]));
  }

  std::string out = summary_line(g) + "\n\n";
  // Header: each label where its column's text starts (cells have one space of padding each side).
  out += pad(g.case_column, label_width);
  for (size_t k = 0; k < width.size(); ++k) out += "  " + pad(g.node_labels[k], width[k] + 1);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "\n";
  for (size_t r = 0; r < g.rows.size(); ++r) {
    std::string line = pad(g.rows[r].label, label_width);
    for (size_t k = 0; k < width.size(); ++k) {
      const Cell& c = g.rows[r].cells[k];
      std::string cell = " " + pad(shown[r][k], width[k]) + " ";
      line += " ";
      if (o.color && c.entry >= 0) line += ansi(g.legend[c.entry].swatch) + cell + kReset;
      else line += cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }

  out += "\nlegend:";
  for (const auto& e : g.legend) {
    if (o.color) out += " " + ansi(e.swatch) + " " + legend_text(e) + " " + kReset;
    else out += "  [" + legend_text(e) + "]";
  }
  out += "\n";
  if (g.weekly) {
    out += "cells: average elapsed time of the rows whose clock started that week (rows averaged)\n";
  } else {
    out += std::string("marks: ") + kPendingMark + " pending (not reached, not yet due)   " + kOverdueMark +
           " overdue (not reached, past due)\n";
  }
  return out;
}

// ---- SVG and HTML -------------------------------------------------------------------------------------

namespace {

constexpr const char* kFontFamily =
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',"
    "'Helvetica Neue',Arial,sans-serif";

// An estimate of a text's width in pixels: no fonts are embedded, so this stays on the generous side.
double text_px(const std::string& s, double font_size) {
  double w = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t cp = next_code_point(s, i);
    const int columns = char_width(cp);
    w += columns == 0 ? 0 : columns == 2 ? font_size : font_size * 0.58;
  }
  return w;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string text_el(double x, double y, const std::string& text, double size, Rgb colour,
                    const char* anchor = "start", bool bold = false) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(size) + "\" fill=\"" + hex(colour) +
         "\"" + (std::string(anchor) == "start" ? "" : std::string(" text-anchor=\"") + anchor + "\"") +
         (bold ? " font-weight=\"bold\"" : "") + ">" + xml_escape(text) + "</text>\n";
}

}  // namespace

std::string render_svg(const Grid& g, const SvgOptions& o) {
  constexpr double kMargin = 16, kFont = 13, kCellH = 28, kGap = 2, kHeaderH = 44, kPadX = 12;
  const Rgb kInk{0x22, 0x22, 0x22}, kMuted{0x77, 0x77, 0x77};

  // Column widths from the texts they hold.
  double label_w = text_px(g.case_column, kFont);
  for (const auto& r : g.rows) label_w = std::max(label_w, text_px(r.label, kFont));
  label_w += 2 * kPadX;
  std::vector<double> col_w(g.node_labels.size());
  for (size_t k = 0; k < col_w.size(); ++k) {
    double w = std::max(text_px(g.node_labels[k], kFont), text_px(g.node_names[k], 11));
    for (const auto& r : g.rows) w = std::max(w, text_px(r.cells[k].text, kFont));
    col_w[k] = std::max(72.0, w + 2 * kPadX);
  }
  double grid_w = label_w;
  for (double w : col_w) grid_w += w + kGap;

  // The legend: swatches with their text.
  struct Item {
    std::string text;
    Swatch swatch;
    std::string dash;  // stroke of a mark item: "" none, "dashed", "solid"
    int group;         // the legend column: 0 bands (and "no band"); 1 statuses and marks
  };
  std::vector<Item> items;
  for (const auto& e : g.legend) items.push_back({legend_text(e), e.swatch, "", e.kind == EntryKind::Inactive ? 1 : 0});
  if (!g.weekly) {
    items.push_back({std::string(kPendingMark) + " pending: not reached, not yet due", kEmpty, "dashed", 1});
    items.push_back({std::string(kOverdueMark) + " overdue: not reached, past due", kEmpty, "solid", 1});
  }
  constexpr double kSwatch = 14, kItemGap = 16;
  const std::string note =
      g.weekly ? "cells: average elapsed time of the rows whose clock started that week (rows averaged)" : "";
  // As wide as the grid, or wider for the heading, the legend or the note.
  double content_w = std::max({grid_w, 360.0, text_px(note, 12)});
  if (o.heading)
    content_w = std::max({content_w, text_px(g.title, 18) * 1.05, text_px(summary_line(g).substr(g.title.size() + 1), 12)});
  // The legend in two columns: the bands, then (to their right) the statuses and marks.
  double column_w[2] = {0, 0};
  double count[2] = {0, 0};
  for (const auto& it : items) {
    column_w[it.group] = std::max(column_w[it.group], kSwatch + 6 + text_px(it.text, 12));
    count[it.group] += 1;
  }
  const double column_x[2] = {0, count[0] > 0 ? column_w[0] + 2 * kItemGap : 0};
  const double avail = std::max(content_w, column_x[1] + column_w[1]);
  const double width = avail + 2 * kMargin;
  std::vector<std::pair<double, double>> item_pos;  // x, line index
  double next_line[2] = {0, 0};
  for (const auto& it : items) item_pos.emplace_back(column_x[it.group], next_line[it.group]++);
  const double legend_lines = std::max(count[0], count[1]);

  double y = kMargin;
  const double heading_h = o.heading ? 44 : 0;
  const double grid_top = y + heading_h;
  const double grid_bottom = grid_top + kHeaderH + static_cast<double>(g.rows.size()) * (kCellH + kGap);
  const double legend_top = grid_bottom + 14;
  const double note_h = g.weekly ? 20 : 0;
  const double height = legend_top + legend_lines * 22 + note_h + kMargin;

  std::string out;
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
         "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" font-family=\"" + kFontFamily + "\">\n";
  out += "<title>" + xml_escape(g.title) + "</title>\n";
  out += "<desc>" + xml_escape(summary_line(g)) + "</desc>\n";
  out += "<rect x=\"0\" y=\"0\" width=\"" + num(width) + "\" height=\"" + num(height) + "\" fill=\"#ffffff\"/>\n";
  if (o.heading) {
    out += text_el(kMargin, y + 18, g.title, 18, kInk, "start", true);
    out += text_el(kMargin, y + 36, summary_line(g).substr(g.title.size() + 1), 12, kMuted);
  }

  // Header row: the display label, and the node's name under it when they differ.
  double cx = kMargin;
  out += text_el(cx + kPadX, grid_top + 26, g.case_column, kFont, kMuted, "start", true);
  cx += label_w;
  for (size_t k = 0; k < col_w.size(); ++k) {
    double mid = cx + col_w[k] / 2;
    bool two = g.node_labels[k] != g.node_names[k];
    out += text_el(mid, grid_top + (two ? 20 : 26), g.node_labels[k], kFont, kInk, "middle", true);
    if (two) out += text_el(mid, grid_top + 36, g.node_names[k], 11, kMuted, "middle");
    cx += col_w[k] + kGap;
  }

  for (size_t r = 0; r < g.rows.size(); ++r) {
    const Row& row = g.rows[r];
    double top = grid_top + kHeaderH + static_cast<double>(r) * (kCellH + kGap);
    out += text_el(kMargin + kPadX, top + 18.5, row.label, kFont, kInk);
    cx = kMargin + label_w;
    for (size_t k = 0; k < col_w.size(); ++k) {
      const Cell& c = row.cells[k];
      Swatch s = c.entry >= 0 ? g.legend[c.entry].swatch : kEmpty;
      std::string stroke;
      if (c.status == "pending") stroke = " stroke=\"#222222\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"";
      else if (c.status == "overdue") stroke = " stroke=\"#222222\" stroke-width=\"2.5\"";
      else if (c.entry < 0) stroke = " stroke=\"#e0e0e0\"";
      std::string tip = row.label + " / " + g.node_names[k] + ": ";
      if (!c.present) tip += "no data";
      else if (g.weekly)
        tip += "average " + format_duration(c.elapsed.value_or(0)) + " over " + std::to_string(c.count) + " row(s)" +
               (c.band.empty() ? "" : ", " + c.band);
      else
        tip += (c.elapsed ? format_duration(*c.elapsed) + ", " : "") + c.status + (c.band.empty() ? "" : ", " + c.band);
      out += "<g><title>" + xml_escape(tip) + "</title>";
      out += "<rect x=\"" + num(cx + 1) + "\" y=\"" + num(top + 1) + "\" width=\"" + num(col_w[k] - 2) +
             "\" height=\"" + num(kCellH - 2) + "\" rx=\"3\" fill=\"" + hex(s.fill) + "\"" + stroke + "/>";
      if (!c.text.empty()) {
        std::string t = text_el(cx + col_w[k] / 2, top + 18.5, c.text, kFont, s.text, "middle");
        t.pop_back();  // the newline
        out += t;
      }
      out += "</g>\n";
      cx += col_w[k] + kGap;
    }
  }

  for (size_t i = 0; i < items.size(); ++i) {
    double ix = kMargin + item_pos[i].first;
    double iy = legend_top + item_pos[i].second * 22;
    std::string stroke = items[i].dash == "dashed" ? " stroke=\"#222222\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\""
                         : items[i].dash == "solid" ? " stroke=\"#222222\" stroke-width=\"2.5\""
                                                    : "";
    out += "<rect x=\"" + num(ix) + "\" y=\"" + num(iy) + "\" width=\"" + num(kSwatch) + "\" height=\"" + num(kSwatch) +
           "\" rx=\"2\" fill=\"" + hex(items[i].swatch.fill) + "\"" + stroke + "/>\n";
    out += text_el(ix + kSwatch + 6, iy + 11.5, items[i].text, 12, kInk);
  }
  if (!note.empty()) out += text_el(kMargin, legend_top + legend_lines * 22 + 12, note, 12, kMuted);
  out += "</svg>\n";
  return out;
}

std::string render_html(const Grid& g) {
  std::string out;
  out += "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>" + xml_escape(g.title) + " - heatmap</title>\n";
  out += std::string("<style>\nbody { font-family: ") + kFontFamily +
         "; margin: 24px; color: #222222; background: #ffffff; }\n"
         "h1 { font-size: 22px; margin: 0 0 4px 0; }\n"
         "p.meta { font-size: 13px; color: #666666; margin: 0 0 12px 0; }\n"
         "</style>\n</head>\n<body>\n";
  out += "<h1>" + xml_escape(g.title) + "</h1>\n";
  const size_t n = g.rows.size();
  std::string what = g.weekly ? std::to_string(n) + (n == 1 ? " week" : " weeks") + ", by ISO week of started_at"
                              : std::to_string(n) + (n == 1 ? " case" : " cases");
  out += "<p class=\"meta\">chain <code>" + xml_escape(g.chain) + "</code> &#183; " + xml_escape(what) +
         " &#183; as of <time>" + xml_escape(g.as_of_text) + "</time></p>\n";
  out += render_svg(g, SvgOptions{.heading = false});
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace jixiao::rt::heatmap
