#include "compiler/source/source.h"

#include <algorithm>

namespace jixiao {

Span cover(Span a, Span b) {
  if (!a.valid()) return b;
  if (!b.valid()) return a;
  return Span{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

namespace {

// Decodes one code point at `i`; returns its length in bytes, or 0 for an invalid sequence.
size_t decode_one(std::string_view s, size_t i, char32_t& out) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    out = b;
    return 1;
  }
  size_t len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  char32_t cp = b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  out = cp;
  return len;
}

}  // namespace

std::u32string decode_utf8(std::string_view bytes) {
  std::u32string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    char32_t cp;
    size_t n = decode_one(bytes, i, cp);
    if (n == 0) {
      out.push_back(0xFFFD);
      ++i;
    } else {
      out.push_back(cp);
      i += n;
    }
  }
  return out;
}

std::string encode_utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string encode_utf8(std::u32string_view cps) {
  std::string out;
  out.reserve(cps.size());
  for (char32_t cp : cps) out += encode_utf8(cp);
  return out;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): callers move their buffer in
SourceFile::SourceFile(std::string path, std::string bytes) : path_(std::move(path)) {
  text_.reserve(bytes.size());
  line_starts_.push_back(0);
  for (size_t i = 0; i < bytes.size();) {
    char32_t cp;
    size_t n = decode_one(bytes, i, cp);
    byte_of_.push_back(static_cast<uint32_t>(text_.size()));
    if (n == 0) {
      if (invalid_utf8_offset_ == UINT32_MAX) invalid_utf8_offset_ = static_cast<uint32_t>(byte_of_.size() - 1);
      text_ += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    text_.append(bytes, i, n);
    i += n;
    if (cp == '\n') line_starts_.push_back(static_cast<uint32_t>(byte_of_.size()));
  }
  byte_of_.push_back(static_cast<uint32_t>(text_.size()));
}

LineCol SourceFile::line_col(uint32_t offset) const {
  offset = std::min(offset, code_points());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<uint32_t>(it - line_starts_.begin());
  return LineCol{line, offset - line_starts_[line - 1] + 1};
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t b = byte_of_[line_starts_[line - 1]];
  uint32_t e = line < line_starts_.size() ? byte_of_[line_starts_[line]] : static_cast<uint32_t>(text_.size());
  std::string_view v(text_.data() + b, e - b);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

std::string_view SourceFile::slice(uint32_t begin, uint32_t end) const {
  begin = std::min(begin, code_points());
  end = std::clamp(end, begin, code_points());
  return std::string_view(text_).substr(byte_of_[begin], byte_of_[end] - byte_of_[begin]);
}

FileId SourceSet::add(std::string path, std::string bytes) {
  files_.emplace_back(std::move(path), std::move(bytes));
  return static_cast<FileId>(files_.size() - 1);
}

}  // namespace jixiao
