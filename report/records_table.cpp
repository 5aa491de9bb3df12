// `run --format table`: one aligned table per record type, values as a person reads them. Columns are
// as wide as their widest cell, so the records are walked twice: once to measure, once to print.
#include <algorithm>
#include <array>
#include <map>
#include <memory>

#include "compiler/source/unicode.h"
#include "report/escape.h"
#include "report/record_text.h"
#include "report/records.h"
#include "runtime/actions/message.h"

namespace jixiao::report {

namespace {

// A table column: its header and the record field it shows.
struct TableColumn {
  std::string_view header;
  std::string_view key;
};

constexpr std::array<TableColumn, 4> kIngestColumns = {
    {{"source", "source"}, {"read", "read"}, {"accepted", "accepted"}, {"quarantined", "quarantined"}}};
constexpr std::array<TableColumn, 7> kIndicatorColumns = {{{"indicator", "name"},
                                                           {"entity", "entity"},
                                                           {"period", "period"},
                                                           {"value", "value"},
                                                           {"rows", "rows"},
                                                           {"evidence", "evidence"},
                                                           {"status", "status"}}};
constexpr std::array<TableColumn, 9> kStepColumns = {{{"chain", "chain"},
                                                      {"case", "case"},
                                                      {"node", "node"},
                                                      {"owner", "owner"},
                                                      {"charge", "charge"},
                                                      {"started", "started_at"},
                                                      {"elapsed", "elapsed"},
                                                      {"status", "status"},
                                                      {"band", "band"}}};
constexpr std::array<TableColumn, 5> kAlertColumns = {
    {{"alert", "name"}, {"entity", "entity"}, {"period", "period"}, {"severity", "severity"}, {"state", "state"}}};

struct Section {
  std::string_view type;
  const TableColumn* columns;
  size_t size;
};
constexpr std::array<Section, 4> kSections = {{{"ingest", kIngestColumns.data(), kIngestColumns.size()},
                                               {"indicator", kIndicatorColumns.data(), kIndicatorColumns.size()},
                                               {"step", kStepColumns.data(), kStepColumns.size()},
                                               {"alert", kAlertColumns.data(), kAlertColumns.size()}}};

// Most cells are plain ASCII: shown as they are, one column per byte (the checks below are the common
// case of terminal_text and display_width, which the table would otherwise run twice for every cell).
bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}
size_t columns(const std::string& cell) { return printable_ascii(cell) ? cell.size() : display_width(cell); }

class Tables final : public PartSink {
 public:
  // Writes to `out` in chunks, or keeps the text (text()) when `out` is null.
  Tables(std::ostream* out, const rt::RecordWalk& walk, const plan::ProgramPlan& plan, const rt::TimeZone& tz)
      : out_(out), walk_(walk), plan_(plan), tz_(tz) {
    for (auto& ip : plan.indicators) units_[ip.name] = &ip.unit;
    for (size_t s = 0; s < kSections.size(); ++s) {
      widths_[s].assign(kSections[s].size, 0);
      for (size_t c = 0; c < kSections[s].size; ++c)
        widths_[s][c] = display_width(std::string(kSections[s].columns[c].header));
    }
  }
  std::string& text() override { return out_.text(); }
  // Takes up the table the record before `begin` is in, as if its header had been printed.
  void start_at(size_t begin) override {
    section_ = -1;
    if (begin == 0) return;
    Tables probe(nullptr, walk_, plan_, tz_);  // measuring: begin() finds the section
    walk_.write(probe, begin - 1, begin);
    section_ = probe.section_;
  }
  // Widens the columns to another measurement's (of other records).
  void widen_to(const Tables& other) {
    for (size_t s = 0; s < kSections.size(); ++s)
      for (size_t c = 0; c < widths_[s].size(); ++c) widths_[s][c] = std::max(widths_[s][c], other.widths_[s][c]);
  }
  // Printing from now on, with the widths measured by `measured` (possibly this one).
  void start_printing(const Tables& measured) {
    widths_ = measured.widths_;
    printing_ = true;
    section_ = -1;
  }

