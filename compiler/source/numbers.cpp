#include "compiler/source/numbers.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>

namespace jixiao {

std::string number_text(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[400];  // the longest fixed form of a double (about 330 digits) fits
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (r.ec != std::errc()) return "0";
  return std::string(buf, r.ptr);
}

std::string rounded_number_text(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  if (std::abs(v) >= 1) {
    std::string s = fmt::format("{:.2f}", v);  // money and counts: cents at most
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
  }
  return fmt::format("{:.4g}", v);  // small ratios and rates: four significant digits
}

}  // namespace jixiao
