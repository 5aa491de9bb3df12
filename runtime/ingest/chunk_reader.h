// Buffered reading for the text readers: large chunks into one buffer, so parsing works on string
// views and memory stays bounded by the longest record rather than the file.
#pragma once
#include <cstddef>
#include <cstring>
#include <istream>
#include <memory>

#include "runtime/ingest/ingest.h"

namespace jixiao::rt::ingest_detail {

inline constexpr size_t kDefaultChunk = size_t{1} << 20;

// The text readers with a chosen initial buffer size: tests and the fuzzer use tiny ones so that
// records straddle buffer refills at every possible position.
IngestReport ingest_csv_chunked(std::istream& in, const std::string& origin, IngestTarget target, size_t chunk);
IngestReport ingest_jsonl_chunked(std::istream& in, const std::string& origin, IngestTarget target, size_t chunk);

class ChunkReader {
 public:
  // simdjson reads up to 64 bytes past a document; keeping them allocated lets it parse in place.
  static constexpr size_t kPadding = 64;

  ChunkReader(std::istream& in, size_t chunk)
      : in_(in), capacity_(chunk > 0 ? chunk : 1), buf_(new char[capacity_ + kPadding]) {
    std::memset(buf_.get() + capacity_, 0, kPadding);
    // The input's size when the stream can seek (a file), to size the columns once.
    auto start = in_.tellg();
    if (start != std::streampos(-1)) {
      in_.seekg(0, std::ios::end);
      auto stop = in_.tellg();
      if (stop != std::streampos(-1) && stop >= start) size_ = size_t(stop - start);
      in_.clear();
      in_.seekg(start);
    }
  }

  // The bytes read and not yet consumed.
  const char* begin() const { return buf_.get() + pos_; }
  const char* end() const { return buf_.get() + end_; }
  // True once the stream has no more bytes: end() is then the end of the input.
  bool eof() const { return eof_; }
  bool failed() const { return in_.bad(); }

  void consume_to(const char* p) { pos_ = size_t(p - buf_.get()); }
  // Bytes consumed since the start, and the whole input's size (0 when unknown).
  size_t consumed() const { return dropped_ + pos_; }
  size_t input_size() const { return size_; }

  // Reads more, keeping the unconsumed bytes (moved to the front, so pointers into the buffer are
  // invalid afterwards). The buffer doubles only when one record fills it. False at end of input.
  bool refill() {
    if (eof_) return false;
    size_t live = end_ - pos_;
    if (live == capacity_) {
      size_t bigger = capacity_ * 2;
      std::unique_ptr<char[]> grown(new char[bigger + kPadding]);
      std::memcpy(grown.get(), buf_.get() + pos_, live);
      std::memset(grown.get() + bigger, 0, kPadding);
      buf_ = std::move(grown);
      capacity_ = bigger;
    } else if (pos_ > 0) {
      std::memmove(buf_.get(), buf_.get() + pos_, live);
    }
    dropped_ += pos_;
    pos_ = 0;
    end_ = live;
    in_.read(buf_.get() + end_, static_cast<std::streamsize>(capacity_ - end_));
    auto n = static_cast<size_t>(in_.gcount());
    end_ += n;
    if (!in_) eof_ = true;  // a short read: end of file, or an error failed() reports
    return n > 0;
  }

  // Skips a UTF-8 byte order mark at the start of the input.
  void skip_bom() {
    while (end_ - pos_ < 3 && !eof_) refill();
    if (end_ - pos_ >= 3 && std::memcmp(begin(), "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  }

 private:
  std::istream& in_;
  size_t capacity_;
  std::unique_ptr<char[]> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  size_t dropped_ = 0;  // bytes consumed and moved out of the buffer
  size_t size_ = 0;
  bool eof_ = false;
};

}  // namespace jixiao::rt::ingest_detail
