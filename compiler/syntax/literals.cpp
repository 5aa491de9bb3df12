#include <charconv>
#include <cmath>

#include "compiler/syntax/syntax.h"
#include "stdlib/time_range.h"

namespace jixiao::syntax {

std::string unescape_string(std::string_view quoted, bool* bad_escape) {
  if (quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"') quoted = quoted.substr(1, quoted.size() - 2);
  std::string out;
  out.reserve(quoted.size());
  for (size_t i = 0; i < quoted.size(); ++i) {
    char c = quoted[i];
    if (c != '\\' || i + 1 == quoted.size()) {
      out += c;
      continue;
    }
    char n = quoted[++i];
    switch (n) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      default:
        if (bad_escape) *bad_escape = true;
        out += '\\';
        out += n;
    }
  }
  return out;
}

std::optional<int64_t> parse_quantity(std::string_view text, std::string* bad_unit, bool* too_long) {
  constexpr int64_t kSecond = 1'000'000;
  double total = 0;
  size_t i = 0;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == start) return std::nullopt;
    double number = 0;
    auto [p, ec] = std::from_chars(text.data() + start, text.data() + i, number);
    if (ec != std::errc() || p != text.data() + i) return std::nullopt;
    size_t unit_start = i;
    while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    double scale;
    if (unit == "s")
      scale = 1;
    else if (unit == "m")
      scale = 60;
    else if (unit == "h")
      scale = 3600;
    else if (unit == "d")
      scale = 86400;
    else if (unit == "w")
      scale = 7 * 86400;
    else {
      if (bad_unit) *bad_unit = std::string(unit);
      return std::nullopt;
    }
    total += number * scale;
  }
  const double micros = std::round(total * kSecond);
  if (!stdlib::time_in_range(micros)) {
    if (too_long) *too_long = true;
    return std::nullopt;
  }
  return static_cast<int64_t>(micros);
}

}  // namespace jixiao::syntax
