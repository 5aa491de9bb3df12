// The language server without its transport: JSON-RPC messages in, JSON-RPC messages out, plus a
// clock for the work that waits (diagnostics are published once edits settle). Transcript tests
// and the stdio loop drive the same class.
#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "lsp/analysis.h"
#include "lsp/features.h"
#include "lsp/protocol.h"
#include "lsp/workspace.h"

namespace jixiao::lsp {

struct ServerOptions {
  // Quiet time after the last edit before diagnostics are published; the client may override it with
  // initializationOptions.diagnosticsDelayMs.
  std::chrono::milliseconds debounce{200};
};

class Server {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Server(ServerOptions options = {}) : options_(options) {}

  // Handles the messages that arrived together, in order, and returns what to send, in order. A
  // request followed in the same batch by an edit of its document is answered "content modified"
  // instead of with results for a text the client no longer has; `$/cancelRequest` cancels too.
  std::vector<json> handle(const std::vector<json>& batch, Clock::time_point now);
  // Analysis once edits have settled (half the debounce), diagnostics once the debounce expires.
  std::vector<json> on_timer(Clock::time_point now);
  std::optional<Clock::time_point> next_deadline() const;

  bool exited() const { return exited_; }
  int exit_code() const { return shutdown_ ? 0 : 1; }
  // The answer to a message the transport could not read.
  static json malformed(const std::string& why);

 private:
  json request(const std::string& method, const json& params);
  // Returns a warning for the editor's log when the params were unusable.
  std::optional<json> notify(const std::string& method, const json& params, Clock::time_point now);
  json initialize(const json& params);
  void schedule(Clock::time_point now);
  std::shared_ptr<const Snapshot> current();
  std::vector<json> publish(const Snapshot& snap);

  ServerOptions options_;
  ClientCaps caps_;
  Workspace workspace_;
  Analyzer analyzer_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::map<std::string, std::shared_ptr<const Snapshot>> last_good_;  // by URI
  std::map<std::string, std::pair<json, std::optional<int64_t>>> published_;  // by URI
  std::optional<Clock::time_point> analyze_at_, publish_at_;
  bool initialized_ = false, shutdown_ = false, exited_ = false;
};

}  // namespace jixiao::lsp
