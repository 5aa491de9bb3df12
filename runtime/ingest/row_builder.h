// Shared by the CSV, JSON-lines and SQLite readers: converts one row's cells per column kind and
// appends the row to the table, or quarantines it with the reason of its first problem.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "runtime/ingest/ingest.h"

namespace jixiao::rt::ingest_detail {

// Why a cell is null; it words the message when the column is required.
enum class NullCause : uint8_t {
  Empty,  // an empty CSV field (or an empty string for a non-string column)
  Null,  // JSON null, SQLite NULL
  Missing,  // a key absent from a JSON object
  Absent,  // the input has no such column at all (CSV header, SQLite table)
};

// Text forms shared by all readers; surrounding blanks are the caller's business.
std::optional<int64_t> parse_int(std::string_view text);  // [+-]digits, no overflow
std::optional<double> parse_number(std::string_view text);  // decimal or exponent form, finite; 1e-400 is 0
bool number_overflows(std::string_view text);  // a number too large for a double (1e400)
std::optional<size_t> invalid_utf8_at(std::string_view text);  // the first byte that is not UTF-8, if any
std::optional<bool> parse_bool(std::string_view text);  // true/false, 1/0, yes/no, any case

class RowBuilder {
 public:
  // `absent_from` ends the message for a required column the input lacks: "the header", "the table".
  RowBuilder(IngestTarget target, IngestReport& report, const char* absent_from);
  RowBuilder(const RowBuilder&) = delete;
  RowBuilder& operator=(const RowBuilder&) = delete;
  ~RowBuilder();

  const TableSpec& spec() const { return table_.spec; }
  size_t width() const { return cells_.size(); }

  // Every cell starts as null with cause Missing.
  void begin_row();
  void set_null(size_t col, NullCause cause);
  // Text to parse per the column kind. A typed source (JSON, SQLite) keeps an empty string as a value
  // of a string column; in CSV an empty field is null. Views must stay valid until finish().
  void set_text(size_t col, std::string_view text, bool typed_source);
  // Native values of JSON and SQLite; a kind parsed from text receives the number's text.
  void set_int(size_t col, int64_t v);
  void set_uint(size_t col, uint64_t v);
  void set_double(size_t col, double v);
  void set_bool(size_t col, bool v);
  void set_wrong_type(size_t col, const char* found);  // found: "an object", "a blob" ...
  // A problem with the row as a whole (malformed record); it wins over the cells' problems.
  void fail_row(std::string reason) {
    if (row_problem_.empty()) row_problem_ = std::move(reason);
  }

  // Once some rows are in, sizes the columns for the whole input from the bytes they took, so
  // columns of millions of rows are not copied on every doubling. Cheap to call after every row.
  void plan_capacity(size_t consumed, size_t input_size) {
    if (planned_ || report_.read < kRowsToEstimate) return;
    planned_ = true;
    if (consumed > 0 && input_size > consumed) {
      const auto rows = size_t(double(report_.read) * double(input_size) / double(consumed) * 1.05);
      if (batched_)
        planned_rows_ = rows;  // sized by flush(), while no append is under way
      else
        reserve(rows);
    }
  }

  // Appends the row or quarantines it; `raw()` builds the raw text and is called only for the latter.
  template <class RawFn>
  void finish(int64_t row_number, RawFn&& raw) {
    ++report_.read;
    if (!row_problem_.empty() || first_problem_column() >= 0) {
      quarantine_.push_back(QuarantinedRow{table_.spec.name, row_number, raw(), describe_problem()});
      ++report_.quarantined;
      return;
    }
    if (batched_)
      hold(row_number);
    else
      commit(row_number);
    ++report_.accepted;
  }

  // Batched appending (CSV, with more than one thread): accepted rows are held (their text copied) and
  // flush() hands them to a second thread that appends them to the columns while this one reads and
  // parses the next rows. The caller flushes now and then (at each buffer refill, which bounds the
  // memory held) and calls drain() at the end: only then is every row in the table.
  void batch() { batched_ = threads_ > 1; }
  void flush();
  void drain();

 private:
  // A held value: the cell's text (String), code (Enum), number or integer; `value` false for null.
  struct Held {
    std::string_view text;
    int64_t i = 0;
    double f = 0;
    int32_t code = 0;
    bool value = false;
  };
  enum class State : uint8_t { Null, Value, Error };
  enum class Error : uint8_t {
    BadInt,
    BadNumber,
    NumberOutOfRange,
    BadBool,
    BadTimestamp,
    SkippedLocalTime,
    BadDate,
    BadDuration,
    DurationOutOfRange,
    UnitlessDuration,
    BadEnum,
    BadUtf8,
    WrongType
  };
  struct Cell {
    State state = State::Null;
    NullCause cause = NullCause::Missing;
    Error error = Error::BadInt;
    int32_t code = 0;
    int64_t i = 0;
    double f = 0;
    std::string_view text;  // String value, or the offending text of an error
    const char* found = "";  // WrongType: what the input held
    char digits[32];  // a native number's text, when the column parses text
  };

  void set_error(size_t col, Error e, std::string_view text);
  // `native_number`: the text is a JSON or SQLite number's, so a duration column takes it as seconds;
  // text from the input (CSV, JSON strings, SQLite TEXT) writes a duration with its units (`90s`).
  void parse_text(size_t col, std::string_view text, bool typed_source, bool native_number);
  void set_digits(size_t col, int64_t v);
  int first_problem_column() const;
  std::string describe_problem() const;
  void commit(int64_t row_number);
  void hold(int64_t row_number);
  std::string_view keep(std::string_view text);
  void append_held(size_t column, std::vector<Held>& held);
  void append_held_texts(size_t column, std::vector<Held>& held);
  void wait_for_appender();
  void reserve(size_t rows);

  static constexpr uint64_t kRowsToEstimate = 1024;

  Table& table_;
  std::vector<QuarantinedRow>& quarantine_;
  const TimeZone& tz_;
  IngestReport& report_;
  const char* absent_from_;
  std::vector<Cell> cells_;
  std::vector<std::unordered_map<std::string_view, int32_t>> enum_codes_;  // views into the spec
  std::string row_problem_;
  bool planned_ = false;
  bool batched_ = false;
  unsigned threads_ = 1;
  std::vector<std::vector<Held>> held_;  // per column, the rows held since the last flush
  // Copies of the held texts (a record's unescaped quoted fields live in a buffer the next record
  // reuses), in blocks that never move.
  std::vector<std::string> kept_;
  // The batch the appender thread is appending, and what it threw. The columns are its alone until
  // wait_for_appender() returns; this thread goes on holding rows in held_ and kept_.
  std::vector<std::vector<Held>> appending_;
  std::vector<std::string> appending_kept_;
  std::thread appender_;
  std::exception_ptr append_failed_;
  size_t planned_rows_ = 0;
};

}  // namespace jixiao::rt::ingest_detail
