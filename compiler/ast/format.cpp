// The canonical formatter.
//
// The file is first turned into a small layout tree: declarations hold items (properties, columns,
// nodes, tasks, bands blocks, bands), each with its source span. Every comment of the file is then
// attached to one place in that tree, by position: before the item that follows it, at the end of the
// item whose line it ends, after a block's opening brace, or before a block's closing brace. Items are
// then printed in canonical order and carry their comments with them, so reordering properties never
// separates a comment from what it talks about. A last check appends any comment that was somehow not
// printed: a comment is never lost.
#include "compiler/ast/format.h"

#include "compiler/source/numbers.h"
#include "compiler/source/unicode.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string_view>

namespace jixiao::ast {
namespace {

constexpr int kIndentStep = 2;
// Nodes go on one line, and long conditions and lists wrap, by this width (in display columns).
constexpr int kMaxWidth = 100;
// Between a line's code and its trailing comment.
constexpr std::string_view kCommentGap = "  ";
// The rows of a `given` text block are this much deeper than `given`; the closing quotes line up with
// `given` (docs/formatting.md).
constexpr int kTextBlockIndent = 2;

// ---- text helpers ------------------------------------------------------------------------------

// Display columns, as an int for the layout arithmetic (compiler/source/unicode.h).
int columns(std::string_view s) { return static_cast<int>(display_width(s)); }

std::string spaces(int n) { return std::string(n > 0 ? static_cast<size_t>(n) : 0, ' '); }

std::string pad_right(std::string s, int width) {
  int w = columns(s);
  if (w < width) s += spaces(width - w);
  return s;
}

bool is_blank_char(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view rstrip(std::string_view s) {
  while (!s.empty() && is_blank_char(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_blank_char(s.front())) s.remove_prefix(1);
  return rstrip(s);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// Words that are keywords inside expressions (or, `required`, in column definitions) and so are
// never names unless written in backticks.
bool is_reserved(std::string_view s) {
  static const std::set<std::string_view> words = {"and",  "or",          "not",      "in",    "is",
                                                   "null", "true",        "false",    "where", "deviates",
                                                   "for",  "consecutive", "required", "from"};
  return words.count(s) > 0;
}

// Letters that the lexer's \p{L} surely accepts (a conservative subset: a name with other letters
// keeps the backticks it was written with).
bool known_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) ||
         (c >= 0x3B1 && c <= 0x3C9) || (c >= 0x410 && c <= 0x44F) || (c >= 0x3041 && c <= 0x3096) ||
         (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x3400 && c <= 0x4DB5) || (c >= 0x4E00 && c <= 0x9FA5) ||
         (c >= 0xAC00 && c <= 0xD7A3);
}

bool plain_identifier(std::string_view s) {
  std::u32string cps = decode_utf8(s);
  if (cps.empty()) return false;
  for (size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    if (!(known_letter(c) || c == '_' || (i > 0 && c >= '0' && c <= '9'))) return false;
  }
  return !is_reserved(s);
}

// ---- text blocks -------------------------------------------------------------------------------

std::vector<std::string> split_lines(std::string_view raw) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    size_t nl = raw.find('\n', start);
    std::string_view line = raw.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

// Cells of a pipe-table row: split at every `|` that is not escaped as `\|`, trimmed.
std::vector<std::string> table_cells(std::string_view line) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += "\\|";
      ++i;
    } else if (line[i] == '|') {
      cells.emplace_back(strip(cell));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  cells.emplace_back(strip(cell));
  return cells;
}

// The rows of a text block in canonical form, without indentation: a pipe table gets its cells
// padded to the column width and ` | ` between them; a CSV block keeps its lines, only losing their
// common indentation. Blank lines at either end are dropped; an empty string is a blank line.
std::vector<std::string> text_block_rows(std::string_view raw) {
  std::vector<std::string> lines = split_lines(raw);
  while (!lines.empty() && strip(lines.front()).empty()) lines.erase(lines.begin());
  while (!lines.empty() && strip(lines.back()).empty()) lines.pop_back();
  std::vector<std::string> out;
  if (lines.empty()) return out;
  if (lines.front().find('|') == std::string::npos) {  // CSV
    size_t common = std::string::npos;
    for (auto& l : lines) {
      if (strip(l).empty()) continue;
      size_t n = 0;
      while (n < l.size() && (l[n] == ' ' || l[n] == '\t')) ++n;
      common = std::min(common, n);
    }
    for (auto& l : lines) out.push_back(strip(l).empty() ? std::string() : l.substr(common));
    return out;
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<int> widths;
  for (auto& l : lines) {
    if (strip(l).empty()) {
      rows.emplace_back();
      continue;
    }
    rows.push_back(table_cells(l));
    for (size_t i = 0; i < rows.back().size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], columns(rows.back()[i]));
    }
  }
  for (auto& cells : rows) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) s += " | ";
      s += i + 1 < cells.size() ? pad_right(cells[i], widths[i]) : cells[i];
    }
    std::string_view v = rstrip(s);
    // An empty first column everywhere is the `| a | b |` style: start the row at its first pipe.
    if (!v.empty() && v.front() == ' ' && !widths.empty() && widths[0] == 0) v.remove_prefix(1);
    out.emplace_back(v);
  }
  return out;
}

