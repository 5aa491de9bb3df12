// Inlay hints: after an indicator's `value`, the unit the checker infers for it, so a ratio that
// was meant as a count (or money that lost its currency) shows before anyone runs the rules.
#include "lsp/features.h"

namespace jixiao::lsp {

json inlay_hints(const Request& r, const json& params) {
  auto file = document_of(r.snap, params);
  if (!file) return nullptr;
  const SourceFile& src = r.snap.source(*file);
  uint32_t from = 0, to = UINT32_MAX;
  if (params.contains("range") && params["range"].is_object()) {
    from = code_point_offset(src, position_from_json(params["range"].value("start", json::object())));
    to = code_point_offset(src, position_from_json(params["range"].value("end", json::object())));
  }
  json out = json::array();
  for (auto& ii : r.snap.program().indicators) {
    if (ii.file != *file || !ii.decl || !ii.decl->value.valid()) continue;
    const ast::Expr& value = r.snap.ast(*file).expr(ii.decl->value);
    if (value.span.end < from || value.span.end > to) continue;
    const check::Type& t = r.snap.program().info_of(*file, ii.decl->value).type;
    if (t.is_error()) continue;
    std::string label = ": " + check::type_name(t);
    json hint = {
        {"position", to_json(position_of(src, value.span.end))}, {"label", label}, {"kind", 1}, {"paddingLeft", true}};
    if (!ii.unit.empty() && ii.unit != t.unit && !(t.kind == check::TypeKind::Duration))
      hint["tooltip"] = "inferred from the expression; the declared unit is `" + ii.unit + "`";
    else
      hint["tooltip"] = "the unit inferred from the expression";
    out.push_back(hint);
  }
  return out;
}

}  // namespace jixiao::lsp
