// The LSP base protocol over byte streams: each message is `Content-Length: N` (plus optional other
// headers), a blank line, then N bytes of UTF-8 JSON. Nothing here knows what the messages mean.
#pragma once
#include <iosfwd>
#include <mutex>
#include <string>

#include "lsp/protocol.h"

namespace jixiao::lsp {

class MessageReader {
 public:
  explicit MessageReader(std::istream& in) : in_(in) {}

  struct Result {
    enum Kind { Message, Malformed, End } kind;
    json message;       // Message
    std::string error;  // Malformed: what was wrong, for the error response
  };
  // The next message. A malformed header or body is reported and skipped, so one bad message never
  // ends the session; `End` comes only when the input closes.
  Result next();

 private:
  bool read_line(std::string& line);
  std::istream& in_;
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
