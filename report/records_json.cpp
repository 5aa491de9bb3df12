// `run --format json`: one record per line, written field by field into a chunked buffer.
#include <memory>
#include <sstream>

#include "report/record_text.h"
#include "report/records.h"

namespace jixiao::report {

namespace {

class JsonLines final : public PartSink {
 public:
  // Writes to `out` in chunks, or keeps all text (text()) when `out` is null.
  JsonLines(std::ostream* out, const rt::TimeZone& tz) : out_(out), tz_(tz) {}
  std::string& text() override { return out_.text(); }

  void begin(std::string_view type) override {
    out_.text() += "{\"type\":";
    append_json_string(out_.text(), type);
  }
  void value(std::string_view key, const rt::Scalar& v) override {
    append_key(key);
    rt::append_value_json(out_.text(), v, tz_);
  }
  void text(std::string_view key, std::string_view s) override {
    append_key(key);
    append_json_string(out_.text(), s);
  }
  void count(std::string_view key, int64_t n) override {
    append_key(key);
    out_.text() += std::to_string(n);
  }
  void null(std::string_view key) override {
    append_key(key);
    out_.text() += "null";
  }
  void begin_entity() override {
    append_key("entity");
    out_.text() += '{';
    first_in_entity_ = true;
  }
  void entity_field(std::string_view key, const rt::Scalar& v) override {
    if (!first_in_entity_) out_.text() += ',';
    first_in_entity_ = false;
    append_json_string(out_.text(), key);
    out_.text() += ':';
    rt::append_value_json(out_.text(), v, tz_);
  }
  void end_entity() override { out_.text() += '}'; }
  void end() override {
    out_.text() += "}\n";
    out_.line_done();
  }

 private:
  // Every record starts with its type, so every other field follows a comma.
  void append_key(std::string_view key) {
    out_.text() += ',';
    append_json_string(out_.text(), key);
    out_.text() += ':';
  }

  ChunkedOutput out_;
  const rt::TimeZone& tz_;
  bool first_in_entity_ = true;
};

}  // namespace

void write_json_lines(std::ostream& out, const plan::ProgramPlan& plan, const rt::Dataset& data,
                      const rt::RunResult& result, const rt::TimeZone& tz, unsigned threads) {
  const rt::RecordWalk walk(plan, data, result);
  const size_t n = walk.size();
  if (threads <= 1 || n <= kRecordsPerPart) {
    JsonLines sink(&out, tz);
    walk.write(sink, 0, n);
    return;
  }
  std::vector<std::unique_ptr<PartSink>> sinks;
  for (unsigned t = 0; t < threads; ++t) sinks.push_back(std::make_unique<JsonLines>(nullptr, tz));
  write_in_parts(out, walk, std::move(sinks));
}

std::vector<rt::Record> result_records(const plan::ProgramPlan& plan, const rt::Dataset& data,
                                       const rt::RunResult& result, const rt::TimeZone& tz) {
  std::ostringstream text;
  write_json_lines(text, plan, data, result, tz, 1);
  std::vector<rt::Record> records;
  std::istringstream lines(text.str());
  for (std::string line; std::getline(lines, line);) records.push_back(rt::Record::parse(line));
  return records;
}

}  // namespace jixiao::report
