// The layout tree of a file: declarations hold items (properties, columns, nodes, tasks, bands
// blocks, bands), each with its source span, and every comment of the file is attached to one place in
// that tree by position (format.cpp tells why).
#include "compiler/ast/format_internal.h"

#include <algorithm>
#include <utility>

namespace jixiao::ast::format_detail {
namespace {

// ---- building the layout tree ------------------------------------------------------------------

Item prop_item(const PropSpan& p) {
  Item it;
  it.kind = ItemKind::Prop;
  it.word = p.word;
  it.span = p.span;
  return it;
}

Item bands_item(const std::vector<Band>& bands, Span span) {
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

void sort_children(Item& it) {
  std::stable_sort(it.children.begin(), it.children.end(),
                   [](const Item& a, const Item& b) { return a.span.begin < b.span.begin; });
}

Item node_item(const NodeDecl& n) {
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

Item task_item(const TaskDecl& t) {
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
Item decl_item(const D& d) {
  Item it;
  it.kind = ItemKind::Decl;
  it.word = decl_kind_name(d.h.kind);
  it.decl_kind = d.h.kind;
  it.span = d.h.span;
  it.payload = &d;
  return it;
}

template <class D>
void add_props(Item& it, const D& d) {
  for (auto& p : d.props) it.children.push_back(prop_item(p));
}

std::vector<Item> build_declarations(const File& file) {
  std::vector<std::pair<uint32_t, Item>> all;
  auto add = [&](const DeclHeader& h, Item it) {
    sort_children(it);
    all.emplace_back(h.file_order, std::move(it));
  };
  for (auto& d : file.projects) {
    Item it = decl_item(d);
    add_props(it, d);
    add(d.h, std::move(it));
  }
  for (auto& d : file.calendars) {
    Item it = decl_item(d);
    add_props(it, d);
    add(d.h, std::move(it));
  }
  for (auto& d : file.channels) {
    Item it = decl_item(d);
    add_props(it, d);
    add(d.h, std::move(it));
  }
  for (auto& d : file.sources) {
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
  for (auto& d : file.indicators) {
    Item it = decl_item(d);
    add_props(it, d);
    add(d.h, std::move(it));
  }
  for (auto& d : file.chains) {
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
  for (auto& d : file.alerts) {
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
  for (auto& d : file.roles) {
    Item it = decl_item(d);
    add_props(it, d);
    add(d.h, std::move(it));
  }
  for (auto& d : file.views) {
    Item it = decl_item(d);
    add_props(it, d);
    add(d.h, std::move(it));
  }
  for (auto& d : file.tests) {
    Item it = decl_item(d);
    add_props(it, d);
    add(d.h, std::move(it));
  }
  std::stable_sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<Item> out;
  for (auto& [order, it] : all) out.push_back(std::move(it));
  return out;
}

// ---- placing comments --------------------------------------------------------------------------

// Attaches comment `c` to the innermost block containing it (`block` is null at the top level).
void place_comment(const SourceFile& source, Item* block, std::vector<Item>& children, const Comment* c,
                   std::vector<const Comment*>& file_dangling) {
  uint32_t at = c->span.begin;
  uint32_t line = line_of(source, at);
  for (auto& ch : children)
    if (ch.is_block() && ch.span.valid() && ch.span.begin <= at && at < ch.span.end) {
      place_comment(source, &ch, ch.children, c, file_dangling);
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
  if (prev && prev->span.end > 0 && line_of(source, prev->span.end - 1) == line && !prev->trailing) {
    prev->trailing = c;
    return;
  }
  if (block && !prev && line == line_of(source, block->span.begin) && !block->header_trailing) {
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

}  // namespace

Layout build_layout(const File& file, const SourceFile& source) {
  Layout layout;
  layout.declarations = build_declarations(file);
  for (const Comment& c : file.comments) place_comment(source, nullptr, layout.declarations, &c, layout.file_dangling);
  return layout;
}

}  // namespace jixiao::ast::format_detail
