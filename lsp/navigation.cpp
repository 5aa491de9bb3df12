// Go to definition, find references and document highlights: all read the symbol index, so a name
// means the same thing in each.
#include "lsp/features.h"

namespace jixiao::lsp {

namespace {
const Occurrence* occurrence_at(const Request& r, const json& params) {
  auto at = locate(r.snap, params);
  return at ? r.snap.index.at(at->file, at->offset) : nullptr;
}
}  // namespace

json definition(const Request& r, const json& params) {
  const Occurrence* o = occurrence_at(r, params);
  if (!o) return nullptr;
  json out = json::array();
  for (auto* d : r.snap.index.occurrences_of(o->symbol.key()))
    if (d->definition) out.push_back(location_json(r.snap, d->span));
  if (out.empty()) return nullptr;  // builtins, undeclared owners, the columns every chain has
  return out.size() == 1 ? out[0] : out;
}

json references(const Request& r, const json& params) {
  const Occurrence* o = occurrence_at(r, params);
  if (!o) return nullptr;
  bool with_declaration = true;
  if (params.contains("context") && params["context"].is_object())
    with_declaration = params["context"].value("includeDeclaration", true);
  json out = json::array();
  for (auto* x : r.snap.index.occurrences_of(o->symbol.key()))
    if (with_declaration || !x->definition) out.push_back(location_json(r.snap, x->span));
  return out;
}

json document_highlight(const Request& r, const json& params) {
  auto at = locate(r.snap, params);
  if (!at) return nullptr;
  const Occurrence* o = r.snap.index.at(at->file, at->offset);
  if (!o) return nullptr;
  json out = json::array();
  for (auto* x : r.snap.index.occurrences_of(o->symbol.key()))
    if (x->span.file == at->file)
      out.push_back({{"range", range_json(r.snap.source(at->file), x->span)}, {"kind", x->definition ? 3 : 2}});
  return out;
}

}  // namespace jixiao::lsp
