// Quick fixes: apply a "did you mean" suggestion of a diagnostic, and give an indicator without a
// `unit` the unit the checker infers for its value.
#include <regex>

#include "compiler/syntax/syntax_diagnostics.h"
#include "lsp/features.h"

namespace jixiao::lsp {

namespace {
bool overlaps(Span a, uint32_t from, uint32_t to) { return a.begin <= to && from <= a.end; }

std::string suggested_name(const Diagnostic& d) {
  static const std::regex did_you_mean("^did you mean `([^`]+)`\\?$");
  for (auto& n : d.notes) {
    std::smatch m;
    if (std::regex_match(n.message, m, did_you_mean)) return m[1];
  }
  return "";
}

void did_you_mean(const Request& r, FileId file, uint32_t from, uint32_t to, json& out) {
  const Snapshot& s = r.snap;
  for (auto& d : s.project->diags.all()) {
    if (!d.span.valid() || d.span.file != file || !overlaps(d.span, from, to)) continue;
    std::string guess = suggested_name(d);
    if (guess.empty()) continue;
    // The replaced text must be the one name the suggestion replaces, not a longer span.
    std::string_view written = s.project->sources->text(d.span);
    if (written.empty() || written.find_first_of(" \t\n(") != std::string_view::npos) continue;
    std::string text = d.kind == &diag::UnknownProperty ? guess : spell_name(guess);
    json edit = {{"range", range_json(s.source(file), d.span)}, {"newText", text}};
    out.push_back({{"title", "Change to `" + guess + "`"},
                   {"kind", "quickfix"},
                   {"isPreferred", true},
                   {"diagnostics", json::array({diagnostic_json(s, d, file)})},
                   {"edit", {{"changes", {{s.files[file].uri, json::array({edit})}}}}}});
  }
}

// The unit to declare for a value of type `t`, or "" when a plain number has nothing to declare.
std::string unit_for(const check::Type& t) {
  if (t.kind == check::TypeKind::Duration) return "duration";
  if (t.kind == check::TypeKind::Number) return t.unit;
  return "";
}

void missing_unit(const Request& r, FileId file, uint32_t from, uint32_t to, json& out) {
  const Snapshot& s = r.snap;
  const SourceFile& src = s.source(file);
  for (auto& ii : s.program().indicators) {
    if (ii.file != file || !ii.decl || !overlaps(ii.decl->h.span, from, to)) continue;
    const ast::IndicatorDecl& d = *ii.decl;
    if (d.unit.valid() || !d.value.valid()) continue;
    std::string unit = unit_for(s.program().info_of(file, d.value).type);
    if (unit.empty()) continue;
    // After the property that precedes `unit` in the canonical order.
    const ast::PropSpan* after = nullptr;
    for (const char* word : {"every", "by", "value", "where", "from"}) {
      for (auto& p : d.props)
        if (p.word == word && (!after || p.span.end > after->span.end)) after = &p;
      if (after) break;
    }
    if (!after) continue;
    uint32_t line = src.line_col(after->span.end).line;
    if (line == src.line_col(d.h.keyword.begin).line) continue;  // a one-line declaration
    std::string_view text = src.line_text(src.line_col(after->span.begin).line);
    size_t indent = text.find_first_not_of(" \t");
    size_t word_end = text.find_first_of(" \t", indent);
    size_t value_at =
        word_end == std::string_view::npos ? std::string_view::npos : text.find_first_not_of(" \t", word_end);
    std::string prefix(text.substr(0, indent));
    std::string line_text = prefix + "unit";
    size_t width = value_at == std::string_view::npos ? 0 : value_at - indent;
    line_text += std::string(std::max<size_t>(1, width > 4 ? width - 4 : 2), ' ') + unit + "\n";
    Position at{line, 0};  // the start of the next line (line_col is 1-based)
    json edit = {{"range", range_json(at, at)}, {"newText", line_text}};
    out.push_back({{"title", "Add `unit " + unit + "` (inferred from the value)"},
                   {"kind", "quickfix"},
                   {"edit", {{"changes", {{s.files[file].uri, json::array({edit})}}}}}});
  }
}
}  // namespace

json code_actions(const Request& r, const json& params) {
  auto file = document_of(r.snap, params);
  if (!file) return nullptr;
  const SourceFile& src = r.snap.source(*file);
  uint32_t from = 0, to = src.code_points();
  if (params.contains("range") && params["range"].is_object()) {
    from = code_point_offset(src, position_from_json(params["range"].value("start", json::object())));
    to = code_point_offset(src, position_from_json(params["range"].value("end", json::object())));
  }
  json out = json::array();
  did_you_mean(r, *file, from, to, out);
  missing_unit(r, *file, from, to, out);
  return out;
}

}  // namespace jixiao::lsp
