#include "lsp/server.h"

#include <set>

#include "lsp/params.h"
#include "lsp/uri.h"

namespace jixiao::lsp {

namespace {
std::string uri_param(const json& params) {
  if (!params.is_object()) return "";
  auto td = params.find("textDocument");
  if (td == params.end() || !td->is_object()) return "";
  auto uri = td->find("uri");
  return uri != td->end() && uri->is_string() ? uri->get<std::string>() : "";
}

bool edits_document(const json& msg, const std::string& uri) {
  if (!msg.is_object() || msg.contains("id") || !msg.contains("method") || !msg["method"].is_string()) return false;
  const std::string& m = msg["method"].get_ref<const std::string&>();
  return (m == "textDocument/didChange" || m == "textDocument/didClose") &&
         uri_param(msg.value("params", json())) == uri;
}

bool flag(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return false;
    at = &(*at)[key];
  }
  return at->is_boolean() && at->get<bool>();
}

// Every method is listed with the shape of its params, checked before it runs (lsp/params.h).
struct Method {
  json (*handler)(const Request&, const json&);
  ParamShape params;
};
const std::map<std::string, Method>& feature_handlers() {
  using namespace shapes;
  static const std::map<std::string, Method> handlers = {
      {"textDocument/completion", {completion, at_position()}},
      {"textDocument/hover", {hover, at_position()}},
      {"textDocument/definition", {definition, at_position()}},
      {"textDocument/references",
       {references, with(at_position(),
                         {optional("context", object_of({optional("includeDeclaration", {ParamShape::Boolean})}))})}},
      {"textDocument/documentHighlight", {document_highlight, at_position()}},
      {"textDocument/prepareRename", {prepare_rename, at_position()}},
      {"textDocument/rename", {rename, with(at_position(), {required("newName", {ParamShape::String})})}},
      {"textDocument/documentSymbol", {document_symbols, on_document()}},
      {"workspace/symbol", {workspace_symbols, object_of({required("query", {ParamShape::String})})}},
      {"textDocument/formatting", {formatting, on_document()}},
      {"textDocument/semanticTokens/full", {semantic_tokens, on_document()}},
      {"textDocument/codeAction", {code_actions, with(on_document(), {required("range", range())})}},
      {"textDocument/signatureHelp", {signature_help, at_position()}},
      {"textDocument/inlayHint", {inlay_hints, with(on_document(), {required("range", range())})}},
      {"jixiao/declarationAt", {declaration_at, at_position()}},
      {"jixiao/declarations", {declarations, object_of({required("kind", {ParamShape::String})})}},
  };
  return handlers;
}

// The methods the server handles itself. Notifications not listed here are taken as they come.
const std::map<std::string, ParamShape>& own_params() {
  using namespace shapes;
  static const std::map<std::string, ParamShape> own = {
      {"initialize",
       object_of(
           {required("capabilities", {ParamShape::Object}), optional("rootUri", {ParamShape::String}),
            optional("rootPath", {ParamShape::String}),
            optional("workspaceFolders", array_of(object_of({required("uri", {ParamShape::String})}))),
            optional("initializationOptions", object_of({optional("diagnosticsDelayMs", {ParamShape::Number})}))})},
      {"textDocument/didOpen",
       object_of({required("textDocument", with(text_document(), {required("version", {ParamShape::Integer}),
                                                                  required("text", {ParamShape::String})}))})},
      {"textDocument/didChange",
       object_of({required("textDocument", with(text_document(), {required("version", {ParamShape::Integer})})),
                  required("contentChanges", array_of(object_of({required("text", {ParamShape::String}),
                                                                 optional("range", range())})))})},
      {"textDocument/didClose", on_document()},
      {"workspace/didChangeWatchedFiles",
       object_of({required("changes", array_of(object_of({required("uri", {ParamShape::String}),
                                                          required("type", {ParamShape::Integer})})))})},
  };
  return own;
}

std::optional<std::string> own_params_problem(const std::string& method, const json& params) {
  auto it = own_params().find(method);
  return it == own_params().end() ? std::nullopt : params_problem(params, it->second);
}

void require_params(const std::string& method, const json& params, const ParamShape& shape) {
  if (auto problem = params_problem(params, shape))
    throw RequestError{rpc_error::kInvalidParams, method + ": " + *problem};
}
}  // namespace

json Server::malformed(const std::string& why) { return error_response(nullptr, rpc_error::kParseError, why); }

