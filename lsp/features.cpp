// Helpers shared by the features.
#include "lsp/features.h"

namespace jixiao::lsp {

std::optional<FileId> document_of(const Snapshot& snap, const json& params) {
  if (!params.is_object()) return std::nullopt;
  auto td = params.find("textDocument");
  if (td == params.end() || !td->is_object()) return std::nullopt;
  auto uri = td->find("uri");
  if (uri == td->end() || !uri->is_string()) return std::nullopt;
  return snap.file_of(uri->get<std::string>());
}

std::optional<DocPosition> locate(const Snapshot& snap, const json& params) {
  auto file = document_of(snap, params);
  if (!file || !params.contains("position")) return std::nullopt;
  return DocPosition{*file, code_point_offset(snap.source(*file), position_from_json(params["position"]))};
}

json location_json(const Snapshot& snap, Span span) {
  if (!span.valid() || span.file >= snap.files.size()) return nullptr;
  return json{{"uri", snap.files[span.file].uri}, {"range", range_json(snap.source(span.file), span)}};
}

json markup(const ClientCaps& caps, const std::string& markdown) {
  return json{{"kind", caps.markdown ? "markdown" : "plaintext"}, {"value", markdown}};
}

}  // namespace jixiao::lsp
