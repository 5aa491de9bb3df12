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
json note(const std::string& method, json params) { return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}}; }

const std::string kUri = "untitled:Untitled-1";

struct Started {
  Server server{ServerOptions{200ms}};
  Server::Clock::time_point t0 = Server::Clock::now();
  Started() {
    server.handle({req(1, "initialize", {{"capabilities", json::object()}}), note("initialized", json::object())}, t0);
    server.handle({note("textDocument/didOpen", {{"textDocument", {{"uri", kUri}, {"version", 1}, {"languageId", "perf"},
                                                                 {"text", "source s {\n  a: string\n}\n"}}}})},
                  t0);
  }
};

json hover_at(int id, int line, int ch) {
  return req(id, "textDocument/hover", {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", line}, {"character", ch}}}});
}
json change_to(int version, const std::string& text) {
  return note("textDocument/didChange", {{"textDocument", {{"uri", kUri}, {"version", version}}}, {"contentChanges", {{{"text", text}}}}});
}
}  // namespace

TEST_CASE("a request overtaken by an edit of its document is answered `content modified`", "[lsp][server]") {
  Started s;
  auto out = s.server.handle({hover_at(2, 1, 2), change_to(2, "source s {\n  b: string\n}\n"), hover_at(3, 1, 2)}, s.t0);
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
  CHECK(s.server.on_timer(t + 100ms).empty());    // analysed, not yet published
  s.server.handle({change_to(3, "source s {\n  a: strng\n}\n")}, t + 150ms);  // typing goes on
  CHECK(s.server.on_timer(t + 200ms).empty());
  auto out = s.server.on_timer(t + 350ms);
  REQUIRE(out.size() == 1);
  CHECK(out[0]["method"] == "textDocument/publishDiagnostics");
  CHECK(out[0]["params"]["version"] == 3);
  CHECK(out[0]["params"]["diagnostics"][0]["code"] == "E0031");
  CHECK(out[0]["params"]["diagnostics"][0]["message"].get<std::string>().find("did you mean `string`?") != std::string::npos);
  CHECK(!s.server.next_deadline());
}

TEST_CASE("the framing reader survives bad headers and bad JSON", "[lsp][transport]") {
  std::istringstream in("Content-Length: 2\r\n\r\n{}" "X: y\r\n\r\n" "Content-Length: 3\r\n\r\n{]}"
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
