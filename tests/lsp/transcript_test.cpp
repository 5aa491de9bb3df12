// Transcript tests: the real `jixiao lsp` process, JSON-RPC over its stdin/stdout, one test per
// feature; every expected position and name below was worked out by hand from tests/lsp/project.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "lsp_client.h"

using namespace jixiao::lsp_test;
namespace fs = std::filesystem;

namespace {

// A fresh copy of tests/lsp/project in a folder named in Chinese (so URIs are percent-encoded).
struct Project {
  fs::path root;
  std::string rules_uri, sources_uri;
  Project() {
    char tmpl[] = "/tmp/jixiao-lsp-XXXXXX";
    root = fs::path(mkdtemp(tmpl)) / "绩效 项目";
    fs::create_directories(root);
    for (auto& f : fs::directory_iterator(fs::path(LSP_TEST_DIR) / "project"))
      fs::copy(f.path(), root / f.path().filename());
    rules_uri = file_uri((root / "rules.perf").string());
    sources_uri = file_uri((root / "sources.perf").string());
  }
  ~Project() {
    std::error_code ec;
    fs::remove_all(root.parent_path(), ec);
  }
  std::string text(const std::string& name) const { return read_text((root / name).string()); }
};

void open(ServerProcess& s, const std::string& uri, const std::string& text, int version = 1) {
  s.notify("textDocument/didOpen",
           {{"textDocument", {{"uri", uri}, {"languageId", "perf"}, {"version", version}, {"text", text}}}});
}

// An incremental change replacing [(l1,c1), (l2,c2)) with `text`.
void edit(ServerProcess& s, const std::string& uri, int version, int l1, int c1, int l2, int c2,
          const std::string& text) {
  s.notify("textDocument/didChange",
           {{"textDocument", {{"uri", uri}, {"version", version}}},
            {"contentChanges", {{{"range", {{"start", pos(l1, c1)}, {"end", pos(l2, c2)}}}, {"text", text}}}}});
}

json diagnostics_for(ServerProcess& s, const std::string& uri, int version) {
  auto m = s.wait_for("textDocument/publishDiagnostics",
                      [&](const json& p) { return p["uri"] == uri && p.value("version", -1) == version; });
  REQUIRE(m);
  return (*m)["params"]["diagnostics"];
}

std::vector<std::string> labels(const json& completion) {
  std::vector<std::string> out;
  for (auto& i : completion["result"]["items"]) out.push_back(i["label"]);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

json range(int l1, int c1, int l2, int c2) { return json{{"start", pos(l1, c1)}, {"end", pos(l2, c2)}}; }

}  // namespace

TEST_CASE("lifecycle: initialize, capabilities, shutdown and exit", "[lsp]") {
  Project p;
  ServerProcess s;
  json early = s.request("textDocument/hover", at(p.rules_uri, 0, 0));
  CHECK(early["error"]["code"] == -32002);  // before initialize
  json init = s.request("initialize", {{"rootUri", file_uri(p.root.string())}, {"capabilities", json::object()}});
  const json& caps = init["result"]["capabilities"];
  CHECK(caps["positionEncoding"] == "utf-16");
  CHECK(caps["textDocumentSync"]["change"] == 2);
  CHECK(caps["renameProvider"]["prepareProvider"] == true);
  CHECK(caps["semanticTokensProvider"]["legend"]["tokenTypes"][0] == "keyword");
  s.notify("initialized", json::object());
  CHECK(s.request("shutdown", nullptr)["result"].is_null());
  CHECK(s.request("textDocument/hover", at(p.rules_uri, 0, 0))["error"]["code"] == -32600);  // after shutdown
  s.notify("exit", nullptr);
  CHECK(s.wait_exit() == 0);
}

TEST_CASE("lifecycle: exit without shutdown ends with code 1", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  s->notify("exit", nullptr);
  CHECK(s->wait_exit() == 1);
}

TEST_CASE("diagnostics: the whole folder is one program, with codes, notes and versions", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  // Files that are not open are checked too: both publish (empty) diagnostics.
  auto first = s->wait_for("textDocument/publishDiagnostics", [&](const json& m) { return m["uri"] == p.rules_uri; });
  REQUIRE(first);
  CHECK((*first)["params"]["diagnostics"].empty());

  open(*s, p.rules_uri, p.text("rules.perf"));
  CHECK(diagnostics_for(*s, p.rules_uri, 1).empty());
  // `result` -> `reslt` on line 4 (0-based): "  value     count(where result == NG) / count()",
  // where `result` takes columns 24-29.
  edit(*s, p.rules_uri, 2, 4, 24, 4, 30, "reslt");
  json all = diagnostics_for(*s, p.rules_uri, 2);
  json d = json::array();
  for (auto& x : all)
    if (x["range"] == range(4, 24, 4, 29)) d.push_back(x);
  REQUIRE(d.size() == 1);
  CHECK(d[0]["code"] == "E0007");
  CHECK(d[0]["severity"] == 1);
  CHECK(d[0]["source"] == "jixiao");
  CHECK(d[0]["message"].get<std::string>().find("did you mean `result`?") != std::string::npos);

  // The quick fix applies the suggestion.
  json actions = s->request(
      "textDocument/codeAction",
      {{"textDocument", {{"uri", p.rules_uri}}}, {"range", range(4, 25, 4, 25)}, {"context", {{"diagnostics", d}}}});
  json fix;
  for (auto& a : actions["result"])
    if (a["title"] == "Change to `result`") fix = a;
  REQUIRE(!fix.is_null());
  CHECK(fix["edit"]["changes"][p.rules_uri][0]["range"] == range(4, 24, 4, 29));
  CHECK(fix["edit"]["changes"][p.rules_uri][0]["newText"] == "result");

  // A duplicate declaration points at the first one, in the other file, as related information.
  // rules.perf comes first in the project, so the `people` of sources.perf (line 41) is the second.
  edit(*s, p.rules_uri, 3, 4, 24, 4, 29, "result");
  edit(*s, p.rules_uri, 4, 50, 0, 50, 0, "\nsource people {\n  name: string\n  title: string\n  line: string\n}\n");
  auto dup = s->wait_for("textDocument/publishDiagnostics",
                         [&](const json& m) { return m["uri"] == p.sources_uri && !m["diagnostics"].empty(); });
  REQUIRE(dup);
  json e = (*dup)["params"]["diagnostics"];
  REQUIRE(e.size() == 1);
  CHECK(e[0]["code"] == "E0020");
  CHECK(e[0]["range"] == range(41, 7, 41, 13));
  CHECK(e[0]["relatedInformation"][0]["location"]["uri"] == p.rules_uri);
  CHECK(e[0]["relatedInformation"][0]["location"]["range"] == range(51, 7, 51, 13));
}

TEST_CASE("diagnostics: closing a broken document goes back to the file on disk", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  open(*s, p.rules_uri, p.text("rules.perf"));
  edit(*s, p.rules_uri, 2, 2, 12, 2, 23, "inspectons");
  json d = diagnostics_for(*s, p.rules_uri, 2);
  REQUIRE(!d.empty());
  CHECK(d[0]["code"] == "E0021");
  s->notify("textDocument/didClose", doc(p.rules_uri));
  auto m = s->wait_for("textDocument/publishDiagnostics", [&](const json& x) {
    return x["uri"] == p.rules_uri && x["diagnostics"].empty() && !x.contains("version");
  });
  CHECK(m);
}

TEST_CASE("sync: full-text changes and UTF-16 positions after non-BMP characters", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  std::string uri = file_uri((p.root / "extra.perf").string());
  open(*s, uri, "indicator x {}\n");
  // Full sync: no range. `🔥` is two UTF-16 units, each Chinese character one.
  s->notify("textDocument/didChange",
            {{"textDocument", {{"uri", uri}, {"version", 2}}},
             {"contentChanges", {{{"text", "indicator x \"🔥标签\" { from inspections; value count() }\n"}}}}});
  json h = s->request("textDocument/hover", at(uri, 0, 32));
  REQUIRE(h["result"].is_object());
  CHECK(h["result"]["range"] == range(0, 26, 0, 37));  // `inspections` after 🔥 (2 units), 标签 and `" { from `
  CHECK(h["result"]["contents"]["value"].get<std::string>().find("source inspections") != std::string::npos);
  // An incremental edit right after the emoji lands after it, not inside it.
  edit(*s, uri, 3, 0, 15, 0, 15, "!");
  json d = s->request("jixiao/declarations", {{"kind", "indicator"}});
  bool found = false;
  for (auto& x : d["result"])
    if (x["name"] == "x") found = x["label"] == "🔥!标签";
  CHECK(found);
}

TEST_CASE("completion: properties, columns, enum members, indicators, units, references", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  open(*s, p.rules_uri, p.text("rules.perf"));
  auto complete = [&](int line, int ch) {
    return labels(s->request("textDocument/completion", at(p.rules_uri, line, ch)));
  };

  // `value`: aggregates with their signature.
  json value = s->request("textDocument/completion", at(p.rules_uri, 4, 12));
  bool count_found = false;
  for (auto& i : value["result"]["items"])
    if (i["label"] == "count") {
      count_found = true;
      CHECK(i["detail"] == "count([x] [where p]) -> number");
      CHECK(i["insertTextFormat"] == 2);
    }
  CHECK(count_found);
  // `where` of defect_rate (line 3 is `  where     line != "pilot"`, 27 columns): columns of
  // `inspections`, scalar builtins, no aggregates.
  edit(*s, p.rules_uri, 2, 3, 27, 3, 27, " and ");
  auto where = complete(3, 32);
  CHECK(has(where, "result"));
  CHECK(has(where, "scrap_cost"));
  CHECK(has(where, "lower"));
  CHECK_FALSE(has(where, "count"));
  // After `result ==`: only the members.
  edit(*s, p.rules_uri, 3, 3, 32, 3, 32, "result == ");
  auto members = complete(3, 42);
  CHECK(members == std::vector<std::string>{"OK", "NG"});
  // Alert `when`: indicators and series functions.
  auto when = complete(20, 12);
  CHECK(has(when, "defect_rate"));
  CHECK(has(when, "报废金额"));
  CHECK(has(when, "baseline"));
  CHECK_FALSE(has(when, "result"));
  // `unit`: percent and the money units of the project's columns.
  auto unit = complete(7, 12);
  CHECK(has(unit, "percent"));
  CHECK(has(unit, "cny"));
  // `notify`, `from`, `calendar`-like references.
  CHECK(complete(22, 12) == std::vector<std::string>{"quality_team"});
  auto from = complete(13, 9);
  CHECK(has(from, "inspections"));
  CHECK(has(from, "lead_events"));
  CHECK(has(from, "lead_lifecycle"));
  // A new line in an indicator: the properties not given yet.
  edit(*s, p.rules_uri, 4, 17, 0, 17, 0, "  \n");
  auto props = complete(17, 2);
  CHECK(has(props, "target"));
  CHECK(has(props, "unit"));
  CHECK_FALSE(has(props, "from"));
  // The first column: declaration keywords.
  edit(*s, p.rules_uri, 5, 18, 0, 18, 0, "\n");
  auto top = complete(18, 0);
  CHECK(has(top, "indicator"));
  CHECK(has(top, "chain"));
  CHECK(top.size() == 10);
}

TEST_CASE("completion: the last good model is kept while the file is broken", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  open(*s, p.rules_uri, p.text("rules.perf"));
  s->request("textDocument/hover", at(p.rules_uri, 0, 0));  // analysed while well-formed
  // Break `inspections`' own file: the source no longer parses, yet its columns still complete.
  std::string broken = p.text("sources.perf");
  broken.replace(broken.find("record_id:     string  required"), 31, "record_id: string ) ) (");
  open(*s, p.sources_uri, broken);
  json d = diagnostics_for(*s, p.sources_uri, 1);
  CHECK(!d.empty());
  edit(*s, p.rules_uri, 2, 3, 27, 3, 27, " and ");
  auto where = labels(s->request("textDocument/completion", at(p.rules_uri, 3, 32)));
  CHECK(has(where, "result"));
  CHECK(has(where, "batch_id"));
}

TEST_CASE("hover: declarations, columns, builtins, keywords", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  open(*s, p.rules_uri, p.text("rules.perf"));
  auto hover_text = [&](int line, int ch) {
    json h = s->request("textDocument/hover", at(p.rules_uri, line, ch));
    return h["result"].is_object() ? h["result"]["contents"]["value"].get<std::string>() : std::string();
  };
  std::string ind = hover_text(20, 14);  // `defect_rate` in the alert's `when`
  CHECK(ind.find("indicator defect_rate \"电芯抽检不良率\"") != std::string::npos);
  CHECK(ind.find("Share of sampled cells that fail inspection.") != std::string::npos);
  CHECK(ind.find("- from `inspections`") != std::string::npos);
  CHECK(ind.find("- by `batch_id`") != std::string::npos);
  CHECK(ind.find("- every `day`") != std::string::npos);
  CHECK(ind.find("value `count(where result == NG) / count()`: percent, unit `percent`") !=
        std::string::npos);  // a share
  CHECK(ind.find("- target `<= 0.5%`") != std::string::npos);
  std::string money = hover_text(12, 12);  // 报废金额: money inferred, no unit declared
  CHECK(money.find(": number in cny, no declared unit") != std::string::npos);
  std::string col = hover_text(4, 24);  // `result`
  CHECK(col.find("enum(OK, NG)") != std::string::npos);
  CHECK(col.find("column of source `inspections`") != std::string::npos);
  std::string fn = hover_text(4, 13);  // `count`
  CHECK(fn.find("count([x] [where p]) -> number") != std::string::npos);
  CHECK(fn.find("Number of rows in the group") != std::string::npos);
  std::string kw = hover_text(6, 3);  // `every`
  CHECK(kw.find("every day (hour | day | week | month | quarter | year)") != std::string::npos);
  std::string node = hover_text(48, 55);  // `screened` in the test's expectation
  CHECK(node.find("node screened \"销售初筛\"") != std::string::npos);
  CHECK(node.find("- within `2h`") != std::string::npos);
}

TEST_CASE("definition and references across files", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  open(*s, p.rules_uri, p.text("rules.perf"));
  json def = s->request("textDocument/definition", at(p.rules_uri, 2, 14))["result"];  // inspections
  CHECK(def["uri"] == p.sources_uri);
  CHECK(def["range"] == range(16, 7, 16, 18));
  json col = s->request("textDocument/definition", at(p.rules_uri, 4, 24))["result"];  // result
  CHECK(col["range"] == range(27, 2, 27, 8));
  json member = s->request("textDocument/definition", at(p.rules_uri, 4, 34))["result"];  // NG
  CHECK(member["range"] == range(27, 26, 27, 28));
  json node = s->request("textDocument/definition", at(p.rules_uri, 48, 55))["result"];  // screened
  CHECK(node["uri"] == p.rules_uri);
  CHECK(node["range"] == range(32, 7, 32, 15));
  json given = s->request("textDocument/definition", at(p.rules_uri, 44, 20))["result"];  // batch_id in the test table
  CHECK(given["range"] == range(23, 2, 23, 10));
  CHECK(s->request("textDocument/definition", at(p.rules_uri, 4, 13))["result"].is_null());  // count: a builtin

  json refs = s->request("textDocument/references", {{"textDocument", {{"uri", p.rules_uri}}},
                                                     {"position", pos(2, 14)},
                                                     {"context", {{"includeDeclaration", true}}}})["result"];
  CHECK(refs.size() == 4);  // the source, two `from`s and the test's `given`
  json uses = s->request("textDocument/references", {{"textDocument", {{"uri", p.rules_uri}}},
                                                     {"position", pos(2, 14)},
                                                     {"context", {{"includeDeclaration", false}}}})["result"];
  CHECK(uses.size() == 3);
  json hl = s->request("textDocument/documentHighlight", at(p.rules_uri, 20, 14))["result"];
  CHECK(hl.size() == 4);  // declaration, `when`, the message placeholder, the test
}

TEST_CASE("rename: prepareRename, edits across places, refusals", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  open(*s, p.rules_uri, p.text("rules.perf"));
  json prep = s->request("textDocument/prepareRename", at(p.rules_uri, 20, 14))["result"];
  CHECK(prep["range"] == range(20, 12, 20, 23));
  CHECK(prep["placeholder"] == "defect_rate");
  json edit = s->request("textDocument/rename",
                         {{"textDocument", {{"uri", p.rules_uri}}}, {"position", pos(20, 14)}, {"newName", "不良率"}});
  json changes = edit["result"]["changes"][p.rules_uri];
  std::vector<json> ranges;
  for (auto& c : changes) {
    CHECK(c["newText"] == "不良率");
    ranges.push_back(c["range"]);
  }
  CHECK(ranges.size() == 4);
  CHECK(std::find(ranges.begin(), ranges.end(), range(1, 10, 1, 21)) != ranges.end());
  CHECK(std::find(ranges.begin(), ranges.end(), range(23, 32, 23, 43)) !=
        ranges.end());  // {defect_rate} in the message
  CHECK(std::find(ranges.begin(), ranges.end(), range(47, 10, 47, 21)) != ranges.end());
  // A name that needs backticks gets them (but not inside the message text).
  json spaced =
      s->request("textDocument/rename",
                 {{"textDocument", {{"uri", p.rules_uri}}}, {"position", pos(4, 24)}, {"newName", "check result"}});
  bool backticked = false;
  for (auto& c : spaced["result"]["changes"][p.rules_uri]) backticked = backticked || c["newText"] == "`check result`";
  CHECK(backticked);
  CHECK(spaced["result"]["changes"].contains(p.sources_uri));
  CHECK(s->request("textDocument/prepareRename", at(p.rules_uri, 4, 13))["error"]["code"] == -32803);  // count
  CHECK(s->request("textDocument/rename", {{"textDocument", {{"uri", p.rules_uri}}},
                                           {"position", pos(20, 14)},
                                           {"newName", "报废金额"}})["error"]["code"] == -32803);  // already declared
}

TEST_CASE("symbols: document outline and workspace search by name or label", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  json outline = s->request("textDocument/documentSymbol", doc(p.rules_uri))["result"];
  std::vector<std::string> names;
  for (auto& x : outline) names.push_back(x["name"]);
  CHECK(names == std::vector<std::string>{"defect_rate", "报废金额", "defect_spike", "lead_lifecycle", "line_leader",
                                          "不良率超过0.8%触发告警"});
  CHECK(outline[0]["detail"] == "电芯抽检不良率");
  CHECK(outline[0]["selectionRange"] == range(1, 10, 1, 21));
  CHECK(outline[3]["children"].size() == 2);
  CHECK(outline[3]["children"][1]["name"] == "screened");
  json sources = s->request("textDocument/documentSymbol", doc(p.sources_uri))["result"];
  CHECK(sources[3]["name"] == "inspections");
  CHECK(sources[3]["children"].size() == 7);

  json by_label = s->request("workspace/symbol", {{"query", "不良率"}})["result"];
  std::vector<std::string> found;
  for (auto& x : by_label) found.push_back(x["name"]);
  CHECK(has(found, "defect_rate"));
  CHECK(has(found, "defect_spike"));
  json by_name = s->request("workspace/symbol", {{"query", "lead"}})["result"];
  found.clear();
  for (auto& x : by_name) found.push_back(x["name"]);
  CHECK(has(found, "lead_events"));
  CHECK(has(found, "lead_lifecycle"));
  CHECK_FALSE(has(found, "defect_rate"));
}

TEST_CASE("formatting is what `jixiao fmt` writes", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  std::string before = p.text("rules.perf");
  open(*s, p.rules_uri, before);
  json edits = s->request("textDocument/formatting", {{"textDocument", {{"uri", p.rules_uri}}},
                                                      {"options", {{"tabSize", 2}, {"insertSpaces", true}}}})["result"];
  REQUIRE(edits.size() == 1);
  CHECK(edits[0]["range"]["start"] == pos(0, 0));
  int rc =
      std::system((std::string(JIXIAO_BINARY) + " fmt '" + (p.root / "rules.perf").string() + "' 2>/dev/null").c_str());
  CHECK(rc == 0);
  CHECK(edits[0]["newText"] == p.text("rules.perf"));
  CHECK(edits[0]["newText"] != before);
  // A file with a syntax error is left alone, as `jixiao fmt` leaves it.
  edit(*s, p.rules_uri, 2, 2, 0, 2, 0, "((");
  json none = s->request("textDocument/formatting",
                         {{"textDocument", {{"uri", p.rules_uri}}}, {"options", json::object()}})["result"];
  CHECK(none.empty());
}

TEST_CASE("semantic tokens tell keywords, tables, columns, members and builtins apart", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  json legend = s->request("initialize", json::object());  // refused: already initialized
  CHECK(legend["error"]["code"] == -32600);
  json data = s->request("textDocument/semanticTokens/full", doc(p.rules_uri))["result"]["data"];
  REQUIRE(data.size() % 5 == 0);
  // Decode into (line, character, length, type, modifiers).
  std::vector<std::array<int, 5>> tokens;
  int line = 0, ch = 0;
  for (size_t i = 0; i < data.size(); i += 5) {
    line += data[i].get<int>();
    ch = data[i].get<int>() == 0 ? ch + data[i + 1].get<int>() : data[i + 1].get<int>();
    tokens.push_back({line, ch, data[i + 2].get<int>(), data[i + 3].get<int>(), data[i + 4].get<int>()});
  }
  auto token_at = [&](int l, int c) -> std::array<int, 5> {
    for (auto& t : tokens)
      if (t[0] == l && t[1] == c) return t;
    return {-1, -1, -1, -1, -1};
  };
  // legend: keyword, class, function, variable, property, enumMember, event, interface, namespace, method
  CHECK(token_at(1, 0)[3] == 0);  // `indicator`
  CHECK((token_at(1, 10) == std::array<int, 5>{1, 10, 11, 3, 1}));  // defect_rate: variable, declaration
  CHECK(token_at(2, 2)[3] == 0);  // `from`
  CHECK(token_at(2, 12)[3] == 1);  // inspections: class
  CHECK((token_at(4, 12) == std::array<int, 5>{4, 12, 5, 2, 2}));  // count: function, defaultLibrary
  CHECK(token_at(4, 24)[3] == 4);  // result: property
  CHECK(token_at(4, 34)[3] == 5);  // NG: enumMember
  CHECK(token_at(9, 12)[3] == 7);  // quality_engineer: a role
  CHECK(token_at(19, 6)[3] == 6);  // defect_spike: event
}

TEST_CASE("signature help, inlay hints, the missing-unit quick fix", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  open(*s, p.rules_uri, p.text("rules.perf"));
  // Line 14 is `  value  sum(scrap_cost where result == NG)`: the call takes columns 9-42.
  edit(*s, p.rules_uri, 2, 14, 9, 14, 43, "percentile(scrap_cost, ");
  json sig = s->request("textDocument/signatureHelp", at(p.rules_uri, 14, 32))["result"];
  REQUIRE(sig.is_object());
  CHECK(sig["signatures"][0]["label"] == "percentile(x, q [where p]) -> unit of x");
  CHECK(sig["activeParameter"] == 1);
  CHECK(sig["signatures"][0]["parameters"][1]["label"] == json::array({14, 15}));
  edit(*s, p.rules_uri, 3, 14, 9, 14, 32, "sum(scrap_cost where result == NG)");

  json hints = s->request("textDocument/inlayHint",
                          {{"textDocument", {{"uri", p.rules_uri}}}, {"range", range(0, 0, 50, 0)}})["result"];
  REQUIRE(hints.size() == 2);
  CHECK(hints[0]["label"] == ": percent");  // count(where p) / count() is a share, as share(p) is
  CHECK(hints[0]["tooltip"] == "the unit inferred from the expression");  // and agrees with the declared `unit percent`
  CHECK(hints[0]["position"] == pos(4, 47));
  CHECK(hints[1]["label"] == ": number in cny");
  CHECK(hints[1]["position"] == pos(14, 43));

  json actions = s->request("textDocument/codeAction", {{"textDocument", {{"uri", p.rules_uri}}},
                                                        {"range", range(13, 0, 13, 0)},
                                                        {"context", {{"diagnostics", json::array()}}}})["result"];
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["title"] == "Add `unit cny` (inferred from the value)");
  json e = actions[0]["edit"]["changes"][p.rules_uri][0];
  CHECK(e["range"] == range(17, 0, 17, 0));
  CHECK(e["newText"] == "  unit   cny\n");
}

