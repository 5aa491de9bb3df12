// The heatmap as a self-contained SVG: the grid, a legend in two columns and a tooltip per cell. No fonts
// are embedded, so column widths come from an estimate of each text's width (compiler/source/unicode.h).
#include "report/heatmap.h"

#include <algorithm>
#include <cstdio>

#include "compiler/source/source.h"
#include "compiler/source/unicode.h"
#include "report/escape.h"
#include "report/heatmap_labels.h"

namespace jixiao::report::heatmap {

using namespace rt::heatmap;
using rt::format_duration;

namespace {

// An estimate of a text's width in pixels: no fonts are embedded, so this stays on the generous side.
double text_px(const std::string& s, double font_size) {
  double w = 0;
  for (char32_t cp : decode_utf8(s)) {
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

std::string text_el(double x, double y, const std::string& text, double size, Rgb colour, const char* anchor = "start",
                    bool bold = false) {
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
    int group;  // the legend column: 0 bands (and "no band"); 1 statuses and marks
  };
  std::vector<Item> items;
  for (const auto& e : g.legend) items.push_back({legend_text(e), e.swatch, "", e.kind == EntryKind::Inactive ? 1 : 0});
  if (!g.weekly) {
    items.push_back({std::string(kPendingMark) + " pending: not reached, not yet due", empty_swatch(), "dashed", 1});
    items.push_back({std::string(kOverdueMark) + " overdue: not reached, past due", empty_swatch(), "solid", 1});
  }
  constexpr double kSwatch = 14, kItemGap = 16;
  const std::string note =
      g.weekly ? "cells: average elapsed time of the rows whose clock started that week (rows averaged)" : "";
  // As wide as the grid, or wider for the heading, the legend or the note.
  double content_w = std::max({grid_w, 360.0, text_px(note, 12)});
  if (o.heading)
    content_w =
        std::max({content_w, text_px(g.title, 18) * 1.05, text_px(summary_line(g).substr(g.title.size() + 1), 12)});
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
      Swatch s = c.entry >= 0 ? g.legend[c.entry].swatch : empty_swatch();
      std::string stroke;
      if (c.status == "pending")
        stroke = " stroke=\"#222222\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"";
      else if (c.status == "overdue")
        stroke = " stroke=\"#222222\" stroke-width=\"2.5\"";
      else if (c.entry < 0)
        stroke = " stroke=\"#e0e0e0\"";
      std::string tip = row.label + " / " + g.node_names[k] + ": ";
      if (!c.present)
        tip += "no data";
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

}  // namespace jixiao::report::heatmap
