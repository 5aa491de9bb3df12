#include "lsp/symbol_index.h"

#include <algorithm>
#include <map>

namespace jixiao::lsp {

using ast::ExprId;
using ast::ExprKind;
using check::RefKind;

std::string Symbol::key() const {
  // \x1f cannot occur in a name, not even in backticks.
  return std::to_string(static_cast<int>(kind)) + '\x1f' + scope + '\x1f' + column + '\x1f' + name;
}

namespace {
Symbol decl_symbol(const std::string& name) { return Symbol{SymbolKind::Declaration, "", "", name}; }

bool is_chain_table(const check::Program& p, const std::string& table) {
  int t = p.find_table(table);
  return t >= 0 && p.tables[t].chain != nullptr;
}
}  // namespace

bool renamable(const Symbol& s, const check::Program& program) {
  if (s.kind == SymbolKind::Builtin) return false;
  if (s.kind == SymbolKind::Column && is_chain_table(program, s.scope)) return false;
  if (s.kind == SymbolKind::EnumMember && is_chain_table(program, s.scope)) return false;  // statuses
  return true;
}

class IndexBuilder {
 public:
  IndexBuilder(const check::Program& p, const SourceSet& sources, SymbolIndex& out)
      : p_(p), sources_(sources), out_(out) {
    out_.by_file_.resize(p.files.size());
    out_.keywords_.resize(p.files.size());
  }

