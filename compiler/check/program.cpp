// The small functions of the checked program's types (check.h): type names, periods, table and
// indicator lookup, and the alert message template that the checker and the planner both parse.
#include "compiler/check/check.h"

namespace jixiao::check {

std::string type_name(const Type& t) {
  switch (t.kind) {
    case TypeKind::Error: return "unknown";
    case TypeKind::Null: return "null";
    case TypeKind::Bool: return "bool";
    case TypeKind::Number: return t.unit.empty() ? "number" : (t.unit == "percent" ? "percent" : "number in " + t.unit);
    case TypeKind::String: return "string";
    case TypeKind::Enum: return "enum";
    case TypeKind::Timestamp: return "timestamp";
    case TypeKind::Date: return "date";
    case TypeKind::Duration: return "duration";
    case TypeKind::TimeOfDay: return "time of day";
    case TypeKind::PeriodSpan: return "period span";
    case TypeKind::List: return "list";
  }
  return "unknown";
}

std::vector<TemplatePiece> parse_message_template(std::string_view text) {
  std::vector<TemplatePiece> out;
  auto literal = [&](size_t at, std::string_view piece, size_t length) {
    if (out.empty() || out.back().placeholder) out.push_back(TemplatePiece{false, true, "", at, 0});
    out.back().text += piece;
    out.back().length += length;
  };
  size_t k = 0;
  while (k < text.size()) {
    char c = text[k];
    if ((c == '{' || c == '}') && k + 1 < text.size() && text[k + 1] == c) {
      literal(k, text.substr(k, 1), 2);
      k += 2;
    } else if (c == '{') {
      size_t close = text.find('}', k + 1);
      TemplatePiece p;
      p.placeholder = true;
      p.closed = close != std::string_view::npos;
      size_t end = p.closed ? close : text.size();
      std::string_view name = text.substr(k + 1, end - k - 1);
      while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
      while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
      p.text = std::string(name);
      p.offset = k;
      p.length = (p.closed ? close + 1 : end) - k;
      out.push_back(std::move(p));
      k += out.back().length;
    } else {
      literal(k, text.substr(k, 1), 1);
      ++k;
    }
  }
  return out;
}

int TableInfo::find(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == column) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> TableInfo::column_names() const {
  std::vector<std::string> out;
  for (auto& c : columns) out.push_back(c.name);
  return out;
}

int Program::find_table(std::string_view name) const {
  for (size_t i = 0; i < tables.size(); ++i)
    if (tables[i].name == name) return static_cast<int>(i);
  return -1;
}

int Program::find_indicator(std::string_view name) const {
  for (size_t i = 0; i < indicators.size(); ++i)
    if (indicators[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace jixiao::check