TEST_CASE("editor commands: the declaration under the cursor, and declarations of a kind", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  json inside = s->request("jixiao/declarationAt", at(p.rules_uri, 5, 3))["result"];
  CHECK(inside["kind"] == "indicator");
  CHECK(inside["name"] == "defect_rate");
  json ref = s->request("jixiao/declarationAt", at(p.rules_uri, 20, 14))["result"];  // a reference inside an alert
  CHECK(ref["name"] == "defect_rate");
  json chains = s->request("jixiao/declarations", {{"kind", "chain"}})["result"];
  REQUIRE(chains.size() == 1);
  CHECK(chains[0]["name"] == "lead_lifecycle");
  CHECK(chains[0]["label"] == "线索全生命周期");
}

TEST_CASE("files changed on disk join the program", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  fs::path extra = p.root / "sub" / "more.perf";
  fs::create_directories(extra.parent_path());
  std::ofstream(extra) << "indicator 新指标 {\n  from   inspections\n  value  count()\n}\n";
  s->notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", file_uri(extra.string())}, {"type", 1}}}}});
  json found = s->request("workspace/symbol", {{"query", "新指标"}})["result"];
  REQUIRE(found.size() == 1);
  CHECK(found[0]["location"]["uri"] == file_uri(extra.string()));
  fs::remove(extra);
  s->notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", file_uri(extra.string())}, {"type", 3}}}}});
  CHECK(s->request("workspace/symbol", {{"query", "新指标"}})["result"].empty());
}

