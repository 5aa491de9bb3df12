// The formatter's text helpers: display columns and padding, blanks, reserved words and plain names,
// and the canonical rows of `given` text blocks (pipe tables aligned, CSV reindented).
#include "compiler/ast/format_internal.h"

#include "compiler/source/unicode.h"

#include <algorithm>
#include <set>

namespace jixiao::ast::format_detail {
namespace {

bool is_blank_char(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Letters that the lexer's \p{L} surely accepts (a conservative subset: a name with other letters
// keeps the backticks it was written with).
bool known_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) ||
         (c >= 0x3B1 && c <= 0x3C9) || (c >= 0x410 && c <= 0x44F) || (c >= 0x3041 && c <= 0x3096) ||
         (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x3400 && c <= 0x4DB5) || (c >= 0x4E00 && c <= 0x9FA5) ||
         (c >= 0xAC00 && c <= 0xD7A3);
}

}  // namespace

int columns(std::string_view s) { return static_cast<int>(display_width(s)); }

std::string spaces(int n) { return std::string(n > 0 ? static_cast<size_t>(n) : 0, ' '); }

std::string pad_right(std::string s, int width) {
  int w = columns(s);
  if (w < width) s += spaces(width - w);
  return s;
}

std::string_view rstrip(std::string_view s) {
  while (!s.empty() && is_blank_char(s.back())) s.remove_suffix(1);
  return s;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool is_reserved(std::string_view s) {
  static const std::set<std::string_view> words = {"and",  "or",          "not",      "in",    "is",
                                                   "null", "true",        "false",    "where", "deviates",
                                                   "for",  "consecutive", "required", "from"};
  return words.count(s) > 0;
}

bool plain_identifier(std::string_view s) {
  std::u32string cps = decode_utf8(s);
  if (cps.empty()) return false;
  for (size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    if (!(known_letter(c) || c == '_' || (i > 0 && c >= '0' && c <= '9'))) return false;
  }
  return !is_reserved(s);
}

// ---- text blocks -------------------------------------------------------------------------------

namespace {

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_blank_char(s.front())) s.remove_prefix(1);
  return rstrip(s);
}

std::vector<std::string> split_lines(std::string_view raw) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    size_t nl = raw.find('\n', start);
    std::string_view line = raw.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

// Cells of a pipe-table row: split at every `|` that is not escaped as `\|`, trimmed.
std::vector<std::string> table_cells(std::string_view line) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += "\\|";
      ++i;
    } else if (line[i] == '|') {
      cells.emplace_back(strip(cell));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  cells.emplace_back(strip(cell));
  return cells;
}

}  // namespace

std::vector<std::string> text_block_rows(std::string_view raw) {
  std::vector<std::string> lines = split_lines(raw);
  while (!lines.empty() && strip(lines.front()).empty()) lines.erase(lines.begin());
  while (!lines.empty() && strip(lines.back()).empty()) lines.pop_back();
  std::vector<std::string> out;
  if (lines.empty()) return out;
  if (lines.front().find('|') == std::string::npos) {  // CSV
    size_t common = std::string::npos;
    for (auto& l : lines) {
      if (strip(l).empty()) continue;
      size_t n = 0;
      while (n < l.size() && (l[n] == ' ' || l[n] == '\t')) ++n;
      common = std::min(common, n);
    }
    for (auto& l : lines) out.push_back(strip(l).empty() ? std::string() : l.substr(common));
    return out;
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<int> widths;
  for (auto& l : lines) {
    if (strip(l).empty()) {
      rows.emplace_back();
      continue;
    }
    rows.push_back(table_cells(l));
    for (size_t i = 0; i < rows.back().size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], columns(rows.back()[i]));
    }
  }
  for (auto& cells : rows) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) s += " | ";
      s += i + 1 < cells.size() ? pad_right(cells[i], widths[i]) : cells[i];
    }
    std::string_view v = rstrip(s);
    // An empty first column everywhere is the `| a | b |` style: start the row at its first pipe.
    if (!v.empty() && v.front() == ' ' && !widths.empty() && widths[0] == 0) v.remove_prefix(1);
    out.emplace_back(v);
  }
  return out;
}

}  // namespace jixiao::ast::format_detail
