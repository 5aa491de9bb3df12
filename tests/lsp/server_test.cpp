// The transport-free server in-process: what needs exact control over which messages arrive
// together and over the clock (stale requests, cancellation, the diagnostics debounce).
#include <catch2/catch.hpp>

#include "lsp/server.h"
#include "lsp/transport.h"

#include <sstream>

using namespace jixiao::lsp;
using namespace std::chrono_literals;

namespace {
json req(int id, const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}
json note(const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

const std::string kUri = "untitled:Untitled-1";

struct Started {
  Server server{ServerOptions{200ms}};
  Server::Clock::time_point t0 = Server::Clock::now();
  Started() {
    server.handle({req(1, "initialize", {{"capabilities", json::object()}}), note("initialized", json::object())}, t0);
    server.handle(
        {note("textDocument/didOpen",
              {{"textDocument",
                {{"uri", kUri}, {"version", 1}, {"languageId", "perf"}, {"text", "source s {\n  a: string\n}\n"}}}})},
        t0);
  }
};

json hover_at(int id, int line, int ch) {
  return req(id, "textDocument/hover",
             {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", line}, {"character", ch}}}});
}
json change_to(int version, const std::string& text) {
  return note("textDocument/didChange",
              {{"textDocument", {{"uri", kUri}, {"version", version}}}, {"contentChanges", {{{"text", text}}}}});
}
}  // namespace

TEST_CASE("a request overtaken by an edit of its document is answered `content modified`", "[lsp][server]") {
  Started s;
  auto out =
      s.server.handle({hover_at(2, 1, 2), change_to(2, "source s {\n  b: string\n}\n"), hover_at(3, 1, 2)}, s.t0);
  REQUIRE(out.size() == 2);
  CHECK(out[0]["id"] == 2);
  CHECK(out[0]["error"]["code"] == -32801);
  CHECK(out[1]["id"] == 3);  // answered against version 2: the column is now `b`
  CHECK(out[1]["result"]["contents"]["value"].get<std::string>().find("b: string") != std::string::npos);
}

TEST_CASE("$/cancelRequest cancels a request in the same batch, before or after it", "[lsp][server]") {
  Started s;
  auto out = s.server.handle({hover_at(5, 1, 2), note("$/cancelRequest", {{"id", 5}})}, s.t0);
  REQUIRE(out.size() == 1);
  CHECK(out[0]["error"]["code"] == -32800);
}

TEST_CASE("diagnostics wait for the debounce and carry the latest version", "[lsp][server]") {
  Started s;
  auto t = s.t0 + 1000ms;
  s.server.handle({change_to(2, "source s {\n  a: strin\n}\n")}, t);
  CHECK(s.server.next_deadline() == t + 100ms);  // analysis once edits settle
  CHECK(s.server.on_timer(t + 100ms).empty());  // analysed, not yet published
  s.server.handle({change_to(3, "source s {\n  a: strng\n}\n")}, t + 150ms);  // typing goes on
  CHECK(s.server.on_timer(t + 200ms).empty());
  auto out = s.server.on_timer(t + 350ms);
  REQUIRE(out.size() == 1);
  CHECK(out[0]["method"] == "textDocument/publishDiagnostics");
  CHECK(out[0]["params"]["version"] == 3);
  CHECK(out[0]["params"]["diagnostics"][0]["code"] == "E0031");
  CHECK(out[0]["params"]["diagnostics"][0]["message"].get<std::string>().find("did you mean `string`?") !=
        std::string::npos);
  CHECK(!s.server.next_deadline());
}

TEST_CASE("the framing reader survives bad headers and bad JSON", "[lsp][transport]") {
  std::istringstream in(
      "Content-Length: 2\r\n\r\n{}"
      "X: y\r\n\r\n"
      "Content-Length: 3\r\n\r\n{]}"
      "Content-Length: 17\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"method\":\"exit\"}");
  MessageReader r(in);
  CHECK(r.next().kind == MessageReader::Result::Message);
  CHECK(r.next().kind == MessageReader::Result::Malformed);
  CHECK(r.next().kind == MessageReader::Result::Malformed);
  auto last = r.next();
  REQUIRE(last.kind == MessageReader::Result::Message);
  CHECK(last.message["method"] == "exit");
  CHECK(r.next().kind == MessageReader::Result::End);
}

// Each bad frame is followed by a good one: the reader reports the bad frame once, never reads the
// request hidden in its body, and finds the good frame (before the fix, a bad Content-Length made
// it read the body as headers, swallowing every later frame's header with the body before it).
TEST_CASE("after any bad frame the reader finds the next Content-Length", "[lsp][transport]") {
  const std::string hidden = R"({"jsonrpc":"2.0","id":7,"method":"shutdown"})";  // 44 bytes
  const std::string good = "Content-Length: 17\r\n\r\n{\"method\":\"exit\"}";
  struct Case {
    std::string name, bytes, says;
  };
  const std::vector<Case> cases = {
      {"non-numeric", "Content-Length: abc\r\n\r\n" + hidden, "not a byte count: `abc`"},
      {"negative", "Content-Length: -44\r\n\r\n" + hidden, "not a byte count: `-44`"},
      {"exponent", "Content-Length: 4.4e1\r\n\r\n" + hidden, "not a byte count"},
      {"empty", "Content-Length:\r\n\r\n" + hidden, "not a byte count"},
      {"overflowing", "Content-Length: 99999999999999999999999999\r\n\r\n" + hidden, "over the 64 MiB limit"},
      {"over the limit", "Content-Length: 67108865\r\n\r\n" + hidden, "over the 64 MiB limit"},
      {"missing", "Content-Type: application/vscode-jsonrpc\r\n\r\n" + hidden, "no Content-Length"},
      {"two lengths", "Content-Length: 44\r\nContent-Length: 45\r\n\r\n" + hidden, "two different"},
      {"not a header line", "Content-Length 44\r\n\r\n" + hidden, "not `Name: value`"},
      {"header too long", "Content-Length: 44\r\nX-Padding: " + std::string(9000, 'x') + "\r\n\r\n" + hidden,
       "longer than 8192"},
      {"length too short", "Content-Length: 10\r\n\r\n" + hidden, "not valid JSON"},
      {"length too long", "Content-Length: 50\r\n\r\n" + hidden, "not valid JSON"},  // swallows half the next header
      {"junk before a header", "\x01garbage", "not `Name: value`"},
      {"a word before a header", "garbage", "no Content-Length"},  // `garbageContent-Length` is a header name
  };
  for (auto& c : cases) {
    INFO(c.name);
    std::istringstream in(c.bytes + good);
    MessageReader r(in);
    auto bad = r.next();
    REQUIRE(bad.kind == MessageReader::Result::Malformed);
    CHECK(bad.error.find(c.says) != std::string::npos);
    auto next = r.next();
    REQUIRE(next.kind == MessageReader::Result::Message);
    CHECK(next.message == json{{"method", "exit"}});
    CHECK(r.next().kind == MessageReader::Result::End);
  }
}

TEST_CASE("the input ending inside a frame is the end, said why", "[lsp][transport]") {
  for (auto [bytes, says] :
       {std::pair<std::string, std::string>{"Content-Length: 40\r\n\r\n{\"jsonrpc\":", "inside a message body"},
        {"Content-Length: 40\r\n", "inside a message header"},
        {"Content-Len", "inside a message header"}}) {
    INFO(bytes);
    std::istringstream in(bytes);
    MessageReader r(in);
    auto end = r.next();
    CHECK(end.kind == MessageReader::Result::End);
    CHECK(end.error.find(says) != std::string::npos);
  }
  std::istringstream bad_then_nothing("Content-Length: x\r\n\r\n{}\r\n");
  MessageReader r(bad_then_nothing);
  CHECK(r.next().kind == MessageReader::Result::Malformed);
  CHECK(r.next().kind == MessageReader::Result::End);
}

// Params are checked against each method's shape before its handler runs. Before, a wrong type was
// read as "nothing there" and answered `result: null`.
TEST_CASE("params of the wrong type are answered -32602 saying what is wrong, for every method", "[lsp][server]") {
  Started s;
  const json doc = {{"uri", kUri}};
  const json good_at = {{"textDocument", doc}, {"position", {{"line", 1}, {"character", 2}}}};
  auto at_plus = [&](const char* key, json value) {
    json p = good_at;
    p[key] = std::move(value);
    return p;
  };
  struct Case {
    std::string method;
    json params;
    std::string says;
  };
  std::vector<Case> cases;
  for (const char* m : {"textDocument/completion", "textDocument/hover", "textDocument/definition",
                        "textDocument/references", "textDocument/documentHighlight", "textDocument/prepareRename",
                        "textDocument/signatureHelp", "jixiao/declarationAt"}) {
    cases.push_back({m, at_plus("position", "1:2"), "position is not an object"});
    cases.push_back(
        {m, at_plus("position", {{"line", -1}, {"character", 0}}), "position.line is not a non-negative integer"});
    cases.push_back({m, at_plus("textDocument", {{"uri", 42}}), "textDocument.uri is not a string"});
    cases.push_back({m, json{{"position", good_at["position"]}}, "textDocument is missing"});
  }
  cases.push_back({"textDocument/references", at_plus("context", {{"includeDeclaration", "yes"}}),
                   "context.includeDeclaration is not a boolean"});
  cases.push_back({"textDocument/rename", at_plus("newName", 5), "newName is not a string"});
  cases.push_back({"textDocument/rename", good_at, "newName is missing"});
  for (const char* m : {"textDocument/documentSymbol", "textDocument/formatting", "textDocument/semanticTokens/full",
                        "textDocument/codeAction", "textDocument/inlayHint"}) {
    cases.push_back({m, json{{"textDocument", kUri}}, "textDocument is not an object"});
    cases.push_back({m, json{{"textDocument", {{"uri", nullptr}}}}, "textDocument.uri is missing"});
  }
  const json range = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 1.5}}}};
  cases.push_back({"textDocument/codeAction", json{{"textDocument", doc}, {"range", range}},
                   "range.end.character is not a non-negative integer"});
  cases.push_back({"textDocument/inlayHint", json{{"textDocument", doc}}, "range is missing"});
  cases.push_back({"workspace/symbol", json{{"query", 1}}, "query is not a string"});
  cases.push_back({"jixiao/declarations", json{{"kind", {"chain"}}}, "kind is not a string"});
  // Every method, with params that are no object at all.
  for (const char* m :
       {"textDocument/completion", "textDocument/hover", "textDocument/definition", "textDocument/references",
        "textDocument/documentHighlight", "textDocument/prepareRename", "textDocument/rename",
        "textDocument/documentSymbol", "workspace/symbol", "textDocument/formatting",
        "textDocument/semanticTokens/full", "textDocument/codeAction", "textDocument/signatureHelp",
        "textDocument/inlayHint", "jixiao/declarationAt", "jixiao/declarations"}) {
    cases.push_back({m, nullptr, "params is missing"});
    cases.push_back({m, json::array({good_at}), "params is not an object"});
    cases.push_back({m, "params", "params is not an object"});
  }
  int id = 100;
  for (auto& c : cases) {
    INFO(c.method << " " << c.params.dump());
    json msg = {{"jsonrpc", "2.0"}, {"id", ++id}, {"method", c.method}};
    if (!c.params.is_null()) msg["params"] = c.params;
    auto out = s.server.handle({msg}, s.t0);
    REQUIRE(out.size() == 1);
    CHECK(out[0]["id"] == id);
    CHECK(out[0]["error"]["code"] == -32602);
    CHECK(out[0]["error"]["message"] == c.method + ": " + c.says);
  }
  // The server still answers well-formed requests.
  auto out = s.server.handle({hover_at(1000, 1, 2)}, s.t0);
  REQUIRE(out.size() == 1);
  CHECK(out[0]["result"]["contents"]["value"].get<std::string>().find("a: string") != std::string::npos);
}

