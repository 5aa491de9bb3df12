#include "runtime/table.h"

#include <stdexcept>

namespace jixiao::rt {

const char* column_kind_name(ColumnKind k) {
  switch (k) {
    case ColumnKind::String: return "string";
    case ColumnKind::Int: return "int";
    case ColumnKind::Number: return "number";
    case ColumnKind::Bool: return "bool";
    case ColumnKind::Timestamp: return "timestamp";
    case ColumnKind::Date: return "date";
    case ColumnKind::Duration: return "duration";
    case ColumnKind::Enum: return "enum";
  }
  return "?";
}

void Column::push_string(std::string_view s) {
  // The map is keyed by std::string without heterogeneous lookup; a reused per-thread key makes
  // looking up a view a copy rather than an allocation. try_emplace searches the bucket once for
  // both outcomes, which matters for unique ids, where nearly every value is new.
  thread_local std::string key;
  key.assign(s.data(), s.size());
  auto next = static_cast<int32_t>(dict.size());
  if (kind == ColumnKind::Enum) {
    auto it = dict_index.find(key);
    if (it == dict_index.end())
      throw std::logic_error("internal error: `" + key + "` is not a member of this enum column");
    return push_code(it->second);
  }
  auto [it, inserted] = dict_index.try_emplace(key, next);
  if (inserted) dict.push_back(key);
  push_code(it->second);
}

void Column::push_null() {
  valid.push_back(0);
  switch (kind) {
    case ColumnKind::String:
    case ColumnKind::Enum: codes.push_back(0); break;
    case ColumnKind::Number: f64.push_back(0.0); break;
    case ColumnKind::Int:
    case ColumnKind::Bool:
    case ColumnKind::Timestamp:
    case ColumnKind::Date:
    case ColumnKind::Duration: i64.push_back(0); break;
  }
}

Table Table::empty(TableSpec spec) {
  Table t;
  t.columns.reserve(spec.columns.size());
  for (const ColumnSpec& cs : spec.columns) {
    Column& c = t.columns.emplace_back();
    c.kind = cs.kind;
    if (cs.kind == ColumnKind::Enum) {
      c.dict = cs.enum_members;
      for (size_t i = 0; i < cs.enum_members.size(); ++i)
        c.dict_index.emplace(cs.enum_members[i], static_cast<int32_t>(i));
    }
  }
  t.spec = std::move(spec);
  return t;
}

}  // namespace jixiao::rt
