// Hover: what a name is, with its doc comment and label; for indicators their table, entities,
// period, type and unit; for builtins their documentation from the stdlib registry.
#include <fmt/format.h>

#include "lsp/features.h"
#include "stdlib/builtins.h"

namespace jixiao::lsp {

namespace {
using check::Program;

std::string code_block(const std::string& text) { return "```perf\n" + text + "\n```\n"; }

std::string text_of(const Snapshot& s, Span span) {
  return span.valid() && span.file < s.files.size() ? std::string(s.project->sources->text(span)) : "";
}

std::string expr_text(const Snapshot& s, FileId file, ast::ExprId e) {
  return e.valid() ? text_of(s, s.ast(file).expr(e).span) : "";
}

std::string header_line(const ast::DeclHeader& h) {
  std::string line = std::string(ast::decl_kind_name(h.kind)) + " " + spell_name(h.name.text);
  if (h.label) line += " \"" + *h.label + "\"";
  return line;
}

std::string doc_of(const ast::DeclHeader& h) { return h.doc.empty() ? "" : "\n" + h.doc + "\n"; }

std::string names(const std::vector<ast::Name>& v) {
  std::string out;
  for (auto& n : v) out += (out.empty() ? "" : ", ") + ("`" + n.text + "`");
  return out;
}

std::string indicator_details(const Snapshot& s, const check::IndicatorInfo& ii) {
  const ast::IndicatorDecl& d = *ii.decl;
  std::string out;
  if (d.from.valid())
    out += "- from `" + d.from.text + "`\n";
  else
    out += "- composite of other indicators\n";
  if (!d.by.empty()) {
    std::string by;
    for (auto& b : d.by)
      by += (by.empty() ? "" : ", ") +
            ("`" + b.column.text + "`" + (b.in_source.valid() ? " in `" + b.in_source.text + "`" : ""));
    out += "- by " + by + "\n";
  } else {
    out += "- company-wide (no `by`)\n";
  }
  out += "- every " + (d.every.valid() ? "`" + d.every.text + "`" : std::string("(all time)")) + "\n";
  if (d.value.valid()) {
    const check::Type& t = s.program().info_of(ii.file, d.value).type;
    out += "- value `" + expr_text(s, ii.file, d.value) + "`: " + (t.is_error() ? "type unknown" : check::type_name(t));
    out += ii.unit.empty() ? ", no declared unit\n" : ", unit `" + ii.unit + "`\n";
  }
  if (d.target.value.valid()) out += "- target `" + text_of(s, d.target.span) + "`\n";
  if (d.owner.valid()) out += "- owner `" + d.owner.text + "`\n";
  if (d.evidence_min) out += fmt::format("- evidence at least {}\n", *d.evidence_min);
  if (d.sample_min) out += fmt::format("- sample at least {}\n", *d.sample_min);
  return out;
}

std::string declaration_hover(const Snapshot& s, const std::string& name) {
  const ast::DeclHeader* h = s.index.declaration(name);
  if (!h) return "`" + name + "`: not declared in this project\n";
  std::string out = code_block(header_line(*h)) + doc_of(*h);
  std::string details;
  const Program& p = s.program();
  switch (h->kind) {
    case ast::DeclKind::Indicator:
      for (auto& ii : p.indicators)
        if (ii.name == name && ii.decl && &ii.decl->h == h) details = indicator_details(s, ii);
      break;
    case ast::DeclKind::Source: {
      int t = p.find_table(name);
      if (t >= 0 && p.tables[t].source) {
        const auto& table = p.tables[t];
        const ast::SourceDecl& d = *table.source;
        if (d.system) details += "- system \"" + *d.system + "\"\n";
        if (d.time.valid()) details += "- time `" + d.time.text + "`\n";
        if (d.evidence.valid()) details += "- evidence `" + d.evidence.text + "`\n";
        details += fmt::format("- {} column{}\n", table.columns.size(), table.columns.size() == 1 ? "" : "s");
      }
      break;
    }
    case ast::DeclKind::Chain: {
      int t = p.find_table(name);
      if (t >= 0 && p.tables[t].chain) {
        const ast::ChainDecl& d = *p.tables[t].chain;
        if (d.from.valid())
          details +=
              "- from `" + d.from.text + "`, case `" + d.case_column.text + "`, step `" + d.step_column.text + "`\n";
        std::string nodes;
        for (auto& n : d.nodes) nodes += (nodes.empty() ? "" : " → ") + n.name.text;
        if (!nodes.empty()) details += "- nodes " + nodes + "\n";
      }
      break;
    }
    case ast::DeclKind::Alert:
      for (auto& a : p.alerts)
        if (a.name == name && a.decl) {
          if (a.decl->from.valid()) details += "- per row of `" + a.decl->from.text + "`\n";
          if (a.decl->when.valid()) details += "- when `" + expr_text(s, a.file, a.decl->when) + "`\n";
          details += "- severity " + a.severity + "\n";
          if (!a.decl->notify.empty()) details += "- notify " + names(a.decl->notify) + "\n";
        }
      break;
    default: break;
  }
  return details.empty() ? out : out + "\n" + details;
}

// The columns every chain's table has (docs/language-reference.md, chains).
std::string chain_column_doc(const std::string& column) {
  static const std::map<std::string, std::string> docs = {
      {"node", "the node (an enum of the node names)"},
      {"owner", "the node's owner"},
      {"charge", "who is charged for lateness (default the owner)"},
      {"started_at", "when the clock started (null for skipped and not_started)"},
      {"entered_at", "when the node was reached, or null"},
      {"due_at", "started_at + within (in working time under a calendar)"},
      {"duration", "entered_at - started_at when reached"},
      {"elapsed", "duration when reached, else as_of - started_at"},
      {"status", "on_time, late, pending, overdue, skipped or not_started"},
      {"band", "the first band whose bound holds for elapsed"},
      {"evidence", "the evidence id of the event that reached the node"},
      {"actor", "the actor of the event that reached the node"},
  };
  auto it = docs.find(column);
  return it == docs.end() ? "" : it->second;
}

std::string column_hover(const Snapshot& s, const Symbol& sym) {
  const Program& p = s.program();
  int t = p.find_table(sym.scope);
  if (t < 0) return "column `" + sym.name + "` of `" + sym.scope + "` (not declared)\n";
  const auto& table = p.tables[t];
  int c = table.find(sym.name);
  if (c < 0) return "`" + sym.scope + "` has no column `" + sym.name + "`\n";
  const auto& col = table.columns[c];
  if (table.chain)
    return code_block(spell_name(col.name) + ": " + check::type_name(col.type)) + "\ncolumn of chain `" + table.name +
           "`'s rows: " + chain_column_doc(col.name) + "\n";
  std::string def;
  for (auto& cd : table.source->columns)
    if (cd.name.text == sym.name) def = text_of(s, cd.span);
  std::string out = code_block(def.empty() ? col.name : def) + "\ncolumn of source `" + table.name + "`";
  if (table.time_column == c) out += ", its event time";
  if (table.evidence_column == c) out += ", its evidence id";
  if (table.actor_column == c) out += ", its actor";
  return out + "\n";
}

std::string node_hover(const Snapshot& s, const Symbol& sym) {
  int t = s.program().find_table(sym.scope);
  if (t < 0 || !s.program().tables[t].chain) return "node `" + sym.name + "`\n";
  const ast::ChainDecl& c = *s.program().tables[t].chain;
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const ast::NodeDecl& n = c.nodes[i];
    if (n.name.text != sym.name) continue;
    std::string line = "node " + spell_name(n.name.text) + (n.label ? " \"" + *n.label + "\"" : "");
    std::string out =
        code_block(line) + fmt::format("\nnode {} of {} in chain `{}`\n", i + 1, c.nodes.size(), c.h.name.text);
    if (n.owner.valid()) out += "- owner `" + n.owner.text + "`\n";
    if (n.within.valid())
      out += "- within `" + text_of(s, s.ast(t >= 0 ? s.program().tables[t].file : 0).expr(n.within).span) + "`\n";
    if (n.charge.valid()) out += "- charge `" + n.charge.text + "`\n";
    return out;
  }
  return "node `" + sym.name + "` of chain `" + sym.scope + "` (not declared)\n";
}

std::string builtin_hover(const std::string& name) {
  const stdlib::Builtin* b = stdlib::find_builtin(name);
  if (!b) return "";
  const char* family = b->family == stdlib::BuiltinFamily::Aggregate ? "aggregate over the rows of a group"
                       : b->family == stdlib::BuiltinFamily::Series  ? "series function, in alert conditions"
                                                                     : "scalar function";
  return code_block(std::string(b->signature)) + "\n" + std::string(b->doc) + "\n\n*" + family + "*. Example: `" +
         std::string(b->example) + "`\n";
}

std::string symbol_hover(const Snapshot& s, const Occurrence& o) {
  const Symbol& sym = o.symbol;
  switch (sym.kind) {
    case SymbolKind::Declaration: return declaration_hover(s, sym.name);
    case SymbolKind::Column: return column_hover(s, sym);
    case SymbolKind::EnumMember:
      return code_block(spell_name(sym.name)) + "\nmember of the enum column `" + sym.scope + "." + sym.column + "`\n";
    case SymbolKind::Node: return node_hover(s, sym);
    case SymbolKind::Band: return code_block(spell_name(sym.name)) + "\nband of chain `" + sym.scope + "`\n";
    case SymbolKind::Task: return code_block("task " + spell_name(sym.name)) + "\ntask of alert `" + sym.scope + "`\n";
    case SymbolKind::Builtin: return builtin_hover(sym.name);
  }
  return "";
}
}  // namespace

json hover(const Request& r, const json& params) {
  auto at = locate(r.snap, params);
  if (!at) return nullptr;
  const SourceFile& src = r.snap.source(at->file);
  if (const Occurrence* o = r.snap.index.at(at->file, at->offset)) {
    std::string text = symbol_hover(r.snap, *o);
    if (text.empty()) return nullptr;
    return json{{"contents", markup(r.caps, text)}, {"range", range_json(src, o->span)}};
  }
  if (const KeywordSpan* k = r.snap.index.keyword_at(at->file, at->offset)) {
    std::string text = k->block.empty()
                           ? "declaration keyword `" + k->word + "`\n"
                           : code_block(ast::property_syntax(k->block, k->word)) + "\nproperty of " + k->block + "\n";
    return json{{"contents", markup(r.caps, text)}, {"range", range_json(src, k->span)}};
  }
  return nullptr;
}

}  // namespace jixiao::lsp
