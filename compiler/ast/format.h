// The canonical formatter: AST (plus the source, for comments) -> the canonical text of a file.
//
// The canonical form, in short (docs/ carries the full list):
//  - declarations in file order, one blank line between them; `keyword name "label" {`, two-space
//    indentation, an empty block closes on its line (`role r {}`);
//  - properties one per line in the order of `property_words`; a repeated property (hours, given,
//    expect, attach, ...) keeps its written order; values start at indent + longest word + 2;
//  - a source's columns follow its properties after a blank line, types aligned at the longest
//    `name:` + 1; a chain's nodes and its bands are groups of their own, also after a blank line;
//  - a node goes on one line (`node a "x" { owner s; within 2h }`) unless it has comments or bands
//    inside or does not fit in 100 columns; a node without properties has no braces;
//  - expressions with minimal parentheses; a condition longer than 100 columns breaks after each
//    top-level `and`/`or`, a list after its commas; names in backticks only where needed;
//  - pipe tables aligned (by display width), CSV text blocks only reindented;
//  - comments move with the item they are on or before; a trailing comment is two spaces after
//    its line; nothing is ever dropped.
// Formatting is idempotent, and the result parses to the same AST as the input.
#pragma once
#include <string>

#include "compiler/ast/ast.h"

namespace jixiao::ast {

// The canonical text of `file`, which was parsed from `source`. A file with syntax errors
// (`file.had_syntax_errors`) is returned unchanged: the formatter never drops what it cannot place.
// The result ends with exactly one newline (or is empty when the file holds nothing).
std::string format_file(const File& file, const SourceFile& source);

}  // namespace jixiao::ast