TEST_CASE("robustness: malformed messages, unknown methods, absurd input, random edits", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  s->write_raw("Content-Length: 5\r\n\r\n{oops");
  std::optional<json> bad;
  while ((bad = s->next()) && !bad->contains("error")) {}
  REQUIRE(bad);
  CHECK((*bad)["error"]["code"] == -32700);
  CHECK((*bad)["id"].is_null());
  s->write_raw("Garbage-Header\r\n\r\n");
  CHECK(s->request("no/suchMethod", json::object())["error"]["code"] == -32601);
  s->send(json{{"jsonrpc", "2.0"}, {"id", 99}, {"method", "textDocument/hover"}, {"params", "not an object"}});
  CHECK(s->response_to(99)["error"]["code"] == -32602);

  // Nesting that would overflow the parser's stack is refused with a diagnostic, not a crash.
  std::string deep = "indicator x {\n  value " + std::string(20000, '(') + "1" + std::string(20000, ')') + "\n}\n";
  std::string uri = file_uri((p.root / "deep.perf").string());
  open(*s, uri, deep);
  json d = diagnostics_for(*s, uri, 1);
  REQUIRE(d.size() == 1);
  CHECK(d[0]["message"].get<std::string>().find("not checked") != std::string::npos);

  // Random edits anywhere (positions past the end clamp), then every feature at random places.
  std::mt19937 rng(42);
  std::string text = p.text("rules.perf");
  open(*s, p.rules_uri, text);
  const std::vector<std::string> pieces = {"(",  ")",  "{",    "}",          "\"",    "`",          "\n",  " where ",
                                           "==", "🔥",  "指标", "count(",     "node ", "indicator ", "///", "\"\"\"",
                                           ",",  "..", "%",    "2025-13-45", "\r\n",  "\t"};
  const std::vector<std::string> methods = {
      "textDocument/hover",         "textDocument/completion",     "textDocument/definition",
      "textDocument/signatureHelp", "textDocument/documentSymbol", "textDocument/semanticTokens/full",
      "textDocument/formatting",    "textDocument/inlayHint",      "textDocument/codeAction",
      "textDocument/references",    "textDocument/prepareRename"};
  for (int v = 2; v < 200; ++v) {
    int l1 = static_cast<int>(rng() % 60), c1 = static_cast<int>(rng() % 50);
    int l2 = l1 + static_cast<int>(rng() % 2), c2 = static_cast<int>(rng() % 50);
    edit(*s, p.rules_uri, v, l1, c1, l2, c2, pieces[rng() % pieces.size()]);
    const std::string& m = methods[rng() % methods.size()];
    json params = at(p.rules_uri, static_cast<int>(rng() % 60), static_cast<int>(rng() % 60));
    params["range"] = range(0, 0, 60, 0);
    params["options"] = json::object();
    params["context"] = {{"diagnostics", json::array()}, {"includeDeclaration", true}};
    json r = s->request(m, params);
    CHECK((r.contains("result") || r["error"]["code"] == -32803));
  }
  CHECK(s->request("shutdown", nullptr)["result"].is_null());
  s->notify("exit", nullptr);
  CHECK(s->wait_exit() == 0);
}

