// Source text -> AST, with error recovery. Every declaration keyword in the first column of a line
// starts a new declaration, so one broken declaration never hides the ones after it.
#pragma once
#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostics.h"

namespace jixiao::syntax {

ast::File parse_file(const SourceSet& sources, FileId file, DiagnosticSink& diags);

// Literal helpers shared with the checker and the runtime's test tables.
// `"a\"b"` -> a"b; bad escapes are kept as written and reported through `bad_escape`.
std::string unescape_string(std::string_view quoted, bool* bad_escape = nullptr);
// `1h30m` -> micros; nullopt with the offending unit in `bad_unit` when a unit is unknown, or with
// `too_long` set beyond the language's time range (stdlib/time_range.h).
std::optional<int64_t> parse_quantity(std::string_view text, std::string* bad_unit = nullptr, bool* too_long = nullptr);

}  // namespace jixiao::syntax
