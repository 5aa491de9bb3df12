// The heatmap for a terminal: one line per row, cells in ANSI 24-bit colours (or naming their band), then
// the legend; every text from data goes through terminal_text first.
#include "report/heatmap.h"

#include <algorithm>
#include <cstdio>

#include "compiler/source/unicode.h"
#include "report/escape.h"
#include "report/heatmap_labels.h"

namespace jixiao::report::heatmap {

using namespace rt::heatmap;

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

// The grid with every text through terminal_text: case ids come from data, and the rest costs nothing.
Grid terminal_safe(Grid g) {
  for (std::string* s : {&g.chain, &g.title, &g.case_column, &g.as_of_text}) *s = terminal_text(*s);
  for (auto* names : {&g.node_names, &g.node_labels})
    for (auto& s : *names) s = terminal_text(s);
  for (auto& e : g.legend) e.key = terminal_text(e.key), e.bound = terminal_text(e.bound);
  for (auto& row : g.rows) {
    row.label = terminal_text(row.label);
    for (auto& c : row.cells)
      c.text = terminal_text(c.text), c.status = terminal_text(c.status), c.band = terminal_text(c.band);
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
      if (o.color && c.entry >= 0)
        line += ansi(g.legend[c.entry].swatch) + cell + kReset;
      else
        line += cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }

  out += "\nlegend:";
  for (const auto& e : g.legend) {
    if (o.color)
      out += " " + ansi(e.swatch) + " " + legend_text(e) + " " + kReset;
    else
      out += "  [" + legend_text(e) + "]";
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

}  // namespace jixiao::report::heatmap
