// JSON-RPC and LSP vocabulary shared by the transport, the server and the features.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace jixiao::lsp {

using json = nlohmann::json;

// JSON-RPC and LSP error codes (LSP 3.17, "ErrorCodes" and "LSPErrorCodes").
namespace rpc_error {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestFailed = -32803;
inline constexpr int kRequestCancelled = -32800;
inline constexpr int kContentModified = -32801;
}  // namespace rpc_error

inline json response(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

inline json error_response(const json& id, int code, std::string message) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", std::move(message)}}}};
}

inline json notification(std::string method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", std::move(method)}, {"params", std::move(params)}};
}

// A failure a request handler reports to the client as an error response rather than a result.
struct RequestError {
  int code;
  std::string message;
};

}  // namespace jixiao::lsp
