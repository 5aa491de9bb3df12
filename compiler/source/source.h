// Source files, spans and line maps. Spans count Unicode code points, as ANTLR's token indexes and
// the column numbers of docs/cli.md do; the file keeps the map back to UTF-8 bytes for slicing text.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

struct Span {
  FileId file = kNoFile;
  uint32_t begin = 0;  // code point offset, inclusive
  uint32_t end = 0;  // code point offset, exclusive
  bool valid() const { return file != kNoFile; }
};

// Joins two spans of the same file into the smallest span covering both.
Span cover(Span a, Span b);

struct LineCol {
  uint32_t line;  // 1-based
  uint32_t column;  // 1-based, in code points
};

class SourceFile {
 public:
  // Invalid UTF-8 is replaced by U+FFFD so that every later phase sees valid text;
  // `had_invalid_utf8()` tells the caller to report it.
  SourceFile(std::string path, std::string bytes);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  bool had_invalid_utf8() const { return invalid_utf8_offset_ != UINT32_MAX; }
  uint32_t invalid_utf8_offset() const { return invalid_utf8_offset_; }
  uint32_t code_points() const { return static_cast<uint32_t>(byte_of_.size() - 1); }

  LineCol line_col(uint32_t offset) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  // The text of a 1-based line, without its line break.
  std::string_view line_text(uint32_t line) const;
  // The UTF-8 text of a span (which must lie in this file).
  std::string_view slice(uint32_t begin, uint32_t end) const;
  // Code point offset of the start of a 1-based line.
  uint32_t line_start(uint32_t line) const { return line_starts_[line - 1]; }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> byte_of_;  // code point index -> byte offset, plus one past the end
  std::vector<uint32_t> line_starts_;  // code point offsets
  uint32_t invalid_utf8_offset_ = UINT32_MAX;
};

// All files of one project. FileIds index into it.
class SourceSet {
 public:
  FileId add(std::string path, std::string bytes);
  const SourceFile& file(FileId id) const { return files_[id]; }
  size_t size() const { return files_.size(); }
  std::string_view text(Span s) const { return files_[s.file].slice(s.begin, s.end); }

 private:
  std::vector<SourceFile> files_;
};

// Decodes UTF-8 into code points, replacing invalid sequences with U+FFFD.
std::u32string decode_utf8(std::string_view bytes);
std::string encode_utf8(char32_t cp);
std::string encode_utf8(std::u32string_view cps);
// Number of code points in valid UTF-8 text.
size_t utf8_length(std::string_view s);

}  // namespace jixiao
