// What the heatmap's views write alike: the summary line, the legend's texts and the font, so the
// terminal, the SVG and the HTML page say the same thing the same way.
#pragma once
#include <string>

#include "runtime/heatmap.h"

namespace jixiao::report::heatmap {

using rt::heatmap::Grid;
using rt::heatmap::LegendEntry;

// `线索全生命周期 (lead_lifecycle), 4 cases, as of 2025-07-08T12:00:00+08:00`
std::string summary_line(const Grid& g);
// `green <= 2h`, or the key alone for an entry without a bound
std::string legend_text(const LegendEntry& e);

// CJK fonts first: node labels and case ids are often Chinese.
inline constexpr const char* kFontFamily =
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',"
    "'Helvetica Neue',Arial,sans-serif";

}  // namespace jixiao::report::heatmap
