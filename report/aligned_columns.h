// Plain-text tables for a terminal (`run --format table`, `explain`'s evidence rows): columns lined up by
// display width, cells from data escaped so they cannot drive the terminal.
#pragma once
#include <string>
#include <vector>

namespace jixiao::report {

// Lines of cells in columns, each padded to the column's display width (CJK characters take two
// columns, compiler/source/unicode.h), two spaces apart, each line after `indent`; no trailing spaces.
// Control characters in cells are shown as `\x1b`-style escapes (terminal_text, report/escape.h).
std::string aligned_columns(const std::vector<std::vector<std::string>>& lines, const std::string& indent = "");

}  // namespace jixiao::report
