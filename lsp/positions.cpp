#include "lsp/positions.h"

#include <algorithm>

namespace jixiao::lsp {

namespace {
size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// Advances `i` over the code points of `line` until `units` UTF-16 units are consumed. A position
// inside a surrogate pair rounds up to the end of the code point.
size_t advance_utf16(std::string_view line, uint32_t units) {
  size_t i = 0;
  uint32_t seen = 0;
  while (i < line.size() && seen < units) {
    size_t n = std::min(sequence_length(static_cast<unsigned char>(line[i])), line.size() - i);
    seen += n == 4 ? 2 : 1;
    i += n;
  }
  return i;
}

std::string_view strip_break(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}
}  // namespace

Position position_from_json(const json& j) {
  Position p;
  if (!j.is_object()) return p;
  auto num = [&](const char* key) -> uint32_t {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return 0;
    double v = it->get<double>();
    return v <= 0 ? 0 : v >= 4e9 ? 4000000000u : static_cast<uint32_t>(v);
  };
  p.line = num("line");
  p.character = num("character");
  return p;
}

json to_json(Position p) { return json{{"line", p.line}, {"character", p.character}}; }

uint32_t utf16_length(std::string_view s) {
  uint32_t n = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = std::min(sequence_length(static_cast<unsigned char>(s[i])), s.size() - i);
    n += len == 4 ? 2 : 1;
    i += len;
  }
  return n;
}

size_t byte_offset(std::string_view text, Position p) {
  size_t start = 0;
  for (uint32_t l = 0; l < p.line; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return text.size();
    start = nl + 1;
  }
  size_t nl = text.find('\n', start);
  std::string_view line =
      strip_break(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
  return start + advance_utf16(line, p.character);
}

Position position_of_byte(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  Position p;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  p.character = utf16_length(text.substr(line_start, offset - line_start));
  return p;
}

uint32_t code_point_offset(const SourceFile& file, Position p) {
  uint32_t line = std::min(p.line + 1, file.line_count());
  std::string_view text = file.line_text(line);
  size_t bytes = advance_utf16(text, p.line + 1 > file.line_count() ? UINT32_MAX : p.character);
  return file.line_start(line) + static_cast<uint32_t>(utf8_length(text.substr(0, bytes)));
}

Position position_of(const SourceFile& file, uint32_t offset) {
  LineCol lc = file.line_col(offset);
  std::string_view text = file.line_text(lc.line);
  // Walk `column - 1` code points; an offset on the line break itself lands at the line's end.
  size_t i = 0;
  for (uint32_t k = 1; k < lc.column && i < text.size(); ++k)
    i += std::min(sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
  return Position{lc.line - 1, utf16_length(text.substr(0, i))};
}

json range_json(Position begin, Position end) { return json{{"start", to_json(begin)}, {"end", to_json(end)}}; }

json range_json(const SourceFile& file, Span span) {
  return range_json(position_of(file, span.begin), position_of(file, std::max(span.begin, span.end)));
}

}  // namespace jixiao::lsp