TEST_CASE("initialize with wrong-typed params is -32602 and can be retried", "[lsp][server]") {
  Server server;
  auto now = Server::Clock::now();
  for (auto [params, says] :
       {std::pair<json, std::string>{json::array(), "params is not an object"},
        {json{{"capabilities", "all"}}, "capabilities is not an object"},
        {json{{"capabilities", json::object()}, {"rootUri", 7}}, "rootUri is not a string"},
        {json{{"capabilities", json::object()}, {"workspaceFolders", {{{"uri", false}}}}},
         "workspaceFolders[0].uri is not a string"},
        {json{{"capabilities", json::object()}, {"initializationOptions", {{"diagnosticsDelayMs", "1s"}}}},
         "initializationOptions.diagnosticsDelayMs is not a number"}}) {
    auto out = server.handle({req(1, "initialize", params)}, now);
    REQUIRE(out.size() == 1);
    CHECK(out[0]["error"]["code"] == -32602);
    CHECK(out[0]["error"]["message"] == "initialize: " + says);
  }
  // Absurd numbers are clamped, not converted with undefined behaviour.
  auto out = server.handle(
      {req(2, "initialize",
           {{"capabilities", json::object()}, {"initializationOptions", {{"diagnosticsDelayMs", 1e300}}}})},
      now);
  REQUIRE(out.size() == 1);
  CHECK(out[0]["result"]["capabilities"]["hoverProvider"] == true);
}

