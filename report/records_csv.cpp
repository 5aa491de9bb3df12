// `run --format csv`: one section per record type (`# indicator`, a header line, the rows, a blank
// line), written as the records come.
#include <algorithm>

#include "report/record_text.h"
#include "report/records.h"

namespace jixiao::report {

namespace {

// A cell for a spreadsheet (OWASP, CSV injection): text starting with = + - @ tab or CR would be read
// as a formula, so it gets a leading ' and quotes. A cell that is a number as a whole (`-3.5`, `+2`,
// `-1e-3`), whether a value or a case id, stays as it is: it cannot name a function or a cell.
void append_csv_cell(std::string& out, const std::string& s) {
  auto is_number = [&s] {
    auto digit = [&s](size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
    size_t i = s[0] == '-' || s[0] == '+', digits = 0;
    for (; digit(i); ++i) ++digits;
    if (i < s.size() && s[i] == '.')
      for (++i; digit(i); ++i) ++digits;
    if (digits > 0 && i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      i += 1 + (i + 1 < s.size() && (s[i + 1] == '-' || s[i + 1] == '+'));
      if (!digit(i)) return false;
      while (digit(i)) ++i;
    }
    return digits > 0 && i == s.size();
  };
  const bool formula = !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos && !is_number();
  if (!formula && s.find_first_of(",\"\n\r") == std::string::npos) {
    out += s;
    return;
  }
  out += formula ? "\"'" : "\"";
  for (char c : s) out += c == '"' ? std::string_view("\"\"") : std::string_view(&c, 1);
  out += '"';
}

class CsvSections final : public PartSink {
 public:
  // Writes to `out` in chunks, or keeps the text (text()) when `out` is null.
  CsvSections(std::ostream* out, const rt::RecordWalk& walk, const rt::TimeZone& tz)
      : out_(out), walk_(walk), tz_(tz) {}
  std::string& text() override { return out_.text(); }
  // Takes up the section the record before `begin` is in, as if its header had been written: the
  // header is made from the section's first record.
  void start_at(size_t begin) override {
    section_.clear();
    keys_.clear();
    if (begin == 0) return;
    CsvSections first(nullptr, walk_, tz_);
    const size_t start = walk_.type_start(begin - 1);
    walk_.write(first, start, start + 1);
    section_ = first.section_;
    keys_ = first.keys_;
  }

  void begin(std::string_view type) override {
    header_pending_ = type != section_;
    if (header_pending_) {
      if (!section_.empty()) out_.text() += '\n';
      section_ = type;
      keys_.clear();
      cells_.clear();
    } else {
      cells_.assign(keys_.size(), std::string());
    }
    next_key_ = 0;
  }
  void value(std::string_view key, const rt::Scalar& v) override { cell(key, plain_text(v, tz_, "")); }
  void text(std::string_view key, std::string_view s) override { cell(key, std::string(s)); }
  void count(std::string_view key, int64_t n) override { cell(key, std::to_string(n)); }
  void null(std::string_view key) override { cell(key, ""); }
  void begin_entity() override { entity_.clear(); }
  void entity_field(std::string_view key, const rt::Scalar& v) override { entity_.add(key, v, tz_); }
  void end_entity() override { cell("entity", entity_.take()); }
  void end() override {
    std::string& text = out_.text();
    if (header_pending_) {
      // A row alert has no `value`; the section has the column all the same, for the value alerts after it.
      if (section_ == "alert" && std::find(keys_.begin(), keys_.end(), "value") == keys_.end()) {
        keys_.emplace_back("value");
        cells_.emplace_back();
      }
      text += "# " + section_ + "\n";
      for (size_t k = 0; k < keys_.size(); ++k) (k ? text += ',' : text) += keys_[k];
      text += '\n';
    }
    for (size_t k = 0; k < cells_.size(); ++k) {
      if (k) text += ',';
      append_csv_cell(text, cells_[k]);
    }
    text += '\n';
    header_pending_ = false;
    out_.line_done();
  }

 private:
  // The header is the keys of a section's first record; the cells of the records after it go under
  // their keys (records of one type have the same keys, in the same order, but for an alert's `value`).
  void cell(std::string_view key, std::string text) {
    if (header_pending_) {
      keys_.emplace_back(key);
      cells_.push_back(std::move(text));
      return;
    }
    size_t k = next_key_ < keys_.size() && keys_[next_key_] == key
                   ? next_key_
                   : static_cast<size_t>(std::find(keys_.begin(), keys_.end(), key) - keys_.begin());
    if (k < keys_.size()) cells_[k] = std::move(text);
    next_key_ = k + 1;
  }

  ChunkedOutput out_;
  const rt::RecordWalk& walk_;
  const rt::TimeZone& tz_;
  std::string section_;
  bool header_pending_ = false;
  std::vector<std::string> keys_;
  std::vector<std::string> cells_;
  size_t next_key_ = 0;
  EntityText entity_;
};

}  // namespace

void write_csv(std::ostream& out, const plan::ProgramPlan& plan, const rt::Dataset& data, const rt::RunResult& result,
               const rt::TimeZone& tz, unsigned threads) {
  const rt::RecordWalk walk(plan, data, result);
  const size_t n = walk.size();
  if (threads <= 1 || n <= kRecordsPerPart) {
    CsvSections sink(&out, walk, tz);
    walk.write(sink, 0, n);
  } else {
    std::vector<std::unique_ptr<PartSink>> sinks;
    for (unsigned t = 0; t < threads; ++t) sinks.push_back(std::make_unique<CsvSections>(nullptr, walk, tz));
    write_in_parts(out, walk, std::move(sinks));
  }
  if (n > 0) out << '\n';  // the last section's blank line
}

}  // namespace jixiao::report
