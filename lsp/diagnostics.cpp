// Front-end diagnostics as LSP diagnostics: the code, notes with a place as related information,
// notes without one (such as "did you mean") appended to the message, where editors show them.
#include "lsp/features.h"

namespace jixiao::lsp {

json diagnostic_json(const Snapshot& snap, const Diagnostic& d, FileId file) {
  const SourceFile& src = snap.source(file);
  Span span = d.span.valid() && d.span.file == file ? d.span : Span{file, 0, 0};
  std::string message = d.message;
  json related = json::array();
  for (auto& n : d.notes) {
    if (n.span.valid() && n.span.file < snap.files.size())
      related.push_back({{"location", location_json(snap, n.span)}, {"message", n.message}});
    else
      message += "\n" + n.message;
  }
  json out = {{"range", range_json(src, span)},
              {"severity", d.is_error() ? 1 : 2},
              {"code", std::string(d.kind->code)},
              {"source", "jixiao"},
              {"message", message}};
  if (!related.empty()) out["relatedInformation"] = related;
  return out;
}

json diagnostics_of(const Snapshot& snap, FileId file) {
  json out = json::array();
  if (file >= snap.files.size()) return out;
  if (!snap.not_parsed[file].empty()) {
    out.push_back({{"range", range_json(Position{}, Position{})},
                   {"severity", 1},
                   {"source", "jixiao"},
                   {"message", "this file was not checked: " + snap.not_parsed[file]}});
  }
  for (auto& d : snap.project->diags.all()) {
    // A diagnostic without a place belongs to the project; it is shown on its first file.
    bool here = d.span.valid() ? d.span.file == file : file == 0;
    if (here) out.push_back(diagnostic_json(snap, d, file));
  }
  return out;
}

}  // namespace jixiao::lsp
