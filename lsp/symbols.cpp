// Document symbols (an outline: declarations with their columns, nodes, bands and tasks) and
// workspace symbols (declarations and nodes of every file, matched by name or label).
#include "lsp/features.h"

namespace jixiao::lsp {

namespace {
int lsp_kind(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Project: return 4;  // Package
    case ast::DeclKind::Calendar: return 14;  // Constant
    case ast::DeclKind::Channel: return 2;  // Module
    case ast::DeclKind::Source: return 23;  // Struct
    case ast::DeclKind::Indicator: return 12;  // Function
    case ast::DeclKind::Chain: return 5;  // Class
    case ast::DeclKind::Alert: return 24;  // Event
    case ast::DeclKind::Role: return 11;  // Interface
    case ast::DeclKind::View: return 3;  // Namespace
    case ast::DeclKind::Test: return 6;  // Method
  }
  return 13;
}
constexpr int kField = 8, kEnumMember = 22, kConstant = 14, kMethod = 6;

struct Outline {
  std::string name;
  std::string detail;
  int kind;
  Span range, selection;
  std::vector<Outline> children;
};

Outline item(std::string name, const std::optional<std::string>& detail, int kind, Span range, Span selection) {
  if (!selection.valid()) selection = Span{range.file, range.begin, range.begin};
  return Outline{std::move(name), detail.value_or(""), kind, cover(range, selection), selection, {}};
}

std::vector<Outline> outline(const ast::File& f) {
  std::vector<Outline> out;
  auto children_of = [&](const ast::DeclHeader* h) -> std::vector<Outline> {
    std::vector<Outline> kids;
    for (auto& s : f.sources)
      if (&s.h == h)
        for (auto& c : s.columns) kids.push_back(item(c.name.text, c.type.name.text, kField, c.span, c.name.span));
    for (auto& c : f.chains)
      if (&c.h == h) {
        for (auto& n : c.nodes) kids.push_back(item(n.name.text, n.label, kEnumMember, n.span, n.name.span));
        for (auto& b : c.bands) kids.push_back(item(b.name.text, std::nullopt, kConstant, b.span, b.name.span));
      }
    for (auto& a : f.alerts)
      if (&a.h == h)
        for (auto& t : a.tasks) kids.push_back(item(t.name.text, t.label, kMethod, t.span, t.name.span));
    return kids;
  };
  for (auto* h : ast::headers_in_order(f)) {
    std::string name = h->name.valid() ? h->name.text : std::string("(unnamed ") + ast::decl_kind_name(h->kind) + ")";
    Span range = h->span.valid() ? h->span : h->keyword;
    Outline o = item(name, h->label, lsp_kind(h->kind), range, h->name.valid() ? h->name.span : h->keyword);
    o.children = children_of(h);
    out.push_back(std::move(o));
  }
  return out;
}

json document_symbol_json(const SourceFile& src, const Outline& o) {
  json j = {{"name", o.name.empty() ? "?" : o.name},
            {"kind", o.kind},
            {"range", range_json(src, o.range)},
            {"selectionRange", range_json(src, o.selection)}};
  if (!o.detail.empty()) j["detail"] = o.detail;
  if (!o.children.empty()) {
    j["children"] = json::array();
    for (auto& c : o.children) j["children"].push_back(document_symbol_json(src, c));
  }
  return j;
}

// Case-insensitive subsequence match, as editors' quick-open does.
bool fuzzy(const std::string& query, const std::string& text) {
  size_t i = 0;
  for (char c : text) {
    if (i == query.size()) break;
    if (std::tolower(static_cast<unsigned char>(c)) == std::tolower(static_cast<unsigned char>(query[i]))) ++i;
  }
  return i == query.size();
}
}  // namespace

json document_symbols(const Request& r, const json& params) {
  auto file = document_of(r.snap, params);
  if (!file) return nullptr;
  const SourceFile& src = r.snap.source(*file);
  json out = json::array();
  for (auto& o : outline(r.snap.ast(*file))) {
    if (r.caps.hierarchical_symbols) {
      out.push_back(document_symbol_json(src, o));
      continue;
    }
    out.push_back({{"name", o.name}, {"kind", o.kind}, {"location", location_json(r.snap, o.selection)}});
    for (auto& c : o.children)
      out.push_back({{"name", c.name},
                     {"kind", c.kind},
                     {"location", location_json(r.snap, c.selection)},
                     {"containerName", o.name}});
  }
  return out;
}

json workspace_symbols(const Request& r, const json& params) {
  std::string query =
      params.is_object() && params.value("query", json("")).is_string() ? params["query"].get<std::string>() : "";
  json out = json::array();
  for (FileId id = 0; id < r.snap.files.size(); ++id) {
    for (auto& o : outline(r.snap.ast(id))) {
      bool decl_matches = fuzzy(query, o.name) || (!query.empty() && o.detail.find(query) != std::string::npos);
      if (decl_matches)
        out.push_back({{"name", o.name}, {"kind", o.kind}, {"location", location_json(r.snap, o.selection)}});
      for (auto& c : o.children) {
        if (c.kind != kEnumMember) continue;  // nodes; columns would drown the list
        if (fuzzy(query, c.name) || (!query.empty() && c.detail.find(query) != std::string::npos))
          out.push_back({{"name", c.name},
                         {"kind", c.kind},
                         {"location", location_json(r.snap, c.selection)},
                         {"containerName", o.name}});
      }
    }
  }
  return out;
}

}  // namespace jixiao::lsp