  void begin(std::string_view type) override {
    int s = 0;
    while (kSections[static_cast<size_t>(s)].type != type) ++s;
    const Section& section = kSections[static_cast<size_t>(s)];
    if (s != section_ && printing_) {
      if (section_ >= 0) out_.text() += '\n';
      section_ = s;
      cells_.clear();
      for (size_t c = 0; c < section.size; ++c) cells_.emplace_back(section.columns[c].header);
      emit();
    }
    section_ = s;
    cells_.resize(section.size);
    for (auto& c : cells_) c.clear();  // kept with their capacity: a table of millions of lines
  }
  void value(std::string_view key, const rt::Scalar& v) override {
    if (key == "value" && section_ == 1) {
      value_ = v;  // shown in the indicator's unit, which the `name` field says
    } else if (key == "elapsed") {
      cell(key, v.valid ? rt::format_duration(v.i64) : std::string("-"));
    } else {
      scratch_.clear();
      append_plain_text(scratch_, v, tz_, "-");
      cell(key, scratch_);
    }
  }
  void text(std::string_view key, std::string_view s) override {
    if (key == "name" && section_ == 1) name_ = s;
    cell(key, s);
  }
  void count(std::string_view key, int64_t n) override { cell(key, std::to_string(n)); }
  void null(std::string_view key) override { cell(key, "-"); }
  void begin_entity() override { entity_.clear(); }
  void entity_field(std::string_view key, const rt::Scalar& v) override { entity_.add(key, v, tz_); }
  void end_entity() override { cell("entity", entity_.take()); }
  void end() override {
    if (section_ == 1) {
      auto unit = units_.find(name_);
      cell("value", rt::display_value(value_, unit == units_.end() ? std::string() : *unit->second, tz_));
    }
    emit();
  }

 private:
  void cell(std::string_view key, std::string_view text) {
    const Section& s = kSections[static_cast<size_t>(section_)];
    for (size_t c = 0; c < s.size; ++c)
      if (s.columns[c].key == key) {
        if (printable_ascii(text))
          cells_[c].assign(text);
        else
          cells_[c] = terminal_text(std::string(text));
        return;  // a section's columns show different fields
      }
  }
  // Measures the cells of a line, or prints them padded to the measured widths.
  void emit() {
    std::vector<size_t>& width = widths_[static_cast<size_t>(section_)];
    if (!printing_) {
      for (size_t c = 0; c < cells_.size(); ++c) width[c] = std::max(width[c], columns(cells_[c]));
      return;
    }
    std::string& text = out_.text();
    const size_t line_start = text.size();
    for (size_t c = 0; c < cells_.size(); ++c) {
      text += cells_[c];
      if (c + 1 < cells_.size()) text.append(width[c] - columns(cells_[c]) + 2, ' ');
    }
    while (text.size() > line_start && text.back() == ' ') text.pop_back();
    text += '\n';
    out_.line_done();
  }

  ChunkedOutput out_;
  const rt::RecordWalk& walk_;
  const plan::ProgramPlan& plan_;
  const rt::TimeZone& tz_;
  std::map<std::string, const std::string*, std::less<>> units_;
  std::array<std::vector<size_t>, kSections.size()> widths_;
  bool printing_ = false;
  int section_ = -1;
  std::vector<std::string> cells_;
  std::string name_;
  std::string scratch_;
  rt::Scalar value_;
  EntityText entity_;
};

}  // namespace

void write_table(std::ostream& out, const plan::ProgramPlan& plan, const rt::Dataset& data, const rt::RunResult& result,
                 const rt::TimeZone& tz, unsigned threads) {
  const rt::RecordWalk walk(plan, data, result);
  const size_t n = walk.size();
  if (threads <= 1 || n <= kRecordsPerPart) {
    Tables sink(&out, walk, plan, tz);
    walk.write(sink, 0, n);
    sink.start_printing(sink);
    walk.write(sink, 0, n);
  } else {
    // Measured side by side, each thread over its share of the records, the widths then merged; printed
    // in parts as the other formats are.
    std::vector<std::unique_ptr<Tables>> measures;
    for (unsigned t = 0; t < threads; ++t) measures.push_back(std::make_unique<Tables>(nullptr, walk, plan, tz));
    run_side_by_side(threads, [&](size_t t) { walk.write(*measures[t], n * t / threads, n * (t + 1) / threads); });
    for (unsigned t = 1; t < threads; ++t) measures[0]->widen_to(*measures[t]);
    std::vector<std::unique_ptr<PartSink>> sinks;
    for (unsigned t = 0; t < threads; ++t) {
      auto sink = std::make_unique<Tables>(nullptr, walk, plan, tz);
      sink->start_printing(*measures[0]);
      sinks.push_back(std::move(sink));
    }
    write_in_parts(out, walk, std::move(sinks));
  }
  if (n > 0) out << '\n';  // the end of the last table
}

}  // namespace jixiao::report