// ---- the layout tree ---------------------------------------------------------------------------

enum class ItemKind : uint8_t { Decl, Prop, Column, Node, Task, Bands, Band };

struct Item {
  ItemKind kind = ItemKind::Prop;
  std::string word;  // the property word ("from", "node", "bands", ...)
  Span span;
  const void* payload = nullptr;  // the declaration, NodeDecl, TaskDecl, ColumnDef or Band
  DeclKind decl_kind = DeclKind::Project;
  std::vector<Item> children;  // blocks only, in source order

  std::vector<const Comment*> leading;  // own-line comments before the item
  const Comment* trailing = nullptr;  // at the end of the item's (last) line
  const Comment* header_trailing = nullptr;  // blocks: after the opening brace
  std::vector<const Comment*> dangling;  // blocks: after the last item

  bool is_block() const {
    return kind == ItemKind::Decl || kind == ItemKind::Node || kind == ItemKind::Task || kind == ItemKind::Bands;
  }
  bool has_comments_inside() const {
    if (header_trailing || !dangling.empty()) return true;
    for (auto& c : children)
      if (!c.leading.empty() || c.trailing || c.has_comments_inside()) return true;
    return false;
  }
};

// A property value as pieces between which a line may break when it is too long.
struct Value {
  std::vector<std::string> parts;
  bool greedy = true;  // fill lines (lists) or one piece per line (and/or chains)
};

class Formatter {
 public:
  Formatter(const File& file, const SourceFile& source) : file_(file), src_(source) {}

  std::string run() {
    std::vector<Item> decls = build_declarations();
    std::vector<const Comment*> file_dangling;
    for (const Comment& c : file_.comments) place(nullptr, decls, &c, file_dangling);

    for (size_t i = 0; i < decls.size(); ++i) {
      if (i > 0) blank();
      emit_top_leading(decls[i]);
      emit_decl(decls[i]);
    }
    for (size_t k = 0; k < file_dangling.size(); ++k) {
      const Comment* c = file_dangling[k];
      uint32_t before = k > 0           ? line_of(file_dangling[k - 1]->span.begin)
                        : decls.empty() ? 0
                                        : line_of(decls.back().span.end > 0 ? decls.back().span.end - 1 : 0);
      if (before > 0 && line_of(c->span.begin) > before + 1) blank();
      emit_comment(0, c);
    }
    // The safety net: whatever was not printed goes at the end.
    bool first = true;
    for (const Comment& c : file_.comments) {
      if (emitted_.count(&c)) continue;
      if (first) blank();
      first = false;
      emit_comment(0, &c);
    }
    while (!lines_.empty() && lines_.back().empty()) lines_.pop_back();
    if (lines_.empty()) return {};
    std::string out;
    for (auto& l : lines_) {
      out += l;
      out += '\n';
    }
    return out;
  }

 private:
  const File& file_;
  const SourceFile& src_;
  std::vector<std::string> lines_;
  std::set<const Comment*> emitted_;

  uint32_t line_of(uint32_t offset) const { return src_.line_col(std::min(offset, src_.code_points())).line; }

  // ---- names and expressions ---------------------------------------------------------------

  // A name as it must be written: plain when it is an identifier that is not reserved (or was
  // written plain), in backticks otherwise.
  std::string name(std::string_view text, Span span) const {
    if (plain_identifier(text)) return std::string(text);
    if (!text.empty() && !is_reserved(text) && span.valid() && span.begin < span.end &&
        span.end <= src_.code_points() && src_.slice(span.begin, span.end) == text)
      return std::string(text);
    return "`" + std::string(text) + "`";
  }
  std::string name(const Name& n) const { return name(n.text, n.span); }

  std::string names(const std::vector<Name>& list) const {
    std::vector<std::string> parts;
    for (auto& n : list) parts.push_back(name(n));
    return join(parts, ", ");
  }

  Value name_list(const std::string& head, const std::vector<std::string>& items) const {
    Value v;
    for (size_t i = 0; i < items.size(); ++i) {
      std::string p = (i == 0 ? head : std::string()) + items[i];
      if (i + 1 < items.size()) p += ",";
      v.parts.push_back(p);
    }
    if (items.empty()) v.parts.push_back(head);
    return v;
  }
  Value name_list(const std::string& head, const std::vector<Name>& list) const {
    std::vector<std::string> items;
    for (auto& n : list) items.push_back(name(n));
    return name_list(head, items);
  }

