// What the record writers share: a buffer written out in chunks, and a record's values as plain text.
#pragma once
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/records.h"

namespace jixiao::report {

// Text gathered in memory and written to the stream in chunks of about 64 KiB; without a stream, all of
// it is kept (one thread's part of the output, written out by the caller).
class ChunkedOutput {
 public:
  explicit ChunkedOutput(std::ostream* out) : out_(out) {}
  ChunkedOutput(const ChunkedOutput&) = delete;
  ChunkedOutput& operator=(const ChunkedOutput&) = delete;
  ~ChunkedOutput() { flush(); }

  std::string& text() { return buf_; }
  // Called at the end of each line: writes the buffer out once it is big enough.
  void line_done() {
    if (buf_.size() >= kChunk) flush();
  }
  void flush() {
    if (!out_) return;
    out_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  static constexpr size_t kChunk = size_t{1} << 16;
  std::ostream* out_;
  std::string buf_;
};

// A record writer that several threads run side by side, each over its own parts of the records, into
// memory; write_in_parts writes the parts out in order.
class PartSink : public rt::RecordSink {
 public:
  // The text written since the caller last cleared it.
  virtual std::string& text() = 0;
  // Called before each part with its first record, for a writer whose output depends on the records
  // before it (a CSV section's header).
  virtual void start_at(size_t /*begin*/) {}
};

// Runs task(0) .. task(threads - 1) side by side, task(0) on the calling thread; rethrows the first
// task's exception once all have ended.
void run_side_by_side(size_t threads, const std::function<void(size_t)>& task);

// The walk's records, written by sinks.size() threads: each round, every thread writes the next part of
// the records, then the parts are written to `out` in order, so the text is what one thread would write
// and memory stays a few parts.
void write_in_parts(std::ostream& out, const rt::RecordWalk& walk, std::vector<std::unique_ptr<PartSink>> sinks);

// The records one thread writes at a time when several share the work.
constexpr size_t kRecordsPerPart = 16384;

// A value as a CSV or table cell shows it: text, timestamps and dates as they are, numbers as in JSON,
// `null_text` for no value.
std::string plain_text(const rt::Scalar& v, const rt::TimeZone& tz, std::string_view null_text);
void append_plain_text(std::string& out, const rt::Scalar& v, const rt::TimeZone& tz, std::string_view null_text);

// `line=L1, batch=B7` (`-` when there are no key columns), gathered field by field.
class EntityText {
 public:
  void clear() { text_.clear(); }
  void add(std::string_view key, const rt::Scalar& v, const rt::TimeZone& tz);
  std::string take() { return text_.empty() ? std::string("-") : std::move(text_); }

 private:
  std::string text_;
};

}  // namespace jixiao::report
