// `test` declarations: `as of`, the tables given (header columns against the source's) and the
// literals expected of indicators, chains and alerts.
#include "compiler/check/context.h"

#include <algorithm>

namespace jixiao::check::detail {

void Context::test(const ast::File& f, const ast::TestDecl& t) {
  if (t.as_of && !valid_timestamp(*t.as_of) && !valid_date(*t.as_of))
    diags_.report(diag::InvalidDate, t.as_of_span, fmt::format("`{}` is not a valid time", *t.as_of));
  for (auto& g : t.given) {
    int tb = table_ref(g.source);
    if (tb < 0 || !g.text_block) continue;
    if (p_.tables[tb].chain) {
      diags_.report(diag::UnknownTable, g.source.span, "test data is given for sources; a chain's rows are computed");
      continue;
    }
    given_table(f, g, p_.tables[tb]);
  }
  for (auto& e : t.expects) {
    if (!e.target.valid()) continue;
    ast::DeclKind kind = e.kind == ast::ExpectKind::Value  ? ast::DeclKind::Indicator
                         : e.kind == ast::ExpectKind::Step ? ast::DeclKind::Chain
                                                           : ast::DeclKind::Alert;
    require_ref(e.target, kind);
    // Key and expected values are literals; in a step expectation a bare name is a member of the
    // compared enum column (`node: screened`, `status == late`).
    int tb = -1;
    if (e.kind == ast::ExpectKind::Step) {
      tb = p_.find_table(e.target.text);
    } else if (e.kind == ast::ExpectKind::Value) {
      int ind = p_.find_indicator(e.target.text);
      if (ind >= 0) tb = p_.indicators[ind].table;
    } else {
      for (auto& ai : p_.alerts)
        if (ai.name == e.target.text)
          tb = ai.table >= 0 ? ai.table : ai.indicators.empty() ? -1 : p_.indicators[ai.indicators[0]].table;
    }
    for (auto& k : e.keys) {
      // Step keys must be columns of the chain; other keys name entity columns or `period`.
      int col = e.kind == ast::ExpectKind::Step ? column_ref(tb, k.key) : tb >= 0 ? p_.tables[tb].find(k.key.text) : -1;
      literal_value(f, k.value, col >= 0 ? &p_.tables[tb].columns[col].type : nullptr);
    }
    int col = tb >= 0 ? column_ref(tb, e.column) : -1;
    if (e.expected.valid()) literal_value(f, e.expected, col >= 0 ? &p_.tables[tb].columns[col].type : nullptr);
  }
}

// A test's literal: no columns or indicators in scope, enum members allowed when a column is known.
void Context::literal_value(const ast::File& f, ExprId id, const Type* enum_hint) {
  const Expr& e = f.expr(id);
  if (e.kind == ExprKind::Name && enum_hint && enum_hint->kind == TypeKind::Enum) {
    name(f, id, Scope{-2}, enum_hint);
    return;
  }
  expr(f, id, Scope{});
}

void Context::given_table(const ast::File&, const ast::Given& g, const TableInfo& table) {
  // The header is the first non-blank line; cells are split on unescaped `|` (or `,` for CSV).
  std::string_view body = *g.text_block;
  size_t pos = 0;
  std::string header;
  size_t header_start = 0;  // byte offset of the header line in `body`
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    std::string_view line = body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      header = std::string(line);
      header_start = pos;
      break;
    }
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
  }
  // The span of `length` bytes at byte `offset` of the block's text (after its opening quotes).
  auto block_span = [&](size_t offset, size_t length) {
    Span sp = g.body_span;
    sp.begin += 3 + static_cast<uint32_t>(utf8_length(body.substr(0, offset)));
    sp.end = sp.begin + static_cast<uint32_t>(utf8_length(body.substr(offset, length)));
    return sp;
  };
  if (header.empty()) {
    diags_.report(diag::BadTestTable, g.body_span, "the test table has no header line");
    return;
  }
  char sep = header.find('|') != std::string::npos ? '|' : ',';
  std::vector<std::string> cols;
  std::vector<size_t> col_starts;  // byte offset of each trimmed cell in the header line
  std::string cell;
  size_t cell_start = 0;
  for (size_t i = 0; i <= header.size(); ++i) {
    if (i == header.size() || header[i] == sep) {
      size_t b = cell.find_first_not_of(" \t\r"), e = cell.find_last_not_of(" \t\r");
      cols.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
      col_starts.push_back(cell_start + (b == std::string::npos ? 0 : b));
      cell.clear();
      cell_start = i + 1;
    } else {
      cell += header[i];
    }
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    const std::string& c = cols[i];
    if (table.find(c) >= 0) continue;
    Diagnostic& d = diags_.report(diag::UnknownTestColumn, block_span(header_start + col_starts[i], c.size()),
                                  fmt::format("`{}` has no column `{}`", table.name, c));
    suggest(d, c, table.column_names());
    d.notes.push_back({fmt::format("`{}` has the columns {}", table.name, join(table.column_names())), Span{}});
  }
  std::string_view header_text = std::string_view(header);
  size_t header_lead = header_text.find_first_not_of(" \t");
  size_t header_trail = header_text.find_last_not_of(" \t\r");
  Span header_span = block_span(header_start + header_lead, header_trail + 1 - header_lead);
  for (auto& c : table.columns)
    if (c.required && std::find(cols.begin(), cols.end(), c.name) == cols.end())
      diags_.report(diag::MissingRequiredTestColumn, header_span,
                    fmt::format("the test table leaves out `{}`, which is required", c.name));
}

}  // namespace jixiao::check::detail
