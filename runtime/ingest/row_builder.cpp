#include "runtime/ingest/row_builder.h"

#include <exception>
#include <thread>
#include <utility>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace jixiao::rt::ingest_detail {
namespace {

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

// A value quoted in a message; long values are cut (at a UTF-8 boundary) so reasons stay readable.
std::string quoted(std::string_view v) {
  constexpr size_t kMax = 80;
  std::string out = "`";
  if (v.size() <= kMax) {
    out += v;
  } else {
    size_t n = kMax;
    while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;
    out += v.substr(0, n);
    out += "...";
  }
  out += '`';
  return out;
}

std::string member_list(const ColumnSpec& c) {
  std::string out;
  for (const std::string& m : c.enum_members) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

std::string expected_of(const ColumnSpec& c) {
  switch (c.kind) {
    case ColumnKind::String: return "a string";
    case ColumnKind::Int: return "an integer";
    case ColumnKind::Number: return "a number";
    case ColumnKind::Bool: return "a bool";
    case ColumnKind::Timestamp: return "a timestamp";
    case ColumnKind::Date: return "a date";
    case ColumnKind::Duration: return "a duration";
    case ColumnKind::Enum: return "one of " + member_list(c);
  }
  return "a value";
}

}  // namespace

std::optional<int64_t> parse_int(std::string_view text) {
  // from_chars takes a leading '-' but not '+'.
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  }
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_number(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  // Requiring a digit or a point first keeps out "inf", "nan" and a second sign, which from_chars takes.
  if (text.empty() || !((text.front() >= '0' && text.front() <= '9') || text.front() == '.')) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (end != text.data() + text.size()) return std::nullopt;
  // Too small for a double (`1e-400`) is the nearest double, 0 or subnormal, as strtod gives it; too
  // large is no number (number_overflows says which).
  if (ec == std::errc::result_out_of_range)
    v = std::strtod(std::string(text).c_str(), nullptr);
  else if (ec != std::errc())
    return std::nullopt;
  if (!std::isfinite(v)) return std::nullopt;
  return negative ? -v : v;
}

bool number_overflows(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  if (text.empty() || !((text.front() >= '0' && text.front() <= '9') || text.front() == '.')) return false;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return end == text.data() + text.size() && ec == std::errc::result_out_of_range &&
         !std::isfinite(std::strtod(std::string(text).c_str(), nullptr));
}

std::optional<size_t> invalid_utf8_at(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    uint32_t cp = n == 1 ? b : b & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += n;
  }
  return std::nullopt;
}

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "1" || equals_ignoring_case(text, "true") || equals_ignoring_case(text, "yes")) return true;
  if (text == "0" || equals_ignoring_case(text, "false") || equals_ignoring_case(text, "no")) return false;
  return std::nullopt;
}

RowBuilder::RowBuilder(IngestTarget target, IngestReport& report, const char* absent_from)
    : table_(target.table),
      quarantine_(target.quarantine),
      tz_(target.tz),
      report_(report),
      absent_from_(absent_from),
      cells_(target.table.spec.columns.size()),
      enum_codes_(target.table.spec.columns.size()),
      threads_(target.threads) {
  const auto& columns = table_.spec.columns;
  for (size_t c = 0; c < columns.size(); ++c)
    for (size_t m = 0; m < columns[c].enum_members.size(); ++m)
      enum_codes_[c].emplace(columns[c].enum_members[m], static_cast<int32_t>(m));
}

void RowBuilder::begin_row() {
  for (Cell& cell : cells_) {
    cell.state = State::Null;
    cell.cause = NullCause::Missing;
  }
  row_problem_.clear();
}

void RowBuilder::set_null(size_t col, NullCause cause) {
  cells_[col].state = State::Null;
  cells_[col].cause = cause;
}

void RowBuilder::set_error(size_t col, Error e, std::string_view text) {
  cells_[col].state = State::Error;
  cells_[col].error = e;
  cells_[col].text = text;
}

void RowBuilder::set_text(size_t col, std::string_view text, bool typed_source) {
  parse_text(col, text, typed_source, /*native_number=*/false);
}

