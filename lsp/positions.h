// LSP positions count UTF-16 code units per line; the front-end's spans count code points and the
// editor's text is UTF-8. Every conversion between them goes through here.
#pragma once
#include <cstdint>
#include <string_view>

#include "compiler/source/source.h"
#include "lsp/protocol.h"

namespace jixiao::lsp {

struct Position {
  uint32_t line = 0;  // 0-based
  uint32_t character = 0;  // UTF-16 code units
};

Position position_from_json(const json& j);
json to_json(Position p);

// Lines end at '\n' (a preceding '\r' belongs to the break), as in compiler/source.
// Byte offset in UTF-8 `text` of an LSP position; positions past a line's end clamp to it.
size_t byte_offset(std::string_view text, Position p);
// The LSP position of a byte offset in `text`.
Position position_of_byte(std::string_view text, size_t offset);
uint32_t utf16_length(std::string_view utf8);

// Code point offset in a source file of an LSP position (clamped to the file).
uint32_t code_point_offset(const SourceFile& file, Position p);
Position position_of(const SourceFile& file, uint32_t code_point_offset);
json range_json(const SourceFile& file, Span span);
json range_json(Position begin, Position end);

}  // namespace jixiao::lsp
