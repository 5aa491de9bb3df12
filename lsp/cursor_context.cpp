#include "lsp/cursor_context.h"

#include <array>

namespace jixiao::lsp {

namespace {
bool word_byte(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '_'; }

// A line that ends with one of these goes on with the next (docs/language-reference.md, files and projects).
bool continues(const TextToken& t) {
  if (t.kind == TextToken::Word) return t.text == "and" || t.text == "or" || t.text == "not";
  if (t.kind != TextToken::Punct) return false;
  static const std::array<std::string_view, 16> ops = {
      "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", ",", "{", "..", ":", "(", "["};
  for (auto op : ops)
    if (t.text == op) return true;
  return false;
}

struct Lexer {
  std::string_view text;
  size_t i = 0;

  // The next token, or false at the end (or at `stop`). Comments and line breaks are reported
  // through the flags since they matter to statements but are not tokens.
  bool next(TextToken& t, bool& newline, size_t stop, bool& in_string, bool& in_comment) {
    newline = false;
    while (i < stop) {
      char c = text[i];
      if (c == '\n') {
        newline = true;
        ++i;
        return true;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
        size_t eol = text.find('\n', i);
        if (eol == std::string_view::npos) eol = text.size();
        if (stop <= eol && stop > i) in_comment = true;
        i = std::min(eol, std::max(stop, i));
        if (in_comment) return false;
        continue;
      }
      t.begin = i;
      if (c == '"') {
        bool block = text.compare(i, 3, "\"\"\"") == 0;
        size_t end;
        if (block) {
          size_t close = text.find("\"\"\"", i + 3);
          end = close == std::string_view::npos ? text.size() : close + 3;
        } else {
          end = i + 1;
          while (end < text.size() && text[end] != '"' && text[end] != '\n') end += text[end] == '\\' ? 2 : 1;
          if (end < text.size() && text[end] == '"') ++end;
        }
        end = std::min(end, text.size());
        if (stop < end || (stop == end && (end == i + 1 || text[end - 1] != '"'))) {
          in_string = true;
          return false;
        }
        t.kind = TextToken::String;
        t.text = std::string(text.substr(i, end - i));
        t.end = i = end;
        return true;
      }
      if (c == '`') {
        size_t close = text.find('`', i + 1);
        size_t eol = text.find('\n', i);
        size_t end = close == std::string_view::npos || close > eol ? std::min(eol, text.size()) : close + 1;
        t.kind = TextToken::Word;
        t.text =
            std::string(text.substr(i + 1, (close == std::string_view::npos || close > eol ? end : close) - i - 1));
        t.end = i = std::min(end, stop);
        return true;
      }
      if (std::isdigit(static_cast<unsigned char>(c))) {
        size_t end = i;
        while (end < stop &&
               (word_byte(static_cast<unsigned char>(text[end])) || text[end] == '.' || text[end] == ':' ||
                text[end] == '%' ||
                (text[end] == '-' && end + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[end + 1])))))
          ++end;
        t.kind = TextToken::Number;
        t.text = std::string(text.substr(i, end - i));
        t.end = i = end;
        return true;
      }
      if (word_byte(static_cast<unsigned char>(c))) {
        size_t end = i;
        while (end < stop && word_byte(static_cast<unsigned char>(text[end]))) ++end;
        t.kind = TextToken::Word;
        t.text = std::string(text.substr(i, end - i));
        t.end = i = end;
        return true;
      }
      static const std::array<std::string_view, 6> two = {"==", "!=", "<=", ">=", ".."};
      t.kind = TextToken::Punct;
      t.text = std::string(1, c);
      for (auto op : two)
        if (!op.empty() && text.compare(i, 2, op) == 0 && i + 2 <= stop) t.text = std::string(op);
      t.end = i = i + t.text.size();
      return true;
    }
    return false;
  }
};

size_t line_start(std::string_view text, size_t at) {
  size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

// Where the declaration around `offset` starts: the nearest line above that begins, in the first
// column, with a declaration keyword (the parser's own rule for cutting declarations). On the
// cursor's own line the keyword counts only when the cursor is past it.
size_t declaration_start(std::string_view text, size_t offset, bool& found) {
  size_t cursor_line = line_start(text, offset);
  for (size_t at = cursor_line;; at = line_start(text, at - 1)) {
    size_t end = at;
    while (end < text.size() && word_byte(static_cast<unsigned char>(text[end]))) ++end;
    if (end > at && is_declaration_keyword(text.substr(at, end - at)) && (at != cursor_line || end < offset)) {
      found = true;
      return at;
    }
    if (at == 0) break;
  }
  found = false;
  return 0;
}
}  // namespace

