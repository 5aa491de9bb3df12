// The heatmap as a self-contained HTML page: the title and as_of as a heading, the SVG inline.
#include "report/heatmap.h"

#include "report/escape.h"
#include "report/heatmap_labels.h"

namespace jixiao::report::heatmap {

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

}  // namespace jixiao::report::heatmap
