// Semantic tokens. The TextMate grammar colours what is lexical (comments, strings, literals); the
// server adds what only the checker knows: whether `time` is a property word or a column, which
// names are indicators, sources, roles, enum members or builtins.
#include "lsp/features.h"

namespace jixiao::lsp {

namespace {
enum TokenType {
  kKeyword,
  kClass,
  kFunction,
  kVariable,
  kProperty,
  kEnumMember,
  kEvent,
  kInterface,
  kNamespace,
  kMethod
};
enum TokenModifier { kDeclaration = 1, kDefaultLibrary = 2 };

int decl_token(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Source:
    case ast::DeclKind::Chain: return kClass;
    case ast::DeclKind::Indicator: return kVariable;
    case ast::DeclKind::Alert: return kEvent;
    case ast::DeclKind::Role: return kInterface;
    default: return kNamespace;
  }
}

struct Token {
  Span span;
  int type;
  int modifiers;
};
}  // namespace

json semantic_tokens_legend() {
  return json{{"tokenTypes",
               {"keyword", "class", "function", "variable", "property", "enumMember", "event", "interface", "namespace",
                "method"}},
              {"tokenModifiers", {"declaration", "defaultLibrary"}}};
}

json semantic_tokens(const Request& r, const json& params) {
  auto file = document_of(r.snap, params);
  if (!file) return nullptr;
  const Snapshot& s = r.snap;
  std::vector<Token> tokens;
  for (auto& k : s.index.keywords_in(*file)) tokens.push_back({k.span, kKeyword, 0});
  for (auto& o : s.index.in_file(*file)) {
    if (o.in_text) continue;  // inside strings and test tables the grammar's colouring stands
    int mods = o.definition ? kDeclaration : 0;
    switch (o.symbol.kind) {
      case SymbolKind::Declaration: {
        const ast::DeclHeader* h = s.index.declaration(o.symbol.name);
        if (h)
          tokens.push_back({o.span, decl_token(h->kind), mods});
        else if (o.expects)
          tokens.push_back({o.span, decl_token(*o.expects), mods});
        break;
      }
      case SymbolKind::Column: {
        int t = s.program().find_table(o.symbol.scope);
        bool builtin = t >= 0 && s.program().tables[t].chain;
        tokens.push_back({o.span, kProperty, mods | (builtin ? kDefaultLibrary : 0)});
        break;
      }
      case SymbolKind::EnumMember:
      case SymbolKind::Node:
      case SymbolKind::Band: tokens.push_back({o.span, kEnumMember, mods}); break;
      case SymbolKind::Task: tokens.push_back({o.span, kMethod, mods}); break;
      case SymbolKind::Builtin: tokens.push_back({o.span, kFunction, kDefaultLibrary}); break;
    }
  }
  std::stable_sort(tokens.begin(), tokens.end(), [](auto& a, auto& b) { return a.span.begin < b.span.begin; });

  const SourceFile& src = s.source(*file);
  json data = json::array();
  Position prev;
  uint32_t last_end = 0;
  bool first = true;
  for (auto& t : tokens) {
    if (!first && t.span.begin < last_end) continue;  // overlaps would break the relative encoding
    Position b = position_of(src, t.span.begin), e = position_of(src, t.span.end);
    if (b.line != e.line || e.character <= b.character) continue;
    uint32_t delta_line = b.line - prev.line;
    uint32_t delta_start = delta_line == 0 ? b.character - prev.character : b.character;
    data.insert(data.end(), {delta_line, delta_start, e.character - b.character, t.type, t.modifiers});
    prev = b;
    last_end = t.span.end;
    first = false;
  }
  return json{{"data", data}};
}

}  // namespace jixiao::lsp