std::vector<json> Server::handle(const std::vector<json>& batch, Clock::time_point now) {
  std::vector<json> out;
  std::set<std::string> cancelled;
  for (auto& msg : batch)
    if (msg.is_object() && msg.value("method", json()) == "$/cancelRequest" && msg.contains("params") &&
        msg["params"].is_object() && msg["params"].contains("id"))
      cancelled.insert(msg["params"]["id"].dump());

  for (size_t i = 0; i < batch.size(); ++i) {
    const json& msg = batch[i];
    if (!msg.is_object() || (msg.contains("method") && !msg["method"].is_string())) {
      out.push_back(error_response(nullptr, rpc_error::kInvalidRequest, "not a JSON-RPC message"));
      continue;
    }
    if (!msg.contains("method")) continue;  // a response: this server sends no requests
    const std::string& method = msg["method"].get_ref<const std::string&>();
    const json params = msg.value("params", json());
    bool is_request = msg.contains("id");
    json id = is_request ? msg["id"] : json();
    if (is_request && !id.is_string() && !id.is_number_integer()) {
      out.push_back(error_response(nullptr, rpc_error::kInvalidRequest, "a request id is a number or a string"));
      continue;
    }
    try {
      if (!is_request) {
        if (auto warning = notify(method, params, now)) out.push_back(std::move(*warning));
        continue;
      }
      if (cancelled.count(id.dump())) {
        out.push_back(error_response(id, rpc_error::kRequestCancelled, "cancelled"));
        continue;
      }
      std::string uri = uri_param(params);
      bool superseded = false;
      for (size_t j = i + 1; j < batch.size() && !uri.empty() && !superseded; ++j)
        superseded = edits_document(batch[j], uri);
      if (superseded) {
        out.push_back(
            error_response(id, rpc_error::kContentModified, "the document changed before the answer was ready"));
        continue;
      }
      out.push_back(response(id, request(method, params)));
    } catch (const RequestError& e) {
      out.push_back(error_response(id, e.code, e.message));
    } catch (const std::exception& e) {
      std::string what = std::string("internal error in ") + method + ": " + e.what();
      if (is_request)
        out.push_back(error_response(id, rpc_error::kInternalError, what));
      else
        out.push_back(notification("window/logMessage", {{"type", 1}, {"message", what}}));
    }
  }
  return out;
}

json Server::request(const std::string& method, const json& params) {
  if (method == "initialize") {
    if (initialized_) throw RequestError{rpc_error::kInvalidRequest, "initialize was already sent"};
    require_params(method, params, own_params().at(method));
    return initialize(params);
  }
  if (!initialized_) throw RequestError{rpc_error::kServerNotInitialized, "initialize first"};
  if (shutdown_) throw RequestError{rpc_error::kInvalidRequest, "the server is shutting down"};
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  auto it = feature_handlers().find(method);
  if (it == feature_handlers().end()) throw RequestError{rpc_error::kMethodNotFound, "unknown method " + method};
  require_params(method, params, it->second.params);
  auto snap = current();
  Request r{*snap, {}, caps_};
  std::string uri = uri_param(params);
  if (auto lg = last_good_.find(uri); lg != last_good_.end() && lg->second != snap)
    r.last_good.push_back(lg->second.get());
  return it->second.handler(r, params);
}

