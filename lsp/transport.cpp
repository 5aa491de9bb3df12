#include "lsp/transport.h"

#include <algorithm>
#include <cctype>
#include <istream>
#include <optional>
#include <ostream>

namespace jixiao::lsp {

namespace {
// The whole header block: LSP defines two short headers, so more is junk, not a header.
constexpr size_t kMaxHeader = 8192;
constexpr std::string_view kContentLength = "content-length:";

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// RFC 7230's token characters: what a header name is made of.
bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The byte count of a Content-Length value: plain decimal digits only (no sign, no exponent).
// Values over the limit come back as kMaxBody + 1 rather than overflowing.
std::optional<size_t> byte_count(std::string_view v) {
  if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  size_t n = 0;
  for (char c : v) {
    n = n * 10 + static_cast<size_t>(c - '0');
    if (n > kMaxBody) return kMaxBody + 1;
  }
  return n;
}
}  // namespace

bool MessageReader::get(char& c) {
  if (pending_at_ < pending_.size()) {
    c = pending_[pending_at_++];
    if (pending_at_ == pending_.size()) {
      pending_.clear();
      pending_at_ = 0;
    }
    return true;
  }
  return static_cast<bool>(in_.get(c));
}

size_t MessageReader::read(std::string& out, size_t n) {
  size_t start = out.size();
  size_t given_back = std::min(n, pending_.size() - pending_at_);
  out.append(pending_, pending_at_, given_back);
  pending_at_ += given_back;
  if (pending_at_ == pending_.size()) {
    pending_.clear();
    pending_at_ = 0;
  }
  // In chunks, so a Content-Length larger than what follows costs only the bytes that came.
  constexpr size_t kChunk = size_t{1} << 20;
  while (out.size() - start < n && in_) {
    size_t at = out.size();
    out.resize(at + std::min(kChunk, n - (at - start)));
    in_.read(out.data() + at, static_cast<std::streamsize>(out.size() - at));
    out.resize(at + static_cast<size_t>(in_.gcount()));
  }
  return out.size() - start;
}

void MessageReader::unread(std::string_view bytes) {
  pending_ = std::string(bytes) + pending_.substr(pending_at_);
  pending_at_ = 0;
}

bool MessageReader::skip_to_header() {
  size_t matched = 0;
  char c;
  while (get(c)) {
    char l = lower(c);
    // 'c' occurs once in the pattern, at its start, so a mismatch can only restart there.
    matched = l == kContentLength[matched] ? matched + 1 : l == 'c' ? 1 : 0;
    if (matched == kContentLength.size()) {
      unread("Content-Length:");
      return true;
    }
  }
  return false;
}

MessageReader::Result MessageReader::bad_frame(std::string why, size_t rescan_from) {
  // rescan_from >= 1 is what guarantees progress: the rescan cannot find this frame's own header.
  unread(std::string_view(frame_).substr(rescan_from));
  frame_.clear();
  lost_ = true;
  return Result{Result::Malformed, {}, std::move(why) + " (skipped to the next Content-Length header)"};
}

MessageReader::Result MessageReader::next() {
  if (lost_) {
    if (!skip_to_header()) return Result{Result::End, {}, {}};
    lost_ = false;
  }
  char c;
  do {  // stray blank lines between messages
    if (!get(c)) return Result{Result::End, {}, {}};
  } while (c == '\r' || c == '\n');
  frame_.assign(1, c);

  std::optional<size_t> length;
  std::string problem;  // the first thing wrong with the Content-Length
  auto note = [&](std::string why) {
    if (problem.empty()) problem = std::move(why);
  };
  for (size_t line_start = 0;;) {
    if (frame_.back() == '\n') {
      std::string_view line(frame_.data() + line_start, frame_.size() - 1 - line_start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      line_start = frame_.size();
      if (line.empty()) break;
      size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0 || !std::all_of(line.begin(), line.begin() + colon, token_char))
        return bad_frame("a header line is not `Name: value`", 1);  // junk: a frame may start inside it
      if (same_name(line.substr(0, colon), "content-length")) {
        std::string_view value = trim(line.substr(colon + 1));
        auto n = byte_count(value);
        if (!n)
          note("Content-Length is not a byte count: `" + std::string(value.substr(0, 40)) + "`");
        else if (*n > kMaxBody)
          note("Content-Length is over the 64 MiB limit");
        else if (length && *length != *n)
          note("two different Content-Length headers");
        else
          length = n;
      }
    }
    if (frame_.size() > kMaxHeader) return bad_frame("the header is longer than 8192 bytes", 1);
    if (!get(c)) return Result{Result::End, {}, "the input ended inside a message header"};
    frame_ += c;
  }
  // A header whose length is unusable: skip from the body on (not its own later lines: a second
  // Content-Length in it would be reported again).
  if (!problem.empty()) return bad_frame(std::move(problem), frame_.size());
  // No length at all: the "header" may be junk ending in a frame's header (`}Content-Length: 9`).
  if (!length) return bad_frame("the header has no Content-Length", 1);
  size_t header_size = frame_.size();

  std::string body;
  if (read(body, *length) != *length) return Result{Result::End, {}, "the input ended inside a message body"};
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    frame_ += body;  // a wrong length may have swallowed the next frame's header: rescan the body
    return bad_frame("the body is not valid JSON", header_size);
  }
  frame_.clear();
  return Result{Result::Message, std::move(message), {}};
}

std::string frame_message(const json& message) {
  std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void MessageWriter::write(const json& message) {
  std::string framed = frame_message(message);
  std::lock_guard lock(mutex_);
  out_.write(framed.data(), static_cast<std::streamsize>(framed.size()));
  out_.flush();
}

}  // namespace jixiao::lsp
