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

#include "compiler/ast/format_internal.h"

#include <algorithm>
#include <set>
#include <string_view>

namespace jixiao::ast {
namespace format_detail {
namespace {

constexpr int kIndentStep = 2;
// Nodes go on one line, and long conditions and lists wrap, by this width (in display columns).
constexpr int kMaxWidth = 100;
// Between a line's code and its trailing comment.
constexpr std::string_view kCommentGap = "  ";
// The rows of a `given` text block are this much deeper than `given`; the closing quotes line up with
// `given` (docs/formatting.md).
constexpr int kTextBlockIndent = 2;

class Formatter {
 public:
  Formatter(const File& file, const SourceFile& source) : file_(file), src_(source), print_(file, source) {}

  std::string run() {
    auto [decls, file_dangling] = build_layout(file_, src_);
    for (size_t i = 0; i < decls.size(); ++i) {
      if (i > 0) blank();
      emit_top_leading(decls[i]);
      emit_decl(decls[i]);
    }
    for (size_t k = 0; k < file_dangling.size(); ++k) {
      const Comment* c = file_dangling[k];
      uint32_t before = k > 0           ? line_of(src_, file_dangling[k - 1]->span.begin)
                        : decls.empty() ? 0
                                        : line_of(src_, decls.back().span.end > 0 ? decls.back().span.end - 1 : 0);
      if (before > 0 && line_of(src_, c->span.begin) > before + 1) blank();
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
  const ExprPrinter print_;
  std::vector<std::string> lines_;
  std::set<const Comment*> emitted_;

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
      if (k > 0 && line_of(src_, c->span.begin) > line_of(src_, d.leading[k - 1]->span.begin) + 1) blank();
      emit_comment(0, c);
    }
    if (!d.leading.empty() && line_of(src_, d.span.begin) > line_of(src_, d.leading.back()->span.begin) + 1) blank();
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
    return d.word + " " + print_.name(h->name) + print_.label(h->label);
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
        column_width =
            std::max(column_width, columns(print_.name(static_cast<const ColumnDef*>(it->payload)->name)) + 1);
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
  static std::vector<std::string> wrap_value(int col, const Value& v) {
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
          emit(indent, prefix + print_.name(g.source) + " \"\"\"", nullptr);
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
    std::vector<std::string> lines = wrap_value(col, prop_value(print_, block, it));
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
    std::string type = print_.name(c->type.name);
    if (!c->type.members.empty()) type += "(" + print_.names(c->type.members) + ")";
    if (c->unit.valid()) type += " " + print_.name(c->unit);
    if (c->required) type += " required";
    emit(indent, pad_right(print_.name(c->name) + ":", column_width + 1) + type, it.trailing);
  }

  void emit_node(const Item& it, int indent) {
    auto* n = static_cast<const NodeDecl*>(it.payload);
    std::string header = "node " + print_.name(n->name) + print_.label(n->label);
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
      for (const Item* c : order) props.push_back(c->word + " " + join(prop_value(print_, it, *c).parts, " "));
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
    std::string header = pad_right("task", word_width + 2) + print_.name(t->name) + print_.label(t->label);
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
    for (auto& c : it.children)
      width = std::max(width, columns(print_.name(static_cast<const Band*>(c.payload)->name)));
    for (auto& c : it.children) {  // written order: the first band that holds wins
      auto* b = static_cast<const Band*>(c.payload);
      for (const Comment* lc : c.leading) emit_comment(indent + kIndentStep, lc);
      emit(indent + kIndentStep, pad_right(print_.name(b->name), width + 2) + print_.bound(b->bound), c.trailing);
    }
    for (const Comment* c : it.dangling) emit_comment(indent + kIndentStep, c);
    emit(indent, "}", it.trailing);
  }
};

}  // namespace
}  // namespace format_detail

std::string format_file(const File& file, const SourceFile& source) {
  if (file.had_syntax_errors) return source.text();
  return format_detail::Formatter(file, source).run();
}

}  // namespace jixiao::ast
