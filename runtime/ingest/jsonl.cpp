// JSON lines through simdjson's DOM parser: it picks the CPU's best kernels at run time (the
// on-demand API would be fixed to the compile-time target) and validates each line completely.
#include <simdjson.h>

#include <cstring>
#include <unordered_map>

#include "runtime/ingest/chunk_reader.h"
#include "runtime/ingest/ingest.h"
#include "runtime/ingest/row_builder.h"

namespace jixiao::rt {
namespace {

using ingest_detail::ChunkReader;
using ingest_detail::NullCause;
using ingest_detail::RowBuilder;
namespace dom = simdjson::dom;

const char* json_type_name(dom::element_type t) {
  switch (t) {
    case dom::element_type::ARRAY: return "an array";
    case dom::element_type::OBJECT: return "an object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE: return "a number";
    case dom::element_type::STRING: return "a string";
    case dom::element_type::BOOL: return "a bool";
    case dom::element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

std::string invalid_json_reason(simdjson::error_code error) {
  std::string message = simdjson::error_message(error);
  for (char& c : message)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (!message.empty() && message.back() == '.') message.pop_back();
  return "invalid json: " + message;
}

bool is_blank(std::string_view line) {
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

// Maps object keys to columns. Lines from one producer repeat the key order, so the column found at
// each position last time is tried first; only a miss pays for the hash lookup.
class KeyColumns {
 public:
  explicit KeyColumns(const TableSpec& spec) : spec_(spec) {
    for (size_t c = 0; c < spec.columns.size(); ++c) by_name_.emplace(spec.columns[c].name, static_cast<int>(c));
  }
  int find(std::string_view key, size_t position) {
    if (position < guess_.size()) {
      int g = guess_[position];
      if (g >= 0 && spec_.columns[size_t(g)].name == key) return g;
    } else {
      guess_.resize(position + 1, -1);
    }
    auto it = by_name_.find(key);
    int c = it == by_name_.end() ? -1 : it->second;
    guess_[position] = c;
    return c;
  }

 private:
  const TableSpec& spec_;
  std::unordered_map<std::string_view, int> by_name_;  // views into spec_
  std::vector<int> guess_;
};

void read_object(dom::object object, KeyColumns& keys, RowBuilder& rows) {
  size_t position = 0;
  // A repeated key overwrites the earlier value, as in most JSON readers.
  for (dom::key_value_pair field : object) {
    int found = keys.find(field.key, position++);
    if (found < 0) continue;
    auto c = size_t(found);
    dom::element v = field.value;
    switch (v.type()) {
      case dom::element_type::NULL_VALUE: rows.set_null(c, NullCause::Null); break;
      case dom::element_type::STRING: rows.set_text(c, v.get_string().value_unsafe(), true); break;
      case dom::element_type::INT64: rows.set_int(c, v.get_int64().value_unsafe()); break;
      case dom::element_type::UINT64: rows.set_uint(c, v.get_uint64().value_unsafe()); break;
      case dom::element_type::DOUBLE: rows.set_double(c, v.get_double().value_unsafe()); break;
      case dom::element_type::BOOL: rows.set_bool(c, v.get_bool().value_unsafe()); break;
      case dom::element_type::ARRAY:
      case dom::element_type::OBJECT: rows.set_wrong_type(c, json_type_name(v.type())); break;
    }
  }
}

}  // namespace

// Integers beyond 64 bits make simdjson reject the whole line ("invalid json: problem while parsing
// a number"), even under an ignored key. A JSON number bound for a text-parsed column is taken by its
// value's text: integers exactly, fractions in their shortest form (1.50 becomes `1.5`).
IngestReport ingest_detail::ingest_jsonl_chunked(std::istream& in, const std::string& origin, IngestTarget target,
                                                 size_t chunk) {
  IngestReport report{.source = target.table.spec.name, .origin = origin};
  RowBuilder rows(target, report, "the object");
  KeyColumns keys(rows.spec());
  dom::parser parser;
  ChunkReader reader(in, chunk);
  reader.skip_bom();

  uint64_t line = 0;
  for (;;) {
    const char* b = reader.begin();
    const char* e = reader.end();
    auto nl = static_cast<const char*>(std::memchr(b, '\n', size_t(e - b)));
    if (!nl) {
      if (!reader.eof()) {
        reader.refill();
        continue;
      }
      if (b == e) break;
      nl = e;  // the last line has no line break
    }
    ++line;
    std::string_view text(b, size_t(nl - b));
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    reader.consume_to(nl < e ? nl + 1 : e);  // the views stay valid until the next refill
    if (is_blank(text)) continue;

    rows.begin_row();
    dom::element root;
    // The buffer keeps simdjson's padding allocated past every line, so it parses in place.
    auto error = parser.parse(text.data(), text.size(), /*realloc_if_needed=*/false).get(root);
    if (error) {
      rows.fail_row(invalid_json_reason(error));
    } else if (root.type() != dom::element_type::OBJECT) {
      rows.fail_row(std::string("json line is ") + json_type_name(root.type()) + ", not an object");
    } else {
      read_object(root.get_object().value_unsafe(), keys, rows);
    }
    rows.finish(line, [&] { return std::string(text); });
    rows.plan_capacity(reader.consumed(), reader.input_size());
  }
  if (reader.failed()) report.error = "read error in " + origin;
  return report;
}

IngestReport ingest_jsonl(std::istream& in, const std::string& origin, IngestTarget target) {
  return ingest_detail::ingest_jsonl_chunked(in, origin, target, ingest_detail::kDefaultChunk);
}

}  // namespace jixiao::rt
