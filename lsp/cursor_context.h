// Where the cursor is, read from the text itself rather than from the AST: completion and signature
// help run while the user types, when the line at the cursor usually does not parse yet.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao::lsp {

struct TextToken {
  enum Kind { Word, Number, String, Punct } kind;
  std::string text;  // Word: without backticks
  size_t begin = 0;  // byte offsets in the document
  size_t end = 0;
};

struct CursorContext {
  std::string decl_kind;  // "" at the top level
  std::string decl_name;
  std::vector<std::string> blocks;  // open blocks, outermost first: "indicator", "node", "task", "bands", "keys"
  std::vector<TextToken> statement;  // the current property's tokens before the word being typed
  std::string prefix;  // the word being typed, possibly empty
  size_t prefix_begin = 0;  // byte offset where it starts
  bool in_string = false;
  bool in_comment = false;
  bool at_column_zero = false;  // the word being typed starts its line
  // The enclosing declaration's properties by first word (whole declaration, also after the
  // cursor): `from` -> "inspections", `case` -> "lead_id".
  std::map<std::string, std::string> decl_props;

  std::string block() const { return blocks.empty() ? "" : blocks.back(); }
  std::string property() const {
    return statement.empty() || statement[0].kind != TextToken::Word ? "" : statement[0].text;
  }
  const TextToken* last() const { return statement.empty() ? nullptr : &statement.back(); }
  // The `i`-th token from the end (0 = last), or null.
  const TextToken* back(size_t i) const {
    return i < statement.size() ? &statement[statement.size() - 1 - i] : nullptr;
  }
};

CursorContext cursor_context(std::string_view text, size_t offset);

// True for the keywords that start a declaration in the first column.
bool is_declaration_keyword(std::string_view word);

}  // namespace jixiao::lsp
