// Requests for the editor extension's commands ("explain the indicator under the cursor", "show a
// chain's heatmap"): which declaration the cursor is in, and the declarations of one kind.
#include "lsp/features.h"

namespace jixiao::lsp {

namespace {
json declaration_json(const Snapshot& s, const ast::DeclHeader& h, FileId file) {
  json j = {{"kind", ast::decl_kind_name(h.kind)},
            {"name", h.name.text},
            {"uri", s.files[file].uri},
            {"range", range_json(s.source(file), h.name.valid() ? h.name.span : h.keyword)}};
  if (h.label) j["label"] = *h.label;
  return j;
}
}  // namespace

json declaration_at(const Request& r, const json& params) {
  auto at = locate(r.snap, params);
  if (!at) return nullptr;
  // A name that refers to a declaration wins: `defect_rate` inside an alert means the indicator.
  if (const Occurrence* o = r.snap.index.at(at->file, at->offset); o && o->symbol.kind == SymbolKind::Declaration)
    if (const ast::DeclHeader* h = r.snap.index.declaration(o->symbol.name))
      return declaration_json(r.snap, *h, r.snap.index.declaration_file(o->symbol.name));
  for (auto* h : ast::headers_in_order(r.snap.ast(at->file)))
    if (h->span.begin <= at->offset && at->offset <= h->span.end) return declaration_json(r.snap, *h, at->file);
  return nullptr;
}

json declarations(const Request& r, const json& params) {
  std::string kind =
      params.is_object() && params.value("kind", json("")).is_string() ? params["kind"].get<std::string>() : "";
  json out = json::array();
  for (FileId id = 0; id < r.snap.files.size(); ++id)
    for (auto* h : ast::headers_in_order(r.snap.ast(id)))
      if (h->name.valid() && (kind.empty() || kind == ast::decl_kind_name(h->kind)))
        out.push_back(declaration_json(r.snap, *h, id));
  return out;
}

}  // namespace jixiao::lsp
