// Columnar event tables (docs/architecture.md, execution model): one typed array per column with a
// validity byte per row; strings and enums are dictionary-encoded to int32 codes; timestamps and
// durations are int64 microseconds; dates int64 days since 1970-01-01; bools int64 0/1.
// A null slot still holds a 0 in its value array, so the arrays stay parallel to `valid` and a kernel
// may read a value before looking at its validity.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jixiao::rt {

enum class ColumnKind : uint8_t { String, Int, Number, Bool, Timestamp, Date, Duration, Enum };
const char* column_kind_name(ColumnKind k);
// Text and enum columns store dictionary codes (Column::codes) rather than values.
inline bool dictionary_coded(ColumnKind k) { return k == ColumnKind::String || k == ColumnKind::Enum; }

struct ColumnSpec {
  std::string name;
  ColumnKind kind = ColumnKind::String;
  bool required = false;
  std::vector<std::string> enum_members;  // Enum only, in declared order (code = index)
};

struct TableSpec {
  std::string name;
  std::vector<ColumnSpec> columns;
  int find(const std::string& column) const {
    for (size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == column) return static_cast<int>(i);
    return -1;
  }
};

// The index of a column's dictionary, text -> code: open addressing over the codes themselves, so that
// each text is stored once (in Column::dict) and adding one allocates nothing but the table's growth.
// Each slot keeps the low 32 bits of its text's hash (which also place it: the table never has more than
// 2^31 slots), so a probe compares text only on a likely match and growing never rehashes text.
class DictIndex {
 public:
  // The code of `s` in `dict`, or -1.
  int32_t find(std::string_view s, const std::vector<std::string>& dict) const;
  // The code of `s`, appended to `dict` (and indexed) when it is not there yet; whether it was new.
  std::pair<int32_t, bool> intern(std::string_view s, std::vector<std::string>& dict) {
    return intern(s, hash_of(s), dict);
  }
  // The same with the hash of `s` known (hash_of): a caller interning many texts computes their hashes
  // ahead and prefetches the slots they will probe, which a column of distinct ids misses in cache.
  std::pair<int32_t, bool> intern(std::string_view s, uint32_t hash, std::vector<std::string>& dict);
  static uint32_t hash_of(std::string_view s);
  void prefetch(uint32_t hash) const;
  // Indexes every code of `dict` whose text is not indexed yet (an earlier code with the same text wins).
  void add_all(const std::vector<std::string>& dict);
  void reserve(size_t n);
  size_t size() const { return count_; }

 private:
  struct Slot {
    uint32_t hash = 0;
    int32_t code = -1;  // -1: empty
  };
  // The slot holding `s` (hash `h`), or the empty slot where it would go; the table must not be empty.
  size_t probe(std::string_view s, uint32_t h, const std::vector<std::string>& dict) const;
  void grow_to(size_t slots);
  std::vector<Slot> slots_;
  size_t count_ = 0;
};

// A text column's distinct texts by code, with their index.
struct Dictionary {
  std::vector<std::string> texts;
  DictIndex index;
};

struct Column {
  ColumnKind kind = ColumnKind::String;
  std::vector<uint8_t> valid;  // 1 = value present, 0 = null
  std::vector<double> f64;  // Number
  std::vector<int64_t> i64;  // Int, Bool, Timestamp, Date, Duration
  std::vector<int32_t> codes;  // String, Enum

  // String: distinct values by code; Enum: the members.
  const std::vector<std::string>& dict() const { return dictionary_->texts; }
  // The dictionary to add texts to: this column's own (a copy of it, while another column shares it).
  Dictionary& own_dictionary() {
    if (dictionary_.use_count() > 1) dictionary_ = std::make_shared<Dictionary>(*dictionary_);
    return *dictionary_;
  }
  // Takes `other`'s dictionary, shared rather than copied, for codes taken from `other` (a chain's step
  // table from its source: millions of evidence ids are not copied). Either column adding a text later
  // makes its own copy first.
  void share_dictionary(const Column& other) { dictionary_ = other.dictionary_; }

  size_t size() const { return valid.size(); }
  bool is_valid(size_t row) const { return valid[row] != 0; }
  // Appends a string value, dictionary-encoding it. On an Enum column `s` must be a member.
  void push_string(std::string_view s) { push_code(intern(s)); }
  // The code of `s`, added to the dictionary when new (an Enum column's `s` must be a member).
  int32_t intern(std::string_view s);
  void push_null();
  // Typed appends; the caller has checked the kind. push_int: Int, Bool, Timestamp, Date, Duration.
  void push_int(int64_t v) {
    valid.push_back(1);
    i64.push_back(v);
  }
  void push_number(double v) {
    valid.push_back(1);
    f64.push_back(v);
  }
  void push_code(int32_t code) {
    valid.push_back(1);
    codes.push_back(code);
  }  // String, Enum
  int32_t code_of(std::string_view s) const { return dictionary_->index.find(s, dictionary_->texts); }

 private:
  std::shared_ptr<Dictionary> dictionary_ = std::make_shared<Dictionary>();
};

struct Table {
  TableSpec spec;
  std::vector<Column> columns;  // parallel to spec.columns
  std::vector<int64_t> row_number;  // where each row came from: data line / JSON line / SQLite rowid
  size_t rows() const { return row_number.size(); }
  // Prepares empty columns for `spec` (enum dictionaries filled with the members).
  static Table empty(TableSpec spec);
};

struct QuarantinedRow {
  std::string source;
  int64_t row_number = 0;  // 1-based line of a CSV/JSONL file (the header is line 1), SQLite rowid
  std::string raw;  // the row as read
  std::string reason;  // e.g. "column `weight`: `abc` is not a number"
};

struct IngestReport {
  std::string source;
  std::string origin;  // the file or table read, empty when none
  uint64_t read = 0;
  uint64_t accepted = 0;
  uint64_t quarantined = 0;
  std::string error;  // set when the input could not be read to its end (I/O or database error)
};

}  // namespace jixiao::rt
