// A minimal LSP client for transcript tests: starts the real `jixiao lsp` with pipes and speaks
// JSON-RPC to it, so the tests see exactly what an editor sees.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace jixiao::lsp_test {

using json = nlohmann::json;

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  void write_raw(const std::string& bytes);
  void send(const json& message);
  void notify(const std::string& method, json params);
  // Sends a request and waits for its response; notifications that arrive meanwhile are kept.
  json request(const std::string& method, json params, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  int send_request(const std::string& method, json params);  // returns the id
  // The next message (kept ones first), or nullopt on timeout or end of output.
  std::optional<json> next(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits for a notification of `method` matching `pred`; drops other notifications.
  std::optional<json> wait_for(const std::string& method, const std::function<bool(const json&)>& pred = {},
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));
  json response_to(int id, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Closes stdin and waits for the exit status (-1 when it did not exit in time, 128+n on a signal).
  int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  std::optional<json> read_message(std::chrono::milliseconds timeout);
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_;
  std::vector<json> kept_;
  int next_id_ = 1;
};

// Starts a server, initializes it on `root` (a folder) with diagnostics published without delay.
std::unique_ptr<ServerProcess> start_initialized(const std::string& root, json capabilities = nullptr);

std::string file_uri(const std::string& path);
std::string read_text(const std::string& path);
json pos(int line, int character);
json doc(const std::string& uri);
json at(const std::string& uri, int line, int character);

}  // namespace jixiao::lsp_test