bool is_declaration_keyword(std::string_view w) {
  static const std::array<std::string_view, 10> words = {"project", "source", "indicator", "chain",   "alert",
                                                         "view",    "role",   "calendar",  "channel", "test"};
  for (auto k : words)
    if (k == w) return true;
  return false;
}

CursorContext cursor_context(std::string_view text, size_t offset) {
  CursorContext ctx;
  offset = std::min(offset, text.size());
  // The word being typed.
  size_t p = offset;
  while (p > 0 && word_byte(static_cast<unsigned char>(text[p - 1]))) --p;
  if (p > 0 && text[p - 1] == '`') --p;
  ctx.prefix_begin = p;
  ctx.prefix = std::string(text.substr(p, offset - p));
  if (!ctx.prefix.empty() && ctx.prefix[0] == '`') ctx.prefix.erase(0, 1);
  ctx.at_column_zero = line_start(text, p) == p;

  bool found = false;
  size_t start = declaration_start(text, offset, found);
  if (!found) return ctx;

  Lexer lex{text, start};
  TextToken t;
  bool newline = false;
  std::vector<TextToken> stmt;
  int parens = 0;
  auto push_block = [&](const std::string& kind) { ctx.blocks.push_back(kind); };
  while (lex.next(t, newline, p, ctx.in_string, ctx.in_comment)) {
    if (newline) {
      if (parens > 0 || (!stmt.empty() && continues(stmt.back()))) continue;
      stmt.clear();
      continue;
    }
    if (t.kind == TextToken::Punct) {
      if (t.text == "(" || t.text == "[") ++parens;
      if (t.text == ")" || t.text == "]") parens = std::max(0, parens - 1);
      if (t.text == ";" && parens == 0) {
        stmt.clear();
        continue;
      }
      if (t.text == "{") {
        std::string first = stmt.empty() ? "" : stmt[0].text;
        if (ctx.blocks.empty() && is_declaration_keyword(first)) {
          ctx.decl_kind = first;
          ctx.decl_name = stmt.size() > 1 ? stmt[1].text : "";
          push_block(first);
          stmt.clear();
        } else if (first == "node" || first == "task" || first == "bands") {
          push_block(first);
          stmt.clear();
        } else {
          push_block("keys");  // `expect x { k: v }`: the statement goes on around the braces
          stmt.push_back(t);
        }
        continue;
      }
      if (t.text == "}") {
        bool keys = !ctx.blocks.empty() && ctx.blocks.back() == "keys";
        if (!ctx.blocks.empty()) ctx.blocks.pop_back();
        if (keys)
          stmt.push_back(t);
        else
          stmt.clear();
        continue;
      }
    }
    stmt.push_back(t);
  }
  if (ctx.blocks.empty() && !ctx.decl_kind.empty()) ctx.decl_kind.clear();  // the declaration was closed
  if (ctx.decl_kind.empty() && !stmt.empty() && is_declaration_keyword(stmt[0].text)) {
    ctx.decl_kind = "";  // on a declaration's first line, before its `{`
  }
  ctx.statement = std::move(stmt);

  // The declaration's own properties, read over all of it (the cursor may sit above `from`).
  if (!ctx.blocks.empty()) {
    Lexer all{text, start};
    int depth = 0;
    bool line_start_tok = true, ignored_s = false, ignored_c = false;
    std::string first;
    while (all.next(t, newline, text.size(), ignored_s, ignored_c)) {
      if (newline) {
        line_start_tok = true;
        continue;
      }
      if (t.kind == TextToken::Punct && t.text == "{") ++depth;
      if (t.kind == TextToken::Punct && t.text == "}" && --depth <= 0) break;
      if (t.kind == TextToken::Punct && t.text == ";") {
        line_start_tok = true;
        continue;
      }
      if (t.kind == TextToken::Word && depth == 1) {
        if (line_start_tok)
          first = t.text;
        else if (!first.empty() && !ctx.decl_props.count(first))
          ctx.decl_props[first] = t.text;
        if (!line_start_tok) first.clear();
      }
      line_start_tok = false;
    }
  }
  return ctx;
}

}  // namespace jixiao::lsp
