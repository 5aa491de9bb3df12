// The language features. Each is a function from a snapshot and the request's params to the result
// JSON, in a file of its own; none touches the transport or the workspace's mutable state.
#pragma once
#include <optional>
#include <vector>

#include "lsp/analysis.h"
#include "lsp/positions.h"
#include "lsp/protocol.h"

namespace jixiao::lsp {

// What the client said it can take (initialize's capabilities).
struct ClientCaps {
  bool snippets = false;
  bool markdown = false;
  bool hierarchical_symbols = false;
};

struct Request {
  const Snapshot& snap;
  // Models from before the current one in which the document had no syntax errors, newest first:
  // completion looks names up there when the current text is too broken to say.
  std::vector<const Snapshot*> last_good;
  const ClientCaps& caps;
};

// The file and code point offset a request's textDocument + position point at.
struct DocPosition {
  FileId file;
  uint32_t offset;
};
std::optional<DocPosition> locate(const Snapshot& snap, const json& params);
std::optional<FileId> document_of(const Snapshot& snap, const json& params);
json location_json(const Snapshot& snap, Span span);
// Markdown when the client renders it, else plain text.
json markup(const ClientCaps& caps, const std::string& markdown);
// A name as it must be written: in backticks unless it is a plain identifier.
std::string spell_name(const std::string& name);

json diagnostics_of(const Snapshot& snap, FileId file);
json diagnostic_json(const Snapshot& snap, const Diagnostic& d, FileId file);
json completion(const Request& r, const json& params);
json hover(const Request& r, const json& params);
json definition(const Request& r, const json& params);
json references(const Request& r, const json& params);
json document_highlight(const Request& r, const json& params);
json prepare_rename(const Request& r, const json& params);
json rename(const Request& r, const json& params);  // throws RequestError
json document_symbols(const Request& r, const json& params);
json workspace_symbols(const Request& r, const json& params);
json formatting(const Request& r, const json& params);
json semantic_tokens_legend();
json semantic_tokens(const Request& r, const json& params);
json code_actions(const Request& r, const json& params);
json signature_help(const Request& r, const json& params);
json inlay_hints(const Request& r, const json& params);
// For the editor extension's commands: the declaration under the cursor, and all of one kind.
json declaration_at(const Request& r, const json& params);
json declarations(const Request& r, const json& params);

}  // namespace jixiao::lsp