// Issue 11: a frame with a bad Content-Length left the server alive but deaf (it read the body as
// headers, and every later body swallowed the next frame's header). Now it answers -32700 with id
// null, skips to the next `Content-Length:` and answers the next request; the shutdown hidden in the
// bad frame's body never runs (the symbol request would be refused after it).
TEST_CASE("framing: after a bad frame the server answers -32700, then the next request", "[lsp]") {
  const std::string hidden = R"({"jsonrpc":"2.0","id":77,"method":"shutdown"})";  // 44 bytes
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"non-numeric", "Content-Length: forty-four\r\n\r\n" + hidden},
      {"negative", "Content-Length: -44\r\n\r\n" + hidden},
      {"missing", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + hidden},
      {"absurdly large", "Content-Length: 99999999999999999999\r\n\r\n" + hidden},
      {"over the 64 MiB limit", "Content-Length: 67108865\r\n\r\n" + hidden},
      {"too short", "Content-Length: 10\r\n\r\n" + hidden},
      {"junk between frames", "\x01\x02 garbage"},
  };
  Project p;
  for (auto& [name, bytes] : bad) {
    DYNAMIC_SECTION(name) {
      auto s = start_initialized(p.root.string());
      s->write_raw(bytes);
      json r = s->request("workspace/symbol", {{"query", "defect_rate"}}, std::chrono::seconds(5));
      REQUIRE(r.contains("result"));
      CHECK(r["result"].size() == 1);
      int parse_errors = 0;
      while (auto m = s->next(std::chrono::milliseconds(300))) {
        CHECK(m->value("id", json()) != 77);
        if (m->contains("error") && (*m)["error"]["code"] == -32700 && (*m)["id"].is_null()) ++parse_errors;
      }
      CHECK(parse_errors == 1);
      CHECK(s->request("shutdown", nullptr)["result"].is_null());
      s->notify("exit", nullptr);
      CHECK(s->wait_exit() == 0);
    }
  }
}

