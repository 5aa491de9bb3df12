// The canonical formatter: AST (plus the source, for comments) -> the canonical text of a file.
//
// The canonical form is described in docs (formatter rules); in short: declarations in file order
// separated by one blank line, properties in the order of `property_words`, values aligned per block,
// expressions with minimal parentheses, pipe tables aligned, every comment kept. Formatting is
// idempotent, and the result parses to the same AST as the input.
#pragma once
#include <string>

#include "compiler/ast/ast.h"

namespace jixiao::ast {

// The canonical text of `file`, which was parsed from `source`. A file with syntax errors
// (`file.had_syntax_errors`) is returned unchanged: the formatter never drops what it cannot place.
// The result ends with exactly one newline (or is empty when the file holds nothing).
std::string format_file(const File& file, const SourceFile& source);

}  // namespace jixiao::ast