  void run() {
    for (auto& f : p_.files)
      for (auto* h : ast::headers_in_order(f))
        if (h->kind != ast::DeclKind::Test && h->name.valid() && !out_.declarations_.count(h->name.text))
          out_.declarations_[h->name.text] = {h, f.id};
    for (auto& f : p_.files) file(f);
    for (FileId id = 0; id < out_.by_file_.size(); ++id) {
      auto& v = out_.by_file_[id];
      std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.span.begin < b.span.begin; });
      for (size_t i = 0; i < v.size(); ++i) out_.by_key_[v[i].symbol.key()].emplace_back(id, i);
      std::stable_sort(out_.keywords_[id].begin(), out_.keywords_[id].end(),
                       [](auto& a, auto& b) { return a.span.begin < b.span.begin; });
    }
  }

 private:
  void add(Span span, Symbol s, bool definition = false, bool in_text = false) {
    if (!span.valid() || span.file >= out_.by_file_.size() || s.name.empty()) return;
    out_.by_file_[span.file].push_back(Occurrence{span, std::move(s), definition, in_text});
  }
  void add(const ast::Name& n, Symbol s, bool definition = false) {
    if (n.valid()) add(n.span, std::move(s), definition);
  }
  void ref(const ast::Name& n, ast::DeclKind expects) {
    if (!n.valid()) return;
    add(n, decl_symbol(n.text));
    out_.by_file_[n.span.file].back().expects = expects;
  }

  void keyword(Span span, const std::string& block, const std::string& word) {
    if (!span.valid() || span.file >= out_.keywords_.size() || word.empty()) return;
    Span s{span.file, span.begin, span.begin + static_cast<uint32_t>(utf8_length(word))};
    out_.keywords_[span.file].push_back(KeywordSpan{s, block, word});
  }
  void props(const std::vector<ast::PropSpan>& ps, const std::string& block) {
    for (auto& p : ps) keyword(p.span, block, p.word);
  }

  std::string table_name(int t) const { return t >= 0 && t < int(p_.tables.size()) ? p_.tables[t].name : ""; }

  // A column of a chain's table that is the chain's case column is the source's column.
  Symbol column_symbol(const std::string& table, const std::string& column) const {
    int t = p_.find_table(table);
    if (t >= 0 && p_.tables[t].chain) {
      const ast::ChainDecl* c = p_.tables[t].chain;
      if (c->case_column.valid() && c->case_column.text == column && c->from.valid())
        return Symbol{SymbolKind::Column, c->from.text, "", column};
    }
    return Symbol{SymbolKind::Column, table, "", column};
  }

  Symbol member_symbol(const std::string& table, const std::string& column, const std::string& member) const {
    if (is_chain_table(p_, table)) {
      if (column == "node") return Symbol{SymbolKind::Node, table, "", member};
      if (column == "band") return Symbol{SymbolKind::Band, table, "", member};
    }
    return Symbol{SymbolKind::EnumMember, table, column, member};
  }

  void column(const ast::Name& n, const std::string& table) {
    if (n.valid() && !table.empty()) add(n, column_symbol(table, n.text));
  }

  void expr(const ast::File& f, ExprId id, int table) {
    if (!id.valid() || id.index >= f.exprs.size()) return;
    const ast::Expr& e = f.expr(id);
    const check::ExprInfo& info = p_.info_of(f.id, id);
    switch (e.kind) {
      case ExprKind::Name:
        if (info.ref == RefKind::Column && table >= 0) {
          add(e.span, column_symbol(table_name(table), e.text));
        } else if (info.ref == RefKind::EnumMember && info.type.table >= 0) {
          const auto& t = p_.tables[info.type.table];
          if (info.type.column >= 0 && info.type.column < int(t.columns.size()))
            add(e.span, member_symbol(t.name, t.columns[info.type.column].name, e.text));
        } else if (info.ref == RefKind::Indicator && info.index >= 0 && info.index < int(p_.indicators.size())) {
          add(e.span, decl_symbol(p_.indicators[info.index].name));
        } else if (info.ref == RefKind::Calendar) {
          add(e.span, decl_symbol(e.text));
        } else if (table < 0 && out_.declarations_.count(e.text)) {
          add(e.span, decl_symbol(e.text));  // unresolved because of another error: still navigable
        }
        return;
      case ExprKind::Call:
        if (info.ref == RefKind::Builtin) add(e.name_span, Symbol{SymbolKind::Builtin, "", "", e.text});
        expr(f, e.filter, table);
        for (ExprId a : e.args) expr(f, a, table);
        return;
      default:
        for (ExprId a : e.args) expr(f, a, table);
        return;
    }
  }

  void header(const ast::File& f, const ast::DeclHeader& h) {
    keyword(h.keyword, "", ast::decl_kind_name(h.kind));
    if (h.kind != ast::DeclKind::Test && h.name.valid()) add(h.name, decl_symbol(h.name.text), true);
    (void)f;
  }

  // Column names in the header line of a `given` pipe or CSV table.
  void given_header(const ast::Given& g) {
    if (!g.text_block || !g.body_span.valid() || g.source.text.empty()) return;
    std::u32string cps = decode_utf8(sources_.text(g.body_span));
    if (cps.size() < 6) return;
    size_t body_end = cps.size() - 3;  // before the closing quotes
    size_t i = 3;
    size_t line_end = i;
    while (true) {  // the header is the first line that is not blank
      line_end = std::min(cps.find(U'\n', i), body_end);
      if (cps.substr(i, line_end - i).find_first_not_of(U" \t\r") != std::u32string::npos) break;
      if (line_end >= body_end) return;
      i = line_end + 1;
    }
    char32_t sep = cps.substr(i, line_end - i).find(U'|') != std::u32string::npos ? U'|' : U',';
    for (size_t start = i, k = i; k <= line_end; ++k) {
      if (k < line_end && cps[k] != sep) continue;
      size_t b = start, e = k;
      while (b < e && (cps[b] == U' ' || cps[b] == U'\t')) ++b;
      while (e > b && (cps[e - 1] == U' ' || cps[e - 1] == U'\t' || cps[e - 1] == U'\r')) --e;
      if (e > b) {
        uint32_t at = g.body_span.begin + static_cast<uint32_t>(b);
        add(Span{g.body_span.file, at, at + static_cast<uint32_t>(e - b)},
            column_symbol(g.source.text, encode_utf8(cps.substr(b, e - b))), false, true);
      }
      start = k + 1;
    }
  }

  // `{name}` placeholders of an alert message: an indicator, or a column of the rows behind it.
  void message(const ast::AlertDecl& a, const std::string& table) {
    if (!a.message || !a.message_span.valid()) return;
    std::string_view raw = sources_.text(a.message_span);
    uint32_t cp = a.message_span.begin;
    for (size_t i = 0; i < raw.size();) {
      if (raw[i] == '{') {
        size_t close = raw.find('}', i);
        if (close == std::string_view::npos) break;
        std::string name(raw.substr(i + 1, close - i - 1));
        uint32_t begin = cp + 1, len = static_cast<uint32_t>(utf8_length(name));
        Span s{a.message_span.file, begin, begin + len};
        if (name.find_first_of(" \"\\{") == std::string::npos && !name.empty()) {
          if (out_.declarations_.count(name))
            add(s, decl_symbol(name), false, true);
          else if (!table.empty())
            add(s, column_symbol(table, name), false, true);
        }
        cp += static_cast<uint32_t>(utf8_length(raw.substr(i, close + 1 - i)));
        i = close + 1;
        continue;
      }
      unsigned char c = static_cast<unsigned char>(raw[i]);
      i += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
      ++cp;
    }
  }

  void file(const ast::File& f) {
    for (auto& d : f.projects) {
      header(f, d.h);
      props(d.props, "project");
      ref(d.calendar, ast::DeclKind::Calendar);
    }
    for (auto& d : f.calendars) {
      header(f, d.h);
      props(d.props, "calendar");
    }
    for (auto& d : f.channels) {
      header(f, d.h);
      props(d.props, "channel");
    }
    for (auto& d : f.sources) {
      header(f, d.h);
      props(d.props, "source");
      const std::string& t = d.h.name.text;
      for (auto& c : d.columns) {
        add(c.name, Symbol{SymbolKind::Column, t, "", c.name.text}, true);
        for (auto& m : c.type.members) add(m, Symbol{SymbolKind::EnumMember, t, c.name.text, m.text}, true);
      }
      column(d.time, t);
      column(d.evidence, t);
      column(d.actor, t);
    }
    for (auto& d : f.indicators) {
      header(f, d.h);
      props(d.props, "indicator");
      int table = -1;
      for (auto& ii : p_.indicators)
        if (ii.decl == &d) table = ii.table;
      ref(d.from, ast::DeclKind::Source);
      std::string t = table_name(table);
      if (t.empty() && d.from.valid()) t = d.from.text;
      for (auto& b : d.by) {
        column(b.column, t);
        ref(b.in_source, ast::DeclKind::Source);
      }
      expr(f, d.where, table);
      expr(f, d.value, table);
      expr(f, d.target.value, -1);
      ref_role(d.owner);
      for (auto& r : d.visible_to) ref_role(r);
    }
    for (auto& d : f.chains) {
      header(f, d.h);
      props(d.props, "chain");
      const std::string& chain = d.h.name.text;
      int from = -1;
      for (auto& ci : p_.chains)
        if (ci.decl == &d) from = ci.from_table;
      ref(d.from, ast::DeclKind::Source);
      std::string t = d.from.valid() ? d.from.text : "";
      column(d.case_column, t);
      column(d.step_column, t);
      ref(d.calendar, ast::DeclKind::Calendar);
      for (auto& n : d.nodes) {
        add(n.name, Symbol{SymbolKind::Node, chain, "", n.name.text}, true);
        props(n.props, "node");
        ref_role(n.owner);
        ref_role(n.charge);
        expr(f, n.when, from);
        expr(f, n.within, -1);
        bands(chain, n.bands);
      }
      bands(chain, d.bands);
    }
    for (auto& d : f.alerts) {
      header(f, d.h);
      props(d.props, "alert");
      int table = -1;
      std::vector<int> indicators;
      for (auto& ai : p_.alerts)
        if (ai.decl == &d) {
          table = ai.table;
          indicators = ai.indicators;
        }
      ref(d.from, ast::DeclKind::Source);
      expr(f, d.when, table);
      for (auto& n : d.notify) ref(n, ast::DeclKind::Channel);
      ref(d.report, ast::DeclKind::View);
      // The alert's entity columns: its rows' table, or the table behind its indicators.
      std::string entity_table = table_name(table);
      if (entity_table.empty() && !indicators.empty()) entity_table = table_name(p_.indicators[indicators[0]].table);
      message(d, entity_table);
      for (auto& t : d.tasks) {
        add(t.name, Symbol{SymbolKind::Task, d.h.name.text, "", t.name.text}, true);
        props(t.props, "task");
        ref_role(t.assign);
        for (auto& a : t.attach) {
          ref(a.source, ast::DeclKind::Source);
          for (auto& m : a.match) column(m, a.source.text);
        }
      }
    }
    for (auto& d : f.roles) {
      header(f, d.h);
      props(d.props, "role");
      ref(d.from, ast::DeclKind::Source);
      int table = d.from.valid() ? p_.find_table(d.from.text) : -1;
      expr(f, d.where, table);
      column(d.scope, d.from.text);
    }
    for (auto& d : f.views) {
      header(f, d.h);
      props(d.props, "view");
      ref_role(d.for_role);
      for (auto& s : d.show) ref(s, ast::DeclKind::Indicator);
      for (auto& a : d.alerts) ref(a, ast::DeclKind::Alert);
    }
    for (auto& d : f.tests) {
      header(f, d.h);
      props(d.props, "test");
      for (auto& g : d.given) {
        ref(g.source, ast::DeclKind::Source);
        given_header(g);
      }
      for (auto& e : d.expects) expect(f, e);
    }
  }

  void ref_role(const ast::Name& n) {
    // Owners name roles; an owner without a `role` declaration is still one name across the project.
    ref(n, ast::DeclKind::Role);
  }

  void bands(const std::string& chain, const std::vector<ast::Band>& bs) {
    for (auto& b : bs) add(b.name, Symbol{SymbolKind::Band, chain, "", b.name.text}, true);
  }

  void expect(const ast::File& f, const ast::Expect& e) {
    ref(e.target, e.kind == ast::ExpectKind::Value  ? ast::DeclKind::Indicator
                  : e.kind == ast::ExpectKind::Step ? ast::DeclKind::Chain
                                                    : ast::DeclKind::Alert);
    std::string table;
    if (e.kind == ast::ExpectKind::Step) {
      table = e.target.text;
    } else if (e.kind == ast::ExpectKind::Value) {
      int i = p_.find_indicator(e.target.text);
      if (i >= 0) table = table_name(p_.indicators[i].table);
    } else {
      for (auto& ai : p_.alerts)
        if (ai.name == e.target.text)
          table = ai.table >= 0           ? table_name(ai.table)
                  : ai.indicators.empty() ? ""
                                          : table_name(p_.indicators[ai.indicators[0]].table);
    }
    int t = p_.find_table(table);
    for (auto& kv : e.keys) {
      if (kv.key.text == "period") continue;
      column(kv.key, table);
      // `node: screened`, `status: late`: members of the chain table's enum columns.
      if (t >= 0 && kv.value.valid() && f.expr(kv.value).kind == ExprKind::Name) {
        int c = p_.tables[t].find(kv.key.text);
        if (c >= 0 && p_.tables[t].columns[c].type.kind == check::TypeKind::Enum)
          add(f.expr(kv.value).span, member_symbol(table, kv.key.text, f.expr(kv.value).text));
      }
    }
    if (e.kind == ast::ExpectKind::Step) {
      column(e.column, table);
      if (t >= 0 && e.expected.valid() && f.expr(e.expected).kind == ExprKind::Name && e.column.valid()) {
        int c = p_.tables[t].find(e.column.text);
        if (c >= 0 && p_.tables[t].columns[c].type.kind == check::TypeKind::Enum)
          add(f.expr(e.expected).span, member_symbol(table, e.column.text, f.expr(e.expected).text));
      }
    }
  }

  const check::Program& p_;
  const SourceSet& sources_;
  SymbolIndex& out_;
};