TEST_CASE("framing: the input ending inside a message ends the server with code 1", "[lsp]") {
  Project p;
  for (const char* bytes :
       {"Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",", "Content-Length: 100\r\n", "Content-Le"}) {
    INFO(bytes);
    auto s = start_initialized(p.root.string());
    s->write_raw(bytes);
    CHECK(s->wait_exit(std::chrono::seconds(5)) == 1);  // -1 would be a hang
  }
}

// Issue 11: wrong-typed params were read as "nothing there" and answered `result: null`.
TEST_CASE("params of the wrong type: -32602 saying what is wrong, and bad notifications change nothing", "[lsp]") {
  Project p;
  auto s = start_initialized(p.root.string());
  open(*s, p.rules_uri, p.text("rules.perf"));
  auto error_of = [&](json message) {
    message["jsonrpc"] = "2.0";
    message["id"] = 500;
    message["method"] = "textDocument/hover";
    s->send(message);
    json r = s->response_to(500);
    CHECK(!r.contains("result"));
    CHECK(r["error"]["code"] == -32602);
    return r["error"]["message"].get<std::string>();
  };
  CHECK(error_of({{"params", {{"textDocument", {{"uri", p.rules_uri}}}, {"position", "4:24"}}}}) ==
        "textDocument/hover: position is not an object");
  CHECK(error_of({{"params", {{"textDocument", {{"uri", 42}}}, {"position", pos(4, 24)}}}}) ==
        "textDocument/hover: textDocument.uri is not a string");
  CHECK(error_of({{"params", {{"textDocument", {{"uri", p.rules_uri}}}, {"position", pos(4, -1)}}}}) ==
        "textDocument/hover: position.character is not a non-negative integer");
  CHECK(error_of(json::object()) == "textDocument/hover: params is missing");
  CHECK(error_of({{"params", {at(p.rules_uri, 4, 24)}}}) == "textDocument/hover: params is not an object");
  json rename = s->request("textDocument/rename", at(p.rules_uri, 4, 24));
  CHECK(rename["error"]["message"] == "textDocument/rename: newName is missing");

  // Notifications get no answer; these are dropped whole, so the document is still the opened text.
  s->notify("textDocument/didChange",
            {{"textDocument", {{"uri", p.rules_uri}, {"version", 2}}}, {"contentChanges", "all of it"}});
  s->notify("textDocument/didChange", {{"textDocument", {{"uri", p.rules_uri}, {"version", 3}}},
                                       {"contentChanges", {{{"range", range(0, 0, 99, 0)}, {"text", 0}}}}});
  s->notify("textDocument/didOpen", {{"textDocument", 5}});
  s->notify("textDocument/didClose", json::array());
  json col = s->request("textDocument/hover", at(p.rules_uri, 4, 24));  // `result`
  REQUIRE(col["result"].is_object());
  CHECK(col["result"]["contents"]["value"].get<std::string>().find("enum(OK, NG)") != std::string::npos);
  while (auto m = s->next(std::chrono::milliseconds(300))) CHECK(!m->contains("id"));  // answers to nothing
}