json Server::initialize(const json& params) {
  const json& cap = params.is_object() ? params.value("capabilities", json::object()) : json::object();
  caps_.snippets = flag(cap, {"textDocument", "completion", "completionItem", "snippetSupport"});
  caps_.hierarchical_symbols = flag(cap, {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"});
  caps_.markdown = false;
  if (cap.is_object() && cap.contains("textDocument") && cap["textDocument"].is_object() &&
      cap["textDocument"].contains("hover") && cap["textDocument"]["hover"].is_object()) {
    const json& formats = cap["textDocument"]["hover"].value("contentFormat", json::array());
    if (formats.is_array())
      for (auto& f : formats) caps_.markdown = caps_.markdown || f == "markdown";
  }
  std::string root;
  if (params.is_object()) {
    if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array() &&
        !params["workspaceFolders"].empty() && params["workspaceFolders"][0].is_object() &&
        params["workspaceFolders"][0].value("uri", json()).is_string())
      root = uri_to_path(params["workspaceFolders"][0]["uri"].get<std::string>());
    else if (params.value("rootUri", json()).is_string())
      root = uri_to_path(params["rootUri"].get<std::string>());
    else if (params.value("rootPath", json()).is_string())
      root = params["rootPath"].get<std::string>();
    const json& options = params.value("initializationOptions", json::object());
    if (options.is_object() && options.value("diagnosticsDelayMs", json()).is_number()) {
      // Clamped as a double (converting 1e300 to an integer is undefined), to a minute at most:
      // longer looks like a server that never checks.
      double ms = options["diagnosticsDelayMs"].get<double>();
      options_.debounce = std::chrono::milliseconds(ms > 0 ? static_cast<int64_t>(std::min(ms, 60000.0)) : 0);
    }
  }
  if (!root.empty()) {
    workspace_.set_root(root);
    workspace_.scan_disk();
  }
  initialized_ = true;
  json capabilities = {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"completionProvider", {{"triggerCharacters", {"(", "[", ",", "=", "{", ":"}}, {"resolveProvider", false}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"documentHighlightProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"documentSymbolProvider", true},
      {"workspaceSymbolProvider", true},
      {"documentFormattingProvider", true},
      {"semanticTokensProvider", {{"legend", semantic_tokens_legend()}, {"full", true}, {"range", false}}},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"signatureHelpProvider", {{"triggerCharacters", {"(", ","}}, {"retriggerCharacters", {","}}}},
      {"inlayHintProvider", true},
  };
  return json{{"capabilities", capabilities}, {"serverInfo", {{"name", "jixiao"}, {"version", "0.1.0"}}}};
}

std::optional<json> Server::notify(const std::string& method, const json& params, Clock::time_point now) {
  if (method == "exit") {
    exited_ = true;
    return std::nullopt;
  }
  if (!initialized_ || shutdown_) return std::nullopt;
  // A notification has no answer; one the server cannot use is dropped whole (half a didChange
  // would leave the document out of step with the editor) and said in the editor's log.
  if (auto problem = own_params_problem(method, params))
    return notification("window/logMessage", {{"type", 2}, {"message", "ignored " + method + ": " + *problem}});
  const std::string uri = uri_param(params);
  const json td = uri.empty() ? json::object() : params["textDocument"];
  auto version = [&]() -> int64_t {
    return td.value("version", json(0)).is_number_integer() ? td["version"].get<int64_t>() : 0;
  };
  if (method == "initialized") {
    schedule(now);
  } else if (method == "textDocument/didOpen") {
    if (!uri.empty() && td.value("text", json()).is_string()) {
      workspace_.open(uri, td["text"].get<std::string>(), version());
      schedule(now);
    }
  } else if (method == "textDocument/didChange") {
    if (!uri.empty() && workspace_.change(uri, params.value("contentChanges", json::array()), version())) schedule(now);
  } else if (method == "textDocument/didClose") {
    workspace_.close(uri);
    last_good_.erase(uri);
    schedule(now);
  } else if (method == "workspace/didChangeWatchedFiles") {
    const json& changes = params.is_object() ? params.value("changes", json::array()) : json::array();
    for (auto& c : changes)
      if (c.is_object() && c.value("uri", json()).is_string())
        workspace_.disk_changed(c["uri"].get<std::string>(), c.value("type", json(0)) == 3);
    schedule(now);
  }
  // didSave, $/cancelRequest (handled per batch), $/setTrace, didChangeConfiguration: nothing to do.
  return std::nullopt;
}

void Server::schedule(Clock::time_point now) {
  analyze_at_ = now + options_.debounce / 2;
  publish_at_ = now + options_.debounce;
}

std::shared_ptr<const Snapshot> Server::current() {
  if (snapshot_ && snapshot_->revision == workspace_.revision()) return snapshot_;
  snapshot_ = analyzer_.analyze(workspace_.inputs(), workspace_.revision());
  for (FileId id = 0; id < snapshot_->files.size(); ++id)
    if (!snapshot_->syntax_errors[id]) last_good_[snapshot_->files[id].uri] = snapshot_;
  return snapshot_;
}

std::vector<json> Server::on_timer(Clock::time_point now) {
  std::vector<json> out;
  if (!initialized_ || shutdown_) return out;
  try {
    if (analyze_at_ && now >= *analyze_at_) {
      analyze_at_.reset();
      current();
    }
    if (publish_at_ && now >= *publish_at_) {
      publish_at_.reset();
      out = publish(*current());
    }
  } catch (const std::exception& e) {
    out.push_back(
        notification("window/logMessage", {{"type", 1}, {"message", std::string("internal error: ") + e.what()}}));
  }
  return out;
}

std::optional<Server::Clock::time_point> Server::next_deadline() const {
  if (analyze_at_ && publish_at_) return std::min(*analyze_at_, *publish_at_);
  return analyze_at_ ? analyze_at_ : publish_at_;
}

std::vector<json> Server::publish(const Snapshot& snap) {
  std::vector<json> out;
  std::set<std::string> seen;
  for (FileId id = 0; id < snap.files.size(); ++id) {
    const FileInput& f = snap.files[id];
    seen.insert(f.uri);
    json diags = diagnostics_of(snap, id);
    auto it = published_.find(f.uri);
    if (it != published_.end() && it->second.first == diags && it->second.second == f.version) continue;
    json params = {{"uri", f.uri}, {"diagnostics", diags}};
    if (f.version) params["version"] = *f.version;
    out.push_back(notification("textDocument/publishDiagnostics", params));
    published_[f.uri] = {std::move(diags), f.version};
  }
  for (auto it = published_.begin(); it != published_.end();) {
    if (seen.count(it->first)) {
      ++it;
      continue;
    }
    out.push_back(
        notification("textDocument/publishDiagnostics", {{"uri", it->first}, {"diagnostics", json::array()}}));
    it = published_.erase(it);
  }
  return out;
}

}  // namespace jixiao::lsp