SymbolIndex SymbolIndex::build(const check::Program& program, const SourceSet& sources) {
  SymbolIndex index;
  IndexBuilder(program, sources, index).run();
  return index;
}

const Occurrence* SymbolIndex::at(FileId file, uint32_t offset) const {
  if (file >= by_file_.size()) return nullptr;
  const Occurrence* touching = nullptr;
  for (auto& o : by_file_[file]) {
    if (o.span.begin > offset) break;
    if (offset < o.span.end) return &o;
    if (offset == o.span.end) touching = &o;
  }
  return touching;
}

const KeywordSpan* SymbolIndex::keyword_at(FileId file, uint32_t offset) const {
  if (file >= keywords_.size()) return nullptr;
  for (auto& k : keywords_[file])
    if (k.span.begin <= offset && offset <= k.span.end) return &k;
  return nullptr;
}

std::vector<const Occurrence*> SymbolIndex::occurrences_of(const std::string& key) const {
  std::vector<const Occurrence*> out;
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return out;
  for (auto [file, i] : it->second) out.push_back(&by_file_[file][i]);
  return out;
}

const std::vector<Occurrence>& SymbolIndex::in_file(FileId file) const {
  static const std::vector<Occurrence> none;
  return file < by_file_.size() ? by_file_[file] : none;
}

const std::vector<KeywordSpan>& SymbolIndex::keywords_in(FileId file) const {
  static const std::vector<KeywordSpan> none;
  return file < keywords_.size() ? keywords_[file] : none;
}

const ast::DeclHeader* SymbolIndex::declaration(const std::string& name) const {
  auto it = declarations_.find(name);
  return it == declarations_.end() ? nullptr : it->second.first;
}

FileId SymbolIndex::declaration_file(const std::string& name) const {
  auto it = declarations_.find(name);
  return it == declarations_.end() ? kNoFile : it->second.second;
}

}  // namespace jixiao::lsp
