// The AST of parsed files as indented text (`jixiao dump ast`): every declaration in file order with its
// properties, expressions as S-expressions, positions as line:column. For debugging the parser and the
// AST builder, and for golden tests of both.
#pragma once
#include <string>

#include "compiler/ast/ast.h"

namespace jixiao::ast {

std::string ast_text(const File& file, const SourceSet& sources);

}  // namespace jixiao::ast
