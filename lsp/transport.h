// The LSP base protocol over byte streams: each message is `Content-Length: N` (plus optional other
// headers), a blank line, then N bytes of UTF-8 JSON. Nothing here knows what the messages mean.
#pragma once
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

#include "lsp/protocol.h"

namespace jixiao::lsp {

// Bodies larger than this are refused: no editor sends a 64 MiB message (a whole project's text is
// far less), and the limit keeps a lying header from making the server buffer the rest of the input.
inline constexpr size_t kMaxBody = size_t{64} << 20;

class MessageReader {
 public:
  explicit MessageReader(std::istream& in) : in_(in) {}

  struct Result {
    enum Kind { Message, Malformed, End } kind;
    json message;  // Message
    std::string error;  // Malformed: what was wrong, for the error response; End: why, if mid-message
  };
  // The next message. A frame that cannot be read is reported once, and the reader resynchronises
  // on the next `Content-Length:` (any case), rescanning bytes it had read: after a header whose
  // Content-Length is unusable (non-numeric, negative, over kMaxBody) it skips from the body on;
  // after a body that is not JSON it rescans the body (a wrong length may have swallowed the next
  // header); after junk (a line that is no header, a header without Content-Length) it rescans from
  // the junk's second byte, so a frame that follows junk on the same line is still found. `End`
  // comes only when the input closes, with `error` saying so when it closed inside a frame.
  Result next();

 private:
  bool get(char& c);
  size_t read(std::string& out, size_t n);
  void unread(std::string_view bytes);
  bool skip_to_header();
  Result bad_frame(std::string why, size_t rescan_from);

  std::istream& in_;
  std::string pending_;  // bytes given back for rescanning, read before `in_`
  size_t pending_at_ = 0;
  std::string frame_;  // the bytes of the frame being read, from its first header byte
  bool lost_ = false;  // after a bad frame: skip to the next Content-Length
};

// Header plus body, ready to write. Invalid UTF-8 in strings is replaced rather than thrown on.
std::string frame_message(const json& message);

class MessageWriter {
 public:
  explicit MessageWriter(std::ostream& out) : out_(out) {}
  // Whole messages only, even when several threads write.
  void write(const json& message);

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

}  // namespace jixiao::lsp