void RowBuilder::parse_text(size_t col, std::string_view text, bool typed_source, bool native_number) {
  Cell& cell = cells_[col];
  const ColumnSpec& spec = table_.spec.columns[col];
  // Text that is not UTF-8 would be stored and shown as mojibake (or break JSON): the row is refused.
  if (invalid_utf8_at(text)) return set_error(col, Error::BadUtf8, text);
  if (spec.kind == ColumnKind::String) {
    if (text.empty() && !typed_source) return set_null(col, NullCause::Empty);
    cell.state = State::Value;
    cell.text = text;
    return;
  }
  // Blanks around a typed value are a formatting accident, not a different value.
  text = trim_blanks(text);
  if (text.empty()) return set_null(col, NullCause::Empty);
  switch (spec.kind) {
    case ColumnKind::String: break;
    case ColumnKind::Int:
      if (auto v = parse_int(text)) {
        cell.i = *v;
        break;
      }
      return set_error(col, Error::BadInt, text);
    case ColumnKind::Number:
      if (auto v = parse_number(text)) {
        cell.f = *v;
        break;
      }
      return set_error(col, number_overflows(text) ? Error::NumberOutOfRange : Error::BadNumber, text);
    case ColumnKind::Bool:
      if (auto v = parse_bool(text)) {
        cell.i = *v ? 1 : 0;
        break;
      }
      return set_error(col, Error::BadBool, text);
    case ColumnKind::Timestamp: {
      bool in_gap = false;
      auto v = parse_timestamp(text, tz_, &in_gap);
      if (!v) return set_error(col, Error::BadTimestamp, text);
      if (in_gap) return set_error(col, Error::SkippedLocalTime, text);
      cell.i = *v;
      break;
    }
    case ColumnKind::Date:
      if (auto v = parse_date(text)) {
        cell.i = *v;
        break;
      }
      return set_error(col, Error::BadDate, text);
    case ColumnKind::Duration: {
      // A bare number in text has no unit: `100` could be seconds, minutes or hours, so it is read as none of
      // them (durations are written with units: docs/language-reference.md, data; docs/decisions.md 30). A JSON
      // or SQLite number is seconds, as `run --format json` writes durations.
      if (!native_number && parse_number(text)) return set_error(col, Error::UnitlessDuration, text);
      bool too_long = false;
      if (auto v = parse_duration(text, &too_long)) {
        cell.i = *v;
        break;
      }
      return set_error(col, too_long ? Error::DurationOutOfRange : Error::BadDuration, text);
    }
    case ColumnKind::Enum: {
      auto it = enum_codes_[col].find(text);
      if (it != enum_codes_[col].end()) {
        cell.code = it->second;
        break;
      }
      return set_error(col, Error::BadEnum, text);
    }
  }
  cell.state = State::Value;
}

void RowBuilder::set_digits(size_t col, int64_t v) {
  Cell& cell = cells_[col];
  auto [end, ec] = std::to_chars(cell.digits, cell.digits + sizeof cell.digits, v);
  parse_text(col, std::string_view(cell.digits, ec == std::errc() ? size_t(end - cell.digits) : 0), true, true);
}

void RowBuilder::set_int(size_t col, int64_t v) {
  Cell& cell = cells_[col];
  switch (table_.spec.columns[col].kind) {
    case ColumnKind::Int: cell.i = v; break;
    case ColumnKind::Number: cell.f = static_cast<double>(v); break;
    default: return set_digits(col, v);  // bools take 0/1; the rest parse the text
  }
  cell.state = State::Value;
}

void RowBuilder::set_uint(size_t col, uint64_t v) {
  if (v <= static_cast<uint64_t>(INT64_MAX)) return set_int(col, static_cast<int64_t>(v));
  Cell& cell = cells_[col];
  if (table_.spec.columns[col].kind == ColumnKind::Number) {
    cell.f = static_cast<double>(v);
    cell.state = State::Value;
    return;
  }
  auto [end, ec] = std::to_chars(cell.digits, cell.digits + sizeof cell.digits, v);
  parse_text(col, std::string_view(cell.digits, ec == std::errc() ? size_t(end - cell.digits) : 0), true, true);
}

void RowBuilder::set_double(size_t col, double v) {
  Cell& cell = cells_[col];
  ColumnKind kind = table_.spec.columns[col].kind;
  // Typed sources store whole numbers as floats too (REAL columns, 3.0 in JSON); those fit an int
  // column. The text is the shortest that round-trips, which is also what messages show.
  if (kind == ColumnKind::Number && std::isfinite(v)) {
    cell.f = v;
    cell.state = State::Value;
    return;
  }
  if (kind == ColumnKind::Int && std::isfinite(v) && v == std::trunc(v) && v >= -0x1p63 && v < 0x1p63) {
    cell.i = static_cast<int64_t>(v);
    cell.state = State::Value;
    return;
  }
  auto [end, ec] = std::to_chars(cell.digits, cell.digits + sizeof cell.digits, v);
  std::string_view text(cell.digits, ec == std::errc() ? size_t(end - cell.digits) : 0);
  if (kind == ColumnKind::Number) return set_error(col, Error::BadNumber, text);
  if (kind == ColumnKind::Int) return set_error(col, Error::BadInt, text);
  parse_text(col, text, true, true);
}

