#include "runtime/table.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string_view>

#include "base/errors.h"

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

uint32_t DictIndex::hash_of(std::string_view s) {
  uint64_t h = std::hash<std::string_view>{}(s);
  return static_cast<uint32_t>(h ^ (h >> 32));
}

size_t DictIndex::probe(std::string_view s, uint32_t h, const std::vector<std::string>& dict) const {
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i].code >= 0 && !(slots_[i].hash == h && dict[slots_[i].code] == s)) i = (i + 1) & mask;
  return i;
}

// Out of line: GCC 12 drops a __builtin_prefetch of a member's vector once it is inlined into a loop.
void DictIndex::prefetch(uint32_t hash) const {
  if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
}

int32_t DictIndex::find(std::string_view s, const std::vector<std::string>& dict) const {
  if (slots_.empty()) return -1;
  return slots_[probe(s, hash_of(s), dict)].code;
}

std::pair<int32_t, bool> DictIndex::intern(std::string_view s, uint32_t h, std::vector<std::string>& dict) {
  if ((count_ + 1) * 2 > slots_.size()) grow_to(std::max<size_t>(16, slots_.size() * 2));
  Slot& slot = slots_[probe(s, h, dict)];
  if (slot.code >= 0) return {slot.code, false};
  slot = Slot{h, static_cast<int32_t>(dict.size())};
  dict.emplace_back(s);
  ++count_;
  return {slot.code, true};
}

void DictIndex::add_all(const std::vector<std::string>& dict) {
  reserve(dict.size());
  for (size_t code = 0; code < dict.size(); ++code) {
    const uint32_t h = hash_of(dict[code]);
    Slot& slot = slots_[probe(dict[code], h, dict)];
    if (slot.code >= 0) continue;  // an earlier code has this text
    slot = Slot{h, static_cast<int32_t>(code)};
    ++count_;
  }
}

void DictIndex::reserve(size_t n) {
  size_t want = 16;
  while (want < 2 * n) want *= 2;
  if (want > slots_.size()) grow_to(want);
}

void DictIndex::grow_to(size_t slots) {
  std::vector<Slot> old(slots);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.code < 0) continue;
    size_t i = slot.hash & mask;  // the low bits of the hash place a slot, at every size
    while (slots_[i].code >= 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

int32_t Column::intern(std::string_view s) {
  if (kind == ColumnKind::Enum) {
    int32_t code = code_of(s);
    if (code < 0) JX_UNREACHABLE("`" + std::string(s) + "` is not a member of this enum column");
    return code;
  }
  Dictionary& d = own_dictionary();
  return d.index.intern(s, d.texts).first;
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
      Dictionary& d = c.own_dictionary();
      d.texts = cs.enum_members;
      d.index.add_all(d.texts);
    }
  }
  t.spec = std::move(spec);
  return t;
}

}  // namespace jixiao::rt