// A notification has no answer: bad params leave a warning in the editor's log and change nothing.
TEST_CASE("notifications with wrong-typed params are dropped whole with a logged warning", "[lsp][server]") {
  Started s;
  auto bad = {
      note("textDocument/didOpen", {{"textDocument", {{"uri", "untitled:other"}, {"version", 1}, {"text", 42}}}}),
      note("textDocument/didChange", {{"textDocument", {{"uri", kUri}, {"version", 2}}},
                                      {"contentChanges", {{{"text", "source s {\n  b: string\n}\n"}}, {{"text", 5}}}}}),
      note("textDocument/didChange",
           {{"textDocument", {{"uri", kUri}, {"version", "2"}}}, {"contentChanges", json::array()}}),
      note("textDocument/didClose", json::array()),
      note("workspace/didChangeWatchedFiles", {{"changes", "everything"}})};
  for (auto& n : bad) {
    INFO(n.dump());
    auto out = s.server.handle({n}, s.t0);
    REQUIRE(out.size() == 1);
    CHECK(out[0]["method"] == "window/logMessage");
    CHECK(out[0]["params"]["message"].get<std::string>().rfind("ignored " + n["method"].get<std::string>() + ": ", 0) ==
          0);
  }
  // The half-valid didChange was not applied: the column is still `a`.
  auto out = s.server.handle({hover_at(2, 1, 2)}, s.t0);
  REQUIRE(out.size() == 1);
  CHECK(out[0]["result"]["contents"]["value"].get<std::string>().find("a: string") != std::string::npos);
}
