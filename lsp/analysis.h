// One analysis of the whole project: the texts it was made from, the front-end's result and the
// symbol index. A Snapshot never changes once made, so a request answers from one consistent state.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/frontend/frontend.h"
#include "lsp/symbol_index.h"

namespace jixiao::lsp {

struct FileInput {
  std::string key;  // the normalised path (or the URI of a document that is not a file)
  std::string uri;
  std::string text;
  std::optional<int64_t> version;  // open documents only
};

struct Snapshot {
  uint64_t revision = 0;
  std::vector<FileInput> files;  // indexed by FileId, as the project's sources
  std::unique_ptr<CheckedProject> project;
  std::vector<bool> syntax_errors;  // by FileId
  std::vector<std::string> not_parsed;  // by FileId: why the file was left out ("" when it was parsed)
  SymbolIndex index;

  std::optional<FileId> file_of(const std::string& uri) const;
  const SourceFile& source(FileId id) const { return project->sources->file(id); }
  const ast::File& ast(FileId id) const { return project->program.files[id]; }
  const check::Program& program() const { return project->program; }

 private:
  friend class Analyzer;
  std::map<std::string, FileId> by_uri_;
};

// Parses and checks a project, reparsing only the files whose text changed since the last call:
// the checker always sees the whole project, so names across files stay right.
class Analyzer {
 public:
  std::shared_ptr<const Snapshot> analyze(std::vector<FileInput> files, uint64_t revision);

 private:
  struct Parsed {
    std::string text;
    FileId id = kNoFile;
    ast::File file;
    std::vector<Diagnostic> diags;
    std::string not_parsed;
  };
  std::map<std::string, Parsed> cache_;
};

// Why a text must not reach the parser, or "": the parser and checker recurse once per nesting level
// and per operator of a chain, and the front-end has no limit of its own yet, so absurd input would
// overflow the stack and end the server.
std::string nesting_problem(std::string_view text);

}  // namespace jixiao::lsp