  // Precedence, loosest first: or, and, not, comparisons (== in is deviates misses), + -, * /,
  // unary minus, primaries.
  static int prec(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Binary:
        switch (e.op) {
          case Op::Or: return 1;
          case Op::And: return 2;
          case Op::Add:
          case Op::Sub: return 5;
          case Op::Mul:
          case Op::Div: return 6;
          default: return 4;
        }
      case ExprKind::Unary: return e.op == Op::Not ? 3 : 7;
      case ExprKind::In:
      case ExprKind::IsNull:
      case ExprKind::Deviates:
      case ExprKind::MissesTarget: return 4;
      default: return 8;
    }
  }

  std::string expr(ExprId id, int min_prec = 1) const {
    if (!id.valid() || id.index >= file_.exprs.size()) return "null";
    const Expr& e = file_.expr(id);
    std::string s = expr_text(e);
    return prec(e) < min_prec ? "(" + s + ")" : s;
  }

  std::string arg(const Expr& e, size_t i, int min_prec) const {
    return i < e.args.size() ? expr(e.args[i], min_prec) : "null";
  }

  std::string period_count(const Expr& e) const {
    // The count as written (`3 months`), when the source still shows it.
    if (e.span.valid() && e.span.begin < e.span.end && e.span.end <= src_.code_points()) {
      std::string_view t = src_.slice(e.span.begin, e.span.end);
      size_t n = 0;
      while (n < t.size() && ((t[n] >= '0' && t[n] <= '9') || t[n] == '.')) ++n;
      double v = 0;
      auto r = std::from_chars(t.data(), t.data() + n, v);
      if (n > 0 && r.ec == std::errc() && r.ptr == t.data() + n && v == e.number) return std::string(t.substr(0, n));
    }
    return number_text(e.number);
  }

  std::string expr_text(const Expr& e) const {
    switch (e.kind) {
      case ExprKind::Number:
      case ExprKind::Percent:
      case ExprKind::Duration: return e.text.empty() ? number_text(e.number) : e.text;
      case ExprKind::Date:
      case ExprKind::Timestamp:
      case ExprKind::TimeOfDay: return e.text;
      case ExprKind::PeriodSpan: return period_count(e) + " " + name(e.text, e.name_span);
      case ExprKind::String: return string_literal(e.text);
      case ExprKind::Bool: return e.flag ? "true" : "false";
      case ExprKind::Null: return "null";
      case ExprKind::List: {
        std::vector<std::string> items;
        for (ExprId a : e.args) items.push_back(expr(a));
        return "[" + join(items, ", ") + "]";
      }
      case ExprKind::Name: return name(e.text, e.span);
      case ExprKind::Unary: {
        if (e.op == Op::Not) return "not " + arg(e, 0, 3);
        std::string operand = arg(e, 0, 7);
        return operand.starts_with("-") ? "- " + operand : "-" + operand;
      }
      case ExprKind::Binary: {
        int p = prec(e);
        int left = p == 4 ? 5 : p, right = p == 4 ? 5 : p + 1;  // comparisons do not chain
        return arg(e, 0, left) + " " + op_text(e.op) + " " + arg(e, 1, right);
      }
      case ExprKind::In: return arg(e, 0, 5) + (e.flag ? " not in " : " in ") + arg(e, 1, 5);
      case ExprKind::IsNull: return arg(e, 0, 5) + (e.flag ? " is not null" : " is null");
      case ExprKind::Deviates: return arg(e, 0, 5) + " deviates " + arg(e, 1, 5) + " from " + arg(e, 2, 5);
      case ExprKind::MissesTarget: return arg(e, 0, 5) + " misses target";
      case ExprKind::Call: {
        std::string s = name(e.text, e.name_span) + "(";
        if (e.args.empty()) {
          if (e.filter.valid()) s += "where " + expr(e.filter);
        } else {
          s += expr(e.args[0]);
          if (e.filter.valid()) s += " where " + expr(e.filter);
          for (size_t i = 1; i < e.args.size(); ++i) s += ", " + expr(e.args[i]);
        }
        return s + ")";
      }
    }
    return "null";
  }

  void flatten(ExprId id, Op op, int left, int right, std::vector<std::string>& out) const {
    const Expr& e = file_.expr(id);
    if (e.kind == ExprKind::Binary && e.op == op && e.args.size() == 2) {
      flatten(e.args[0], op, left, right, out);
      out.push_back(expr(e.args[1], right));
    } else {
      out.push_back(expr(id, left));
    }
  }

  // An expression as a property value: an and/or chain may wrap after each of its operators.
  Value expr_value(ExprId id) const {
    Value v;
    if (id.valid() && id.index < file_.exprs.size()) {
      const Expr& e = file_.expr(id);
      if (e.kind == ExprKind::Binary && (e.op == Op::Or || e.op == Op::And)) {
        bool is_or = e.op == Op::Or;
        flatten(id, e.op, is_or ? 1 : 2, is_or ? 2 : 3, v.parts);
        for (size_t i = 0; i + 1 < v.parts.size(); ++i) v.parts[i] += is_or ? " or" : " and";
        v.greedy = false;
        return v;
      }
    }
    v.parts.push_back(expr(id));
    return v;
  }

  std::string bound(const Bound& b) const { return std::string(op_text(b.op)) + " " + expr(b.value); }

  std::string label(const std::optional<std::string>& l) const { return l ? " " + string_literal(*l) : std::string(); }

  // ---- building the layout tree -----------------------------------------------------------

  static Item prop_item(const PropSpan& p) {
    Item it;
    it.kind = ItemKind::Prop;
    it.word = p.word;
    it.span = p.span;
    return it;
  }

  static Item bands_item(const std::vector<Band>& bands, Span span) {
    Item it;
    it.kind = ItemKind::Bands;
    it.word = "bands";
    it.span = span;
    for (auto& b : bands) {
      Item c;
      c.kind = ItemKind::Band;
      c.span = b.span;
      c.payload = &b;
      it.children.push_back(std::move(c));
    }
    return it;
  }

  static void sort_children(Item& it) {
    std::stable_sort(it.children.begin(), it.children.end(),
                     [](const Item& a, const Item& b) { return a.span.begin < b.span.begin; });
  }

  static Item node_item(const NodeDecl& n) {
    Item it;
    it.kind = ItemKind::Node;
    it.word = "node";
    it.span = n.span;
    it.payload = &n;
    for (auto& p : n.props) {
      if (p.word == "bands")
        it.children.push_back(bands_item(n.bands, n.bands_span.valid() ? n.bands_span : p.span));
      else
        it.children.push_back(prop_item(p));
    }
    sort_children(it);
    return it;
  }

  static Item task_item(const TaskDecl& t) {
    Item it;
    it.kind = ItemKind::Task;
    it.word = "task";
    it.span = t.span;
    it.payload = &t;
    for (auto& p : t.props) it.children.push_back(prop_item(p));
    sort_children(it);
    return it;
  }

  template <class D>
  static Item decl_item(const D& d) {
    Item it;
    it.kind = ItemKind::Decl;
    it.word = decl_kind_name(d.h.kind);
    it.decl_kind = d.h.kind;
    it.span = d.h.span;
    it.payload = &d;
    return it;
  }

  template <class D>
  static void add_props(Item& it, const D& d) {
    for (auto& p : d.props) it.children.push_back(prop_item(p));
  }

  std::vector<Item> build_declarations() const {
    std::vector<std::pair<uint32_t, Item>> all;
    auto add = [&](const DeclHeader& h, Item it) {
      sort_children(it);
      all.emplace_back(h.file_order, std::move(it));
    };
    for (auto& d : file_.projects) {
      Item it = decl_item(d);
      add_props(it, d);
      add(d.h, std::move(it));
    }
    for (auto& d : file_.calendars) {
      Item it = decl_item(d);
      add_props(it, d);
      add(d.h, std::move(it));
    }
    for (auto& d : file_.channels) {
      Item it = decl_item(d);
      add_props(it, d);
      add(d.h, std::move(it));
    }
    for (auto& d : file_.sources) {
      Item it = decl_item(d);
      add_props(it, d);
      for (auto& c : d.columns) {
        Item col;
        col.kind = ItemKind::Column;
        col.span = c.span;
        col.payload = &c;
        it.children.push_back(std::move(col));
      }
      add(d.h, std::move(it));
    }
    for (auto& d : file_.indicators) {
      Item it = decl_item(d);
      add_props(it, d);
      add(d.h, std::move(it));
    }
    for (auto& d : file_.chains) {
      Item it = decl_item(d);
      for (auto& p : d.props) {
        const NodeDecl* node = nullptr;
        if (p.word == "node")
          for (auto& n : d.nodes)
            if (n.span.begin == p.span.begin) node = &n;
        if (node)
          it.children.push_back(node_item(*node));
        else if (p.word == "bands")
          it.children.push_back(bands_item(d.bands, d.bands_span.valid() ? d.bands_span : p.span));
        else
          it.children.push_back(prop_item(p));
      }
      add(d.h, std::move(it));
    }
    for (auto& d : file_.alerts) {
      Item it = decl_item(d);
      for (auto& p : d.props) {
        const TaskDecl* task = nullptr;
        if (p.word == "task")
          for (auto& t : d.tasks)
            if (t.span.begin == p.span.begin) task = &t;
        it.children.push_back(task ? task_item(*task) : prop_item(p));
      }
      add(d.h, std::move(it));
    }
    for (auto& d : file_.roles) {
      Item it = decl_item(d);
      add_props(it, d);
      add(d.h, std::move(it));
    }
    for (auto& d : file_.views) {
      Item it = decl_item(d);
      add_props(it, d);
      add(d.h, std::move(it));
    }
    for (auto& d : file_.tests) {
      Item it = decl_item(d);
      add_props(it, d);
      add(d.h, std::move(it));
    }
    std::stable_sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::vector<Item> out;
    for (auto& [order, it] : all) out.push_back(std::move(it));
    return out;
  }

  // ---- placing comments -------------------------------------------------------------------

  // Attaches comment `c` to the innermost block containing it (`block` is null at the top level).
  void place(Item* block, std::vector<Item>& children, const Comment* c,
             std::vector<const Comment*>& file_dangling) const {
    uint32_t at = c->span.begin;
    uint32_t line = line_of(at);
    for (auto& ch : children)
      if (ch.is_block() && ch.span.valid() && ch.span.begin <= at && at < ch.span.end) {
        place(&ch, ch.children, c, file_dangling);
        return;
      }
    Item* prev = nullptr;  // the last item that starts before the comment
    Item* next = nullptr;  // the first item that starts after it
    for (auto& ch : children) {
      if (ch.span.begin < at)
        prev = &ch;
      else if (!next)
        next = &ch;
    }
    if (prev && at < prev->span.end) {  // inside a one-line item that spans lines: goes before it
      prev->leading.push_back(c);
      return;
    }
    if (prev && prev->span.end > 0 && line_of(prev->span.end - 1) == line && !prev->trailing) {
      prev->trailing = c;
      return;
    }
    if (block && !prev && line == line_of(block->span.begin) && !block->header_trailing) {
      block->header_trailing = c;
      return;
    }
    if (next)
      next->leading.push_back(c);
    else if (block)
      block->dangling.push_back(c);
    else
      file_dangling.push_back(c);
  }

  // ---- output -----------------------------------------------------------------------------

  std::string comment_text(const Comment* c) const { return std::string(rstrip(c->text)); }

  void emit(int indent, std::string_view text, const Comment* trailing) {
    std::string line = spaces(indent);
    line += text;
    if (trailing) {
      line = std::string(rstrip(line));
      line += kCommentGap;
      line += comment_text(trailing);
      emitted_.insert(trailing);
    }
    lines_.emplace_back(rstrip(line));
  }

  void emit_comment(int indent, const Comment* c) {
    emit(indent, comment_text(c), nullptr);
    emitted_.insert(c);
  }

  void blank() {
    if (!lines_.empty() && !lines_.back().empty()) lines_.emplace_back();
  }

  // The comments before a declaration, keeping a blank line where the source had one (which also
  // keeps a `///` comment from becoming, or ceasing to be, the declaration's doc comment).
  void emit_top_leading(const Item& d) {
    for (size_t k = 0; k < d.leading.size(); ++k) {
      const Comment* c = d.leading[k];
      if (k > 0 && line_of(c->span.begin) > line_of(d.leading[k - 1]->span.begin) + 1) blank();
      emit_comment(0, c);
    }
    if (!d.leading.empty() && line_of(d.span.begin) > line_of(d.leading.back()->span.begin) + 1) blank();
  }

  std::string decl_header(const Item& d) const {
    const DeclHeader* h = nullptr;
    switch (d.decl_kind) {
      case DeclKind::Project: h = &static_cast<const ProjectDecl*>(d.payload)->h; break;
      case DeclKind::Calendar: h = &static_cast<const CalendarDecl*>(d.payload)->h; break;
      case DeclKind::Channel: h = &static_cast<const ChannelDecl*>(d.payload)->h; break;
      case DeclKind::Source: h = &static_cast<const SourceDecl*>(d.payload)->h; break;
      case DeclKind::Indicator: h = &static_cast<const IndicatorDecl*>(d.payload)->h; break;
      case DeclKind::Chain: h = &static_cast<const ChainDecl*>(d.payload)->h; break;
      case DeclKind::Alert: h = &static_cast<const AlertDecl*>(d.payload)->h; break;
      case DeclKind::Role: h = &static_cast<const RoleDecl*>(d.payload)->h; break;
      case DeclKind::View: h = &static_cast<const ViewDecl*>(d.payload)->h; break;
      case DeclKind::Test: {
        auto* t = static_cast<const TestDecl*>(d.payload);
        if (t->titled_by_string) return "test " + string_literal(t->h.name.text);
        h = &t->h;
        break;
      }
    }
    return d.word + " " + name(h->name) + label(h->label);
  }

  void emit_decl(const Item& d) {
    std::string header = decl_header(d);
    if (d.children.empty() && !d.header_trailing && d.dangling.empty()) {
      emit(0, header + " {}", d.trailing);
      return;
    }
    emit(0, header + " {", d.header_trailing);
    emit_body(d, kIndentStep, d.word);
    emit(0, "}", d.trailing);
  }

  // Groups are separated by a blank line: a source's properties and its columns; a chain's
  // properties, its nodes and its bands.
  static int group_of(std::string_view block_word, const Item& it) {
    if (block_word == "source") return it.kind == ItemKind::Column ? 1 : 0;
    if (block_word == "chain") return it.kind == ItemKind::Node ? 1 : it.kind == ItemKind::Bands ? 2 : 0;
    return 0;
  }

  static size_t canonical_index(std::string_view block_word, const Item& it) {
    const auto& words = property_words(block_word);
    auto pos = std::find(words.begin(), words.end(), it.word);
    return static_cast<size_t>(pos - words.begin());  // unknown words last
  }

  void emit_body(const Item& block, int indent, std::string_view block_word) {
    std::vector<const Item*> order;
    for (auto& c : block.children) order.push_back(&c);
    std::stable_sort(order.begin(), order.end(), [&](const Item* a, const Item* b) {
      int ga = group_of(block_word, *a), gb = group_of(block_word, *b);
      if (ga != gb) return ga < gb;
      return canonical_index(block_word, *a) < canonical_index(block_word, *b);
    });
    int word_width = 0, column_width = 0;
    for (const Item* it : order) {
      if (it->kind == ItemKind::Prop || it->kind == ItemKind::Task)
        word_width = std::max(word_width, columns(it->word));
      if (it->kind == ItemKind::Column)
        column_width = std::max(column_width, columns(name(static_cast<const ColumnDef*>(it->payload)->name)) + 1);
    }
    int group = -1;
    for (const Item* it : order) {
      int g = group_of(block_word, *it);
      if (group != -1 && g != group) blank();
      group = g;
      for (const Comment* c : it->leading) emit_comment(indent, c);
      switch (it->kind) {
        case ItemKind::Prop: emit_prop(block, *it, indent, word_width); break;
        case ItemKind::Column: emit_column(*it, indent, column_width); break;
        case ItemKind::Node: emit_node(*it, indent); break;
        case ItemKind::Task: emit_task(*it, indent, word_width); break;
        case ItemKind::Bands: emit_bands(*it, indent); break;
        case ItemKind::Band:
        case ItemKind::Decl: break;
      }
    }
    for (const Comment* c : block.dangling) emit_comment(indent, c);
  }

  // Lines of a value that starts at display column `col`: on one line when it fits, else broken
  // between its parts; every line after the first starts at `col` too.
  static std::vector<std::string> layout(int col, const Value& v) {
    std::string one = join(v.parts, " ");
    if (col + columns(one) <= kMaxWidth || v.parts.size() < 2) return {one};
    if (!v.greedy) return v.parts;
    std::vector<std::string> lines;
    std::string cur;
    for (auto& p : v.parts) {
      if (cur.empty())
        cur = p;
      else if (col + columns(cur) + 1 + columns(p) <= kMaxWidth)
        cur += " " + p;
      else {
        lines.push_back(cur);
        cur = p;
      }
    }
    lines.push_back(cur);
    return lines;
  }

  void emit_prop(const Item& block, const Item& it, int indent, int word_width) {
    std::string prefix = pad_right(it.word, word_width + 2);
    int col = indent + word_width + 2;
    if (it.word == "given" && block.kind == ItemKind::Decl && block.decl_kind == DeclKind::Test) {
      auto* t = static_cast<const TestDecl*>(block.payload);
      for (auto& g : t->given)
        if (g.span.begin == it.span.begin && g.text_block) {
          emit(indent, prefix + name(g.source) + " \"\"\"", nullptr);
          for (auto& row : text_block_rows(*g.text_block)) {
            if (row.empty())
              lines_.emplace_back();
            else
              lines_.push_back(spaces(indent + kTextBlockIndent) + row);
          }
          emit(indent, "\"\"\"", it.trailing);
          return;
        }
    }
    std::vector<std::string> lines = layout(col, prop_value(block, it));
    for (size_t i = 0; i < lines.size(); ++i) {
      const Comment* trailing = i + 1 == lines.size() ? it.trailing : nullptr;
      if (i == 0)
        emit(indent, prefix + lines[i], trailing);
      else
        emit(col, lines[i], trailing);
    }
  }

  void emit_column(const Item& it, int indent, int column_width) {
    auto* c = static_cast<const ColumnDef*>(it.payload);
    std::string type = name(c->type.name);
    if (!c->type.members.empty()) type += "(" + names(c->type.members) + ")";
    if (c->unit.valid()) type += " " + name(c->unit);
    if (c->required) type += " required";
    emit(indent, pad_right(name(c->name) + ":", column_width + 1) + type, it.trailing);
  }

  void emit_node(const Item& it, int indent) {
    auto* n = static_cast<const NodeDecl*>(it.payload);
    std::string header = "node " + name(n->name) + label(n->label);
    bool comments = it.has_comments_inside();
    if (it.children.empty() && !comments) {
      emit(indent, header, it.trailing);
      return;
    }
    bool nested =
        std::any_of(it.children.begin(), it.children.end(), [](const Item& c) { return c.kind != ItemKind::Prop; });
    if (!comments && !nested) {
      std::vector<const Item*> order;
      for (auto& c : it.children) order.push_back(&c);
      std::stable_sort(order.begin(), order.end(), [](const Item* a, const Item* b) {
        return canonical_index("node", *a) < canonical_index("node", *b);
      });
      std::vector<std::string> props;
      for (const Item* c : order) props.push_back(c->word + " " + join(prop_value(it, *c).parts, " "));
      std::string one = header + " { " + join(props, "; ") + " }";
      if (indent + columns(one) <= kMaxWidth) {
        emit(indent, one, it.trailing);
        return;
      }
    }
    emit(indent, header + " {", it.header_trailing);
    emit_body(it, indent + kIndentStep, "node");
    emit(indent, "}", it.trailing);
  }

  void emit_task(const Item& it, int indent, int word_width) {
    auto* t = static_cast<const TaskDecl*>(it.payload);
    std::string header = pad_right("task", word_width + 2) + name(t->name) + label(t->label);
    if (it.children.empty() && !it.header_trailing && it.dangling.empty()) {
      emit(indent, header + " {}", it.trailing);
      return;
    }
    emit(indent, header + " {", it.header_trailing);
    emit_body(it, indent + kIndentStep, "task");
    emit(indent, "}", it.trailing);
  }

  void emit_bands(const Item& it, int indent) {
    if (it.children.empty() && !it.header_trailing && it.dangling.empty()) {
      emit(indent, "bands {}", it.trailing);
      return;
    }
    emit(indent, "bands {", it.header_trailing);
    int width = 0;
    for (auto& c : it.children) width = std::max(width, columns(name(static_cast<const Band*>(c.payload)->name)));
    for (auto& c : it.children) {  // written order: the first band that holds wins
      auto* b = static_cast<const Band*>(c.payload);
      for (const Comment* lc : c.leading) emit_comment(indent + kIndentStep, lc);
      emit(indent + kIndentStep, pad_right(name(b->name), width + 2) + bound(b->bound), c.trailing);
    }
    for (const Comment* c : it.dangling) emit_comment(indent + kIndentStep, c);
    emit(indent, "}", it.trailing);
  }

  // ---- property values --------------------------------------------------------------------

  static bool inside(Span inner, Span outer) { return inner.begin >= outer.begin && inner.end <= outer.end; }

  static Value text(std::string s) { return Value{{std::move(s)}, true}; }

  std::string date_range(const DateRange& r) const { return r.last.empty() ? r.first : r.first + ".." + r.last; }

  std::string text_or_env(const TextOrEnv& t) const {
    return t.from_env ? "env(" + string_literal(t.text) + ")" : string_literal(t.text);
  }

  std::string keys(const std::vector<KeyValue>& kvs) const {
    if (kvs.empty()) return "{}";
    std::vector<std::string> parts;
    for (auto& kv : kvs) parts.push_back(name(kv.key) + ": " + expr(kv.value));
    return "{ " + join(parts, ", ") + " }";
  }

  std::string expectation(const Expect& e) const {
    std::string s;
    switch (e.kind) {
      case ExpectKind::Value: {
        // `alert`, `no` and `step` would start the other forms: keep such a target in backticks.
        const std::string& t = e.target.text;
        s = t == "alert" || t == "no" || t == "step" ? "`" + t + "`" : name(e.target);
        if (!e.keys.empty()) s += " " + keys(e.keys);
        break;
      }
      case ExpectKind::Alert:
      case ExpectKind::NoAlert:
        s = std::string(e.kind == ExpectKind::NoAlert ? "no alert " : "alert ") + name(e.target);
        if (!e.keys.empty()) s += " " + keys(e.keys);
        return s;
      case ExpectKind::Step: s = "step " + name(e.target) + " " + keys(e.keys) + " " + name(e.column); break;
    }
    if (e.op != Op::None) s += std::string(" ") + op_text(e.op) + " " + expr(e.expected);
    return s;
  }

  Value prop_value(const Item& block, const Item& it) const {
    const std::string& w = it.word;
    if (block.kind == ItemKind::Node) {
      auto& n = *static_cast<const NodeDecl*>(block.payload);
      if (w == "owner") return text(name(n.owner));
      if (w == "within") return text(expr(n.within));
      if (w == "charge") return text(name(n.charge));
      if (w == "when") return expr_value(n.when);
      return text("");
    }
    if (block.kind == ItemKind::Task) {
      auto& t = *static_cast<const TaskDecl*>(block.payload);
      if (w == "assign") return text(name(t.assign));
      if (w == "due") return text(expr(t.due));
      if (w == "attach")
        for (auto& a : t.attach)
          if (a.span.begin == it.span.begin) {
            std::string s = name(a.source) + " match " + names(a.match);
            if (a.during.valid())
              s += " during " + name(a.during);
            else if (a.window.valid())
              s += " window " + expr(a.window);
            return text(s);
          }
      return text("");
    }
    switch (block.decl_kind) {
      case DeclKind::Project: {
        auto& d = *static_cast<const ProjectDecl*>(block.payload);
        if (w == "timezone") return text(string_literal(d.timezone.value_or("")));
        if (w == "calendar") return text(name(d.calendar));
        if (w == "week") return text(name(d.week));
        break;
      }
      case DeclKind::Calendar: {
        auto& d = *static_cast<const CalendarDecl*>(block.payload);
        if (w == "timezone") return text(string_literal(d.timezone.value_or("")));
        if (w == "hours")
          for (auto& h : d.hours)
            if (h.span.begin == it.span.begin) {
              std::string s = name(h.days.first);
              if (h.days.last.valid()) s += "-" + name(h.days.last);
              std::vector<std::string> ranges;
              for (auto& r : h.ranges) ranges.push_back(r.from + "-" + r.to);
              return name_list(s + " ", ranges);
            }
        if (w == "holidays" || w == "workdays") {
          std::vector<std::string> items;
          for (auto& r : w == "holidays" ? d.holidays : d.workdays)
            if (inside(r.span, it.span)) items.push_back(date_range(r));
          return name_list("", items);
        }
        break;
      }
      case DeclKind::Channel: {
        auto& d = *static_cast<const ChannelDecl*>(block.payload);
        if (w == "kind") return text(name(d.kind));
        if (w == "webhook") return text(text_or_env(d.webhook));
        if (w == "secret") return text(text_or_env(d.secret));
        break;
      }
      case DeclKind::Source: {
        auto& d = *static_cast<const SourceDecl*>(block.payload);
        if (w == "system") return text(string_literal(d.system.value_or("")));
        if (w == "time") return text(name(d.time));
        if (w == "evidence") return text(name(d.evidence));
        if (w == "actor") return text(name(d.actor));
        break;
      }
      case DeclKind::Indicator: {
        auto& d = *static_cast<const IndicatorDecl*>(block.payload);
        if (w == "from") return text(name(d.from));
        if (w == "where") return expr_value(d.where);
        if (w == "value") return expr_value(d.value);
        if (w == "by") {
          std::vector<std::string> items;
          for (auto& b : d.by)
            items.push_back(b.in_source.valid() ? name(b.column) + " in " + name(b.in_source) : name(b.column));
          return name_list("", items);
        }
        if (w == "every") return text(name(d.every));
        if (w == "unit") return text(name(d.unit));
        if (w == "target") return text(bound(d.target));
        if (w == "owner") return text(name(d.owner));
        if (w == "evidence") return text("at least " + std::to_string(d.evidence_min.value_or(0)));
        if (w == "sample") return text("at least " + std::to_string(d.sample_min.value_or(0)));
        if (w == "visible") return name_list("to ", d.visible_to);
        if (w == "appeal") return text("window " + expr(d.appeal_window));
        break;
      }
      case DeclKind::Chain: {
        auto& d = *static_cast<const ChainDecl*>(block.payload);
        if (w == "from") return text(name(d.from));
        if (w == "case") return text(name(d.case_column));
        if (w == "step") return text(name(d.step_column));
        if (w == "calendar") return text(name(d.calendar));
        break;
      }
      case DeclKind::Alert: {
        auto& d = *static_cast<const AlertDecl*>(block.payload);
        if (w == "from") return text(name(d.from));
        if (w == "when") {
          Value v = expr_value(d.when);
          if (d.for_count)
            v.parts.back() += " for " + std::to_string(*d.for_count) + " consecutive " + name(d.for_unit);
          return v;
        }
        if (w == "severity") return text(name(d.severity));
        if (w == "notify") return name_list("", d.notify);
        if (w == "message") return text(string_literal(d.message.value_or("")));
        if (w == "report") return text(name(d.report));
        break;
      }
      case DeclKind::Role: {
        auto& d = *static_cast<const RoleDecl*>(block.payload);
        if (w == "from") return text(name(d.from));
        if (w == "where") return expr_value(d.where);
        if (w == "scope") return text(name(d.scope));
        break;
      }
      case DeclKind::View: {
        auto& d = *static_cast<const ViewDecl*>(block.payload);
        if (w == "for") return text(name(d.for_role));
        if (w == "show") return name_list("", d.show);
        if (w == "alerts") return name_list("", d.alerts);
        break;
      }
      case DeclKind::Test: {
        auto& d = *static_cast<const TestDecl*>(block.payload);
        if (w == "as_of") return text(d.as_of.value_or(""));
        if (w == "given")
          for (auto& g : d.given)
            if (g.span.begin == it.span.begin)
              return text(name(g.source) + " from " + string_literal(g.file.value_or("")));
        if (w == "expect")
          for (auto& e : d.expects)
            if (e.span.begin == it.span.begin) return text(expectation(e));
        break;
      }
    }
    return text("");
  }
};

}  // namespace

std::string format_file(const File& file, const SourceFile& source) {
  if (file.had_syntax_errors) return source.text();
  return Formatter(file, source).run();
}

}  // namespace jixiao::ast
