// libFuzzer target for the language server's framing and dispatch: any bytes on stdin are read by
// the real MessageReader and handed to the server in batches, as the stdio loop does. Neither may
// crash or hang, and every bad frame must be answered (a reader that went deaf is the bug of issue 11).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "lsp/server.h"
#include "lsp/transport.h"

using namespace jixiao::lsp;

namespace {
// The target must not read the machine's disk: no workspace root, no watched files.
bool keep_off_disk(json& message) {
  if (!message.is_object() || !message.contains("method")) return true;
  if (message["method"] == "workspace/didChangeWatchedFiles") return false;
  if (message["method"] == "initialize" && message.contains("params") && message["params"].is_object())
    for (const char* key : {"rootUri", "rootPath", "workspaceFolders"}) message["params"].erase(key);
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  MessageReader reader(in);
  Server server(ServerOptions{std::chrono::milliseconds(0)});
  auto now = Server::Clock::now();
  std::vector<json> batch;
  auto flush = [&] {
    // Batches of a few messages, so "content modified" and $/cancelRequest are exercised too.
    for (auto& answer : server.handle(batch, now)) (void)frame_message(answer);
    batch.clear();
  };
  size_t bytes_left = size + 1;
  while (true) {
    auto r = reader.next();
    if (r.kind == MessageReader::Result::End) break;
    if (r.kind == MessageReader::Result::Malformed) {
      if (r.error.empty()) std::abort();  // a bad frame must say what was wrong
      flush();
      (void)frame_message(Server::malformed(r.error));
    } else if (keep_off_disk(r.message)) {
      batch.push_back(std::move(r.message));
      if (batch.size() == 3) flush();
    }
    if (server.exited()) break;
    // Every result consumes input: more results than bytes means the reader is looping in place.
    if (--bytes_left == 0) std::abort();
  }
  flush();
  for (auto& m : server.on_timer(now + std::chrono::hours(1))) (void)frame_message(m);
  return 0;
}
