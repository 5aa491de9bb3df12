#include "report/escape.h"

#include <cstdio>

namespace jixiao::report {

namespace {

constexpr char32_t kInvalid = 0xFFFD;

// Decodes one code point at s[i] and advances i; an invalid byte (also of an overlong form, such as
// C0 9B for ESC, or a surrogate) is taken alone as U+FFFD of width 1.
char32_t next_code_point(const std::string& s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return kInvalid;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d >> 6) != 2) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (d & 0x3F);
  }
  static constexpr char32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kLeast[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return kInvalid;
  }
  i += len;
  return cp;
}

// C0 (tab and newline included), DEL and C1: a terminal acts on them instead of showing them.
bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

}  // namespace

std::string terminal_text(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t from = i;
    char32_t cp = next_code_point(text, i);
    if (is_control(cp) || (cp == kInvalid && i - from == 1)) {
      for (size_t k = from; k < i; ++k) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[k]));
        out += buf;
      }
    } else {
      out.append(text, from, i - from);
    }
  }
  return out;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t from = i;
    char32_t cp = next_code_point(text, i);
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0, nor is a byte that is
        // not UTF-8 (the document would not load at all).
        if (cp < 0x20 && cp != '\t' && cp != '\n')
          out += ' ';
        else if (cp == kInvalid && i - from == 1)
          out += "\xEF\xBF\xBD";
        else
          out.append(text, from, i - from);
    }
  }
  return out;
}

}  // namespace jixiao::report
