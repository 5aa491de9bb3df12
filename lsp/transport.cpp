#include "lsp/transport.h"

#include <algorithm>
#include <cctype>
#include <istream>
#include <ostream>

namespace jixiao::lsp {

namespace {
// Larger bodies are refused: no editor sends them, and reading one would only exhaust memory.
constexpr size_t kMaxBody = size_t{512} << 20;
constexpr size_t kMaxHeaderLine = 8192;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

bool MessageReader::read_line(std::string& line) {
  line.clear();
  char c;
  while (in_.get(c)) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
    if (line.size() < kMaxHeaderLine) line += c;
  }
  return !line.empty();
}

MessageReader::Result MessageReader::next() {
  std::string line;
  bool saw_header = false;
  long long length = -1;
  std::string problem;
  while (true) {
    if (!read_line(line)) return Result{Result::End, {}, {}};
    if (line.empty()) {
      if (!saw_header) continue;  // stray blank lines between messages
      break;
    }
    saw_header = true;
    size_t colon = line.find(':');
    if (colon == std::string::npos) {
      problem = "malformed header line";
      continue;
    }
    std::string name = lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    if (name == "content-length") {
      try {
        size_t used = 0;
        length = std::stoll(value, &used);
        if (used != value.find_last_not_of(" \t") + 1 || length < 0) length = -1;
      } catch (...) {
        length = -1;
      }
    }
  }
  if (length < 0) return Result{Result::Malformed, {}, problem.empty() ? "missing or invalid Content-Length" : problem};
  if (static_cast<size_t>(length) > kMaxBody) {
    in_.ignore(length);
    return Result{Result::Malformed, {}, "message too large"};
  }
  std::string body(static_cast<size_t>(length), '\0');
  in_.read(body.data(), length);
  if (in_.gcount() != length) return Result{Result::End, {}, {}};
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return Result{Result::Malformed, {}, "the body is not valid JSON"};
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
