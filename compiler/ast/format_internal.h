// The canonical formatter's shared declarations, internal to compiler/ast. Its files, in the order the
// formatter uses them (format.cpp gives the whole picture):
//  - format_text.cpp: text helpers (display columns, padding, names that need no backticks) and the
//    rows of `given` text blocks;
//  - format_layout.cpp: the layout tree of a file, with every comment attached to one of its items;
//  - format_expr.cpp: names and expressions as the canonical source writes them (ExprPrinter);
//  - format_values.cpp: the value of each property (prop_value);
//  - format.cpp: the driver, which prints the layout tree in canonical order.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.h"

namespace jixiao::ast::format_detail {

// ---- text helpers (format_text.cpp) ------------------------------------------------------------

// Display columns, as an int for the layout arithmetic (compiler/source/unicode.h).
int columns(std::string_view s);
std::string spaces(int n);
std::string pad_right(std::string s, int width);  // to `width` display columns
std::string_view rstrip(std::string_view s);  // without trailing blanks (spaces, tabs, \r)
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// Words that are keywords inside expressions (or, `required`, in column definitions) and so are
// never names unless written in backticks.
bool is_reserved(std::string_view s);
// A name that surely needs no backticks: an identifier (of letters the lexer surely accepts) that is
// not reserved.
bool plain_identifier(std::string_view s);

// The rows of a text block in canonical form, without indentation: a pipe table gets its cells
// padded to the column width and ` | ` between them; a CSV block keeps its lines, only losing their
// common indentation. Blank lines at either end are dropped; an empty string is a blank line.
std::vector<std::string> text_block_rows(std::string_view raw);

// ---- the layout tree (format_layout.cpp) -------------------------------------------------------

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

// The file's declarations, in file order, with every comment of the file attached to one of their
// items, or, after the last declaration, to the file itself.
struct Layout {
  std::vector<Item> declarations;
  std::vector<const Comment*> file_dangling;
};

Layout build_layout(const File& file, const SourceFile& source);

// The line of a code-point offset (clamped to the end of the file).
inline uint32_t line_of(const SourceFile& source, uint32_t offset) {
  return source.line_col(std::min(offset, source.code_points())).line;
}

// ---- names and expressions (format_expr.cpp) ---------------------------------------------------

// A property value as pieces between which a line may break when it is too long.
struct Value {
  std::vector<std::string> parts;
  bool greedy = true;  // fill lines (lists) or one piece per line (and/or chains)
};

// Names and expressions as the canonical source writes them. It reads the source to keep two things as
// written: a name written plain, and the count of a period (`3 months`).
class ExprPrinter {
 public:
  ExprPrinter(const File& file, const SourceFile& source) : file_(file), src_(source) {}

  // A name as it must be written: plain when it is an identifier that is not reserved (or was
  // written plain), in backticks otherwise.
  std::string name(std::string_view text, Span span) const;
  std::string name(const Name& n) const { return name(n.text, n.span); }
  std::string names(const std::vector<Name>& list) const;  // comma-separated

  // `head` then the items, comma-separated, as a value that may break after each comma.
  Value name_list(const std::string& head, const std::vector<std::string>& items) const;
  Value name_list(const std::string& head, const std::vector<Name>& list) const;

  // The expression with minimal parentheses, where an operand of precedence `min_prec` is expected.
  std::string expr(ExprId id, int min_prec = 1) const;
  // An expression as a property value: an and/or chain may wrap after each of its operators.
  Value expr_value(ExprId id) const;

  std::string bound(const Bound& b) const;  // `>= 95%`
  std::string label(const std::optional<std::string>& l) const;  // ` "label"`, or nothing

 private:
  std::string arg(const Expr& e, size_t i, int min_prec) const;
  std::string period_count(const Expr& e) const;
  std::string expr_text(const Expr& e) const;
  void flatten(ExprId id, Op op, int left, int right, std::vector<std::string>& out) const;

  const File& file_;
  const SourceFile& src_;
};

// ---- property values (format_values.cpp) -------------------------------------------------------

// The value of property item `prop` of `block`, read from the declaration, node or task it belongs to.
Value prop_value(const ExprPrinter& print, const Item& block, const Item& prop);

}  // namespace jixiao::ast::format_detail
