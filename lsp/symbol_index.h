// Every name in the project with what it refers to: declarations, columns, enum members, chain nodes
// and bands, alert tasks and builtins. Built once per analysis from the AST and the checker's
// resolved references; definition, references, rename, hover, highlights and semantic tokens all
// read it, so they agree on what a name means.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/check/check.h"

namespace jixiao::lsp {

enum class SymbolKind : uint8_t { Declaration, Column, EnumMember, Node, Band, Task, Builtin };

struct Symbol {
  SymbolKind kind = SymbolKind::Declaration;
  std::string scope;  // Column, EnumMember: the table; Node, Band: the chain; Task: the alert
  std::string column;  // EnumMember: the enum column
  std::string name;
  std::string key() const;
};

struct Occurrence {
  Span span;  // the name as written, backticks included
  Symbol symbol;
  bool definition = false;
  bool in_text = false;  // inside a string or a test table: never written with backticks
  // For a reference to a declaration: the kind its place calls for (an undeclared owner is a role).
  std::optional<ast::DeclKind> expects;
};

// A declaration keyword or property word, for hover and semantic tokens.
struct KeywordSpan {
  Span span;
  std::string block;  // "indicator", "node", ... (ast::property_words); "" for declaration keywords
  std::string word;
};

class SymbolIndex {
 public:
  static SymbolIndex build(const check::Program& program, const SourceSet& sources);

  // The occurrence under a cursor at `offset` (a cursor just after a name still counts).
  const Occurrence* at(FileId file, uint32_t offset) const;
  const KeywordSpan* keyword_at(FileId file, uint32_t offset) const;
  std::vector<const Occurrence*> occurrences_of(const std::string& key) const;
  const std::vector<Occurrence>& in_file(FileId file) const;
  const std::vector<KeywordSpan>& keywords_in(FileId file) const;

  // Declarations by name (tests excluded: their names are titles, not references).
  const ast::DeclHeader* declaration(const std::string& name) const;
  FileId declaration_file(const std::string& name) const;

 private:
  friend class IndexBuilder;
  std::vector<std::vector<Occurrence>> by_file_;  // sorted by span begin
  std::vector<std::vector<KeywordSpan>> keywords_;
  std::unordered_map<std::string, std::vector<std::pair<FileId, size_t>>> by_key_;
  std::unordered_map<std::string, std::pair<const ast::DeclHeader*, FileId>> declarations_;
};

// Renamable: everything but builtins and the columns every chain table has (node, status, ...).
bool renamable(const Symbol& s, const check::Program& program);

}  // namespace jixiao::lsp
