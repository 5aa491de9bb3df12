#include "report/aligned_columns.h"

#include <algorithm>

#include "compiler/source/unicode.h"
#include "report/escape.h"

namespace jixiao::report {

std::string aligned_columns(const std::vector<std::vector<std::string>>& lines, const std::string& indent) {
  // Cells come from data: control characters are shown as escapes, never sent to the terminal.
  std::vector<std::vector<std::string>> cells;
  cells.reserve(lines.size());
  for (const auto& line : lines) {
    std::vector<std::string>& shown = cells.emplace_back();
    for (const auto& cell : line) shown.push_back(terminal_text(cell));
  }
  std::vector<size_t> width;
  for (const auto& line : cells) {
    if (width.size() < line.size()) width.resize(line.size(), 0);
    for (size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], display_width(line[c]));
  }
  std::string out;
  for (const auto& line : cells) {
    std::string text = indent;
    for (size_t c = 0; c < line.size(); ++c) {
      text += line[c];
      if (c + 1 < line.size()) text += std::string(width[c] - display_width(line[c]) + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  }
  return out;
}

}  // namespace jixiao::report