void RowBuilder::set_bool(size_t col, bool v) {
  Cell& cell = cells_[col];
  switch (table_.spec.columns[col].kind) {
    case ColumnKind::Bool: cell.i = v ? 1 : 0; break;
    case ColumnKind::String: cell.text = v ? "true" : "false"; break;
    default: return set_wrong_type(col, "a bool");
  }
  cell.state = State::Value;
}

void RowBuilder::set_wrong_type(size_t col, const char* found) {
  cells_[col].state = State::Error;
  cells_[col].error = Error::WrongType;
  cells_[col].found = found;
}

int RowBuilder::first_problem_column() const {
  const auto& columns = table_.spec.columns;
  for (size_t c = 0; c < cells_.size(); ++c) {
    const Cell& cell = cells_[c];
    if (cell.state == State::Error || (cell.state == State::Null && columns[c].required)) return static_cast<int>(c);
  }
  return -1;
}

// Only the first problem is reported (the row's own, else the first column's in declared order): one
// precise reason reads better than a list, and fixing it usually fixes the rest of the row's export.
std::string RowBuilder::describe_problem() const {
  if (!row_problem_.empty()) return row_problem_;
  int c = first_problem_column();
  const ColumnSpec& spec = table_.spec.columns[c];
  const Cell& cell = cells_[c];
  std::string column = "column `" + spec.name + "`";
  if (cell.state == State::Null) {
    switch (cell.cause) {
      case NullCause::Empty: return column + " is required but empty";
      case NullCause::Null: return column + " is required but null";
      case NullCause::Missing: return column + " is required but missing";
      case NullCause::Absent: return column + " is required but missing from " + absent_from_;
    }
  }
  std::string value = quoted(cell.text);
  switch (cell.error) {
    case Error::BadInt: return column + ": " + value + " is not an integer";
    case Error::BadNumber: return column + ": " + value + " is not a number";
    case Error::NumberOutOfRange: return column + ": " + value + " is too large for a number (at most about 1.8e308)";
    case Error::SkippedLocalTime:
      return column + ": " + value + " does not exist in " + tz_.name() +
             " (the clocks jump forward over it): give the time with its offset";
    case Error::BadUtf8: {
      const size_t at = *invalid_utf8_at(cell.text);
      return column + ": the text is not valid UTF-8 (byte " + std::to_string(at + 1) + ")";
    }
    case Error::BadBool: return column + ": " + value + " is not a bool (true/false, 1/0, yes/no)";
    case Error::BadTimestamp: return column + ": " + value + " is not a timestamp";
    case Error::BadDate: return column + ": " + value + " is not a date";
    case Error::BadDuration: return column + ": " + value + " is not a duration";
    case Error::DurationOutOfRange:
      return column + ": " + value + " is too long for a duration (at most about 146,000 years)";
    case Error::UnitlessDuration:
      return column + ": " + value +
             " is not a duration: a number needs its unit (s, m, h, d or w, as in 90s or 1h30m)";
    case Error::BadEnum: return column + ": " + value + " is not one of " + member_list(spec);
    case Error::WrongType: return column + ": expected " + expected_of(spec) + ", found " + cell.found;
  }
  return column + ": invalid value";
}

void RowBuilder::reserve(size_t rows) {
  size_t total = table_.rows() + rows;
  for (Column& column : table_.columns) {
    column.valid.reserve(total);
    switch (column.kind) {
      case ColumnKind::String:
      case ColumnKind::Enum: column.codes.reserve(total); break;
      case ColumnKind::Number: column.f64.reserve(total); break;
      case ColumnKind::Int:
      case ColumnKind::Bool:
      case ColumnKind::Timestamp:
      case ColumnKind::Date:
      case ColumnKind::Duration: column.i64.reserve(total); break;
    }
  }
  table_.row_number.reserve(total);
}

