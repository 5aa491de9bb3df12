// prepareRename and rename. A new name that is not a plain identifier (a space, a keyword of the expression
// language) is written in backticks, as the language allows for any name (docs/language-reference.md).
#include <set>

#include "lsp/features.h"

namespace jixiao::lsp {

namespace {
const std::set<std::string>& reserved_words() {
  static const std::set<std::string> words = {"and",   "or",    "not",  "in",       "is",  "null",        "true",
                                              "false", "where", "from", "deviates", "for", "consecutive", "required"};
  return words;
}

bool plain_identifier(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (unsigned char c : s)
    if (!(c >= 0x80 || std::isalnum(c) || c == '_')) return false;
  return !reserved_words().count(s);
}

const Occurrence& renamable_at(const Request& r, const json& params) {
  auto at = locate(r.snap, params);
  const Occurrence* o = at ? r.snap.index.at(at->file, at->offset) : nullptr;
  if (!o) throw RequestError{rpc_error::kRequestFailed, "there is no name here to rename"};
  if (o->symbol.kind == SymbolKind::Builtin)
    throw RequestError{rpc_error::kRequestFailed,
                       "`" + o->symbol.name + "` is a builtin function and cannot be renamed"};
  if (!renamable(o->symbol, r.snap.program()))
    throw RequestError{rpc_error::kRequestFailed,
                       "`" + o->symbol.name + "` is a column every chain has and cannot be renamed"};
  return *o;
}
}  // namespace

// Names as written in the language: backticks where a plain identifier would not do.
std::string spell_name(const std::string& name) { return plain_identifier(name) ? name : "`" + name + "`"; }

json prepare_rename(const Request& r, const json& params) {
  const Occurrence& o = renamable_at(r, params);
  return json{{"range", range_json(r.snap.source(o.span.file), o.span)}, {"placeholder", o.symbol.name}};
}

json rename(const Request& r, const json& params) {
  const Occurrence& o = renamable_at(r, params);
  std::string name = params.value("newName", json("")).is_string() ? params["newName"].get<std::string>() : "";
  if (name.size() >= 2 && name.front() == '`' && name.back() == '`') name = name.substr(1, name.size() - 2);
  if (name.empty() || name.find_first_of("`\n\r\"") != std::string::npos)
    throw RequestError{rpc_error::kRequestFailed,
                       "a name cannot be empty or contain a backtick, a quote or a line break"};
  if (name == o.symbol.name) return json{{"changes", json::object()}};
  // Two declarations with one name would be an error (E0020): refuse instead of making it.
  if (o.symbol.kind == SymbolKind::Declaration && r.snap.index.declaration(name))
    throw RequestError{rpc_error::kRequestFailed, "`" + name + "` is already declared"};
  if (o.symbol.kind == SymbolKind::Column) {
    int t = r.snap.program().find_table(o.symbol.scope);
    if (t >= 0 && r.snap.program().tables[t].find(name) >= 0)
      throw RequestError{rpc_error::kRequestFailed, "`" + o.symbol.scope + "` already has a column `" + name + "`"};
  }
  json changes = json::object();
  std::string text = spell_name(name);
  for (auto* x : r.snap.index.occurrences_of(o.symbol.key())) {
    const std::string& uri = r.snap.files[x->span.file].uri;
    if (!changes.contains(uri)) changes[uri] = json::array();
    // Placeholders in messages and cells of test tables are inside text: no backticks there.
    changes[uri].push_back(
        {{"range", range_json(r.snap.source(x->span.file), x->span)}, {"newText", x->in_text ? name : text}});
  }
  return json{{"changes", changes}};
}

}  // namespace jixiao::lsp
