#include "report/heatmap_labels.h"

namespace jixiao::report::heatmap {

std::string summary_line(const Grid& g) {
  std::string what = g.weekly ? std::to_string(g.rows.size()) + (g.rows.size() == 1 ? " week" : " weeks")
                              : std::to_string(g.rows.size()) + (g.rows.size() == 1 ? " case" : " cases");
  return g.title + " (" + g.chain + "), " + what + ", as of " + g.as_of_text;
}

std::string legend_text(const LegendEntry& e) { return e.bound.empty() ? e.key : e.key + " " + e.bound; }

}  // namespace jixiao::report::heatmap
