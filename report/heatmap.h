// The chain heatmap's views (`jixiao heatmap`, docs/heatmap.md): the grid of runtime/heatmap.h drawn for a
// terminal (ANSI colours), as a self-contained SVG, or as an HTML page around that SVG. They only draw:
// every colour comes from the grid's legend, so a band has the same colour in every view.
#pragma once
#include <string>

#include "runtime/heatmap.h"

namespace jixiao::report::heatmap {

using rt::heatmap::Grid;

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

}  // namespace jixiao::report::heatmap