std::string_view RowBuilder::keep(std::string_view text) {
  constexpr size_t kBlock = size_t{1} << 16;
  if (kept_.empty() || kept_.back().capacity() - kept_.back().size() < text.size()) {
    kept_.emplace_back();
    kept_.back().reserve(std::max(kBlock, text.size()));  // on the heap: moving the string keeps the bytes
  }
  std::string& block = kept_.back();
  const size_t at = block.size();
  block.append(text);  // within the capacity: the texts kept before do not move
  return {block.data() + at, text.size()};
}

void RowBuilder::hold(int64_t row_number) {
  if (held_.size() != cells_.size()) held_.resize(cells_.size());
  for (size_t c = 0; c < cells_.size(); ++c) {
    const Cell& cell = cells_[c];
    if (cell.state != State::Value) {
      held_[c].emplace_back();
      continue;
    }
    const bool text = table_.columns[c].kind == ColumnKind::String;
    held_[c].push_back(Held{text ? keep(cell.text) : std::string_view(), cell.i, cell.f, cell.code, true});
  }
  table_.row_number.push_back(row_number);
}

void RowBuilder::append_held(size_t c, std::vector<Held>& held) {
  Column& column = table_.columns[c];
  if (column.kind == ColumnKind::String) return append_held_texts(c, held);
  for (const Held& h : held) {
    if (!h.value) {
      column.push_null();
      continue;
    }
    switch (column.kind) {
      case ColumnKind::String: break;  // append_held_texts
      case ColumnKind::Enum: column.push_code(h.code); break;
      case ColumnKind::Number: column.push_number(h.f); break;
      case ColumnKind::Int:
      case ColumnKind::Bool:
      case ColumnKind::Timestamp:
      case ColumnKind::Date:
      case ColumnKind::Duration: column.push_int(h.i); break;
    }
  }
  held.clear();
}

// A text column's held values: looked up in its dictionary with the slots of the values a few rows
// ahead already on their way from memory (a column of distinct evidence ids is a cache miss a row).
void RowBuilder::append_held_texts(size_t c, std::vector<Held>& held) {
  Column& column = table_.columns[c];
  constexpr size_t kAhead = 32;
  std::vector<uint32_t> hashes(held.size());
  for (size_t i = 0; i < held.size(); ++i)
    if (held[i].value) hashes[i] = DictIndex::hash_of(held[i].text);
  Dictionary& dict = column.own_dictionary();
  for (size_t i = 0; i < held.size(); ++i) {
    if (i + kAhead < held.size() && held[i + kAhead].value) dict.index.prefetch(hashes[i + kAhead]);
    if (held[i].value)
      column.push_code(dict.index.intern(held[i].text, hashes[i], dict.texts).first);
    else
      column.push_null();
  }
  held.clear();
}

RowBuilder::~RowBuilder() {
  if (appender_.joinable()) appender_.join();
}

void RowBuilder::wait_for_appender() {
  if (appender_.joinable()) appender_.join();
  if (append_failed_) std::rethrow_exception(std::exchange(append_failed_, nullptr));
}

void RowBuilder::flush() {
  if (held_.empty() || held_[0].empty()) return;
  wait_for_appender();
  if (planned_rows_ > 0) reserve(std::exchange(planned_rows_, 0));
  // The held rows go to the appender thread, which appends them column by column (each column still
  // takes its rows in order) while this thread parses the next buffer into the emptied held_.
  appending_.swap(held_);
  appending_kept_.swap(kept_);
  kept_.clear();
  held_.resize(appending_.size());
  appender_ = std::thread([this] {
    try {
      for (size_t c = 0; c < appending_.size(); ++c) append_held(c, appending_[c]);
    } catch (...) { append_failed_ = std::current_exception(); }
  });
}

void RowBuilder::drain() {
  flush();
  wait_for_appender();
}

void RowBuilder::commit(int64_t row_number) {
  for (size_t c = 0; c < cells_.size(); ++c) {
    const Cell& cell = cells_[c];
    Column& column = table_.columns[c];
    if (cell.state != State::Value) {
      column.push_null();
      continue;
    }
    switch (column.kind) {
      case ColumnKind::String: column.push_string(cell.text); break;
      case ColumnKind::Enum: column.push_code(cell.code); break;
      case ColumnKind::Number: column.push_number(cell.f); break;
      case ColumnKind::Int:
      case ColumnKind::Bool:
      case ColumnKind::Timestamp:
      case ColumnKind::Date:
      case ColumnKind::Duration: column.push_int(cell.i); break;
    }
  }
  table_.row_number.push_back(row_number);
}

}  // namespace jixiao::rt::ingest_detail
