#include "compiler/source/unicode.h"

#include "compiler/source/source.h"

namespace jixiao {

namespace {

bool in(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }

// East Asian Width W and F (Unicode 15), the ranges that occur in text: Hangul, CJK, kana,
// fullwidth forms and the common emoji blocks.
bool is_wide(char32_t cp) {
  return in(cp, 0x1100, 0x115F) || in(cp, 0x231A, 0x231B) || in(cp, 0x2329, 0x232A) || in(cp, 0x23E9, 0x23EC) ||
         cp == 0x23F0 || cp == 0x23F3 || in(cp, 0x25FD, 0x25FE) || in(cp, 0x2614, 0x2615) || in(cp, 0x2648, 0x2653) ||
         cp == 0x267F || cp == 0x2693 || cp == 0x26A1 || in(cp, 0x26AA, 0x26AB) || in(cp, 0x26BD, 0x26BE) ||
         in(cp, 0x26C4, 0x26C5) || cp == 0x26CE || cp == 0x26D4 || cp == 0x26EA || in(cp, 0x26F2, 0x26F3) ||
         cp == 0x26F5 || cp == 0x26FA || cp == 0x26FD || cp == 0x2705 || in(cp, 0x270A, 0x270B) || cp == 0x2728 ||
         cp == 0x274C || cp == 0x274E || in(cp, 0x2753, 0x2755) || cp == 0x2757 || in(cp, 0x2795, 0x2797) ||
         cp == 0x27B0 || cp == 0x27BF || in(cp, 0x2B1B, 0x2B1C) || cp == 0x2B50 || cp == 0x2B55 ||
         in(cp, 0x2E80, 0x303E) || in(cp, 0x3041, 0x33FF) || in(cp, 0x3400, 0x4DBF) || in(cp, 0x4E00, 0x9FFF) ||
         in(cp, 0xA000, 0xA4CF) || in(cp, 0xA960, 0xA97F) || in(cp, 0xAC00, 0xD7A3) || in(cp, 0xF900, 0xFAFF) ||
         in(cp, 0xFE10, 0xFE19) || in(cp, 0xFE30, 0xFE6F) || in(cp, 0xFF00, 0xFF60) || in(cp, 0xFFE0, 0xFFE6) ||
         in(cp, 0x1F300, 0x1F64F) || in(cp, 0x1F900, 0x1F9FF) || in(cp, 0x20000, 0x2FFFD) || in(cp, 0x30000, 0x3FFFD);
}

bool is_zero_width(char32_t cp) {
  return in(cp, 0x0300, 0x036F) || in(cp, 0x1AB0, 0x1AFF) || in(cp, 0x1DC0, 0x1DFF) || in(cp, 0x200B, 0x200F) ||
         in(cp, 0x20D0, 0x20FF) || in(cp, 0xFE00, 0xFE0F) || in(cp, 0xFE20, 0xFE2F);
}

}  // namespace

int char_width(char32_t cp) { return is_zero_width(cp) ? 0 : is_wide(cp) ? 2 : 1; }

size_t display_width(std::string_view utf8) {
  size_t w = 0;
  for (char32_t cp : decode_utf8(utf8)) w += static_cast<size_t>(char_width(cp));
  return w;
}

}  // namespace jixiao
