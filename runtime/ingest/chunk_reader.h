// Buffered reading for the text readers: large chunks into one buffer, so parsing works on string
// views and memory stays bounded by the longest record rather than the file.
#pragma once
#include <cstddef>
#include <cstring>
#include <istream>
#include <memory>

namespace jixiao::rt::ingest_detail {

class ChunkReader {
 public:
  // simdjson reads up to 64 bytes past a document; keeping them allocated lets it parse in place.
  static constexpr size_t kPadding = 64;

  explicit ChunkReader(std::istream& in, size_t chunk = size_t{1} << 20)
      : in_(in), capacity_(chunk), buf_(new char[chunk + kPadding]) {
    std::memset(buf_.get() + capacity_, 0, kPadding);
  }

  // The bytes read and not yet consumed.
  const char* begin() const { return buf_.get() + pos_; }
  const char* end() const { return buf_.get() + end_; }
  // True once the stream has no more bytes: end() is then the end of the input.
  bool eof() const { return eof_; }
  bool failed() const { return in_.bad(); }

  void consume_to(const char* p) { pos_ = size_t(p - buf_.get()); }

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
    if (end_ - pos_ < 3 && !eof_) refill();
    if (end_ - pos_ >= 3 && std::memcmp(begin(), "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  }

 private:
  std::istream& in_;
  size_t capacity_;
  std::unique_ptr<char[]> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
};

}  // namespace jixiao::rt::ingest_detail
