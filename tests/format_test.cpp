// The canonical formatter: golden pairs tests/golden/fmt/NAME.perf -> NAME.expected.perf, and the
// properties every formatted file must have: it parses without diagnostics to the same AST as its
// input (compared by a structural dump that ignores spans), it formats to itself, and it keeps every
// comment. Set JIXIAO_UPDATE_GOLDEN=1 to rewrite the expected files (then read the diff).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "compiler/ast/format.h"
#include "compiler/source/file_text.h"
#include "compiler/syntax/syntax.h"

#ifndef JIXIAO_SOURCE_DIR
#define JIXIAO_SOURCE_DIR "."
#endif

namespace fs = std::filesystem;
using namespace jixiao;

namespace {

struct Parsed {
  SourceSet sources;
  FileId id = kNoFile;
  DiagnosticSink diags;
  ast::File file;
  std::string diagnostics() const {
    std::string out;
    for (auto& d : diags.all()) out += render_text(d, sources) + "\n";
    return out;
  }
};

std::unique_ptr<Parsed> parse(const std::string& text, const std::string& path = "test.perf") {
  auto p = std::make_unique<Parsed>();
  p->id = p->sources.add(path, text);
  p->file = syntax::parse_file(p->sources, p->id, p->diags);
  return p;
}

std::string format(const Parsed& p) { return ast::format_file(p.file, p.sources.file(p.id)); }

std::string read(const fs::path& path) { return read_file(path).value_or(""); }

std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string trim(std::string s) {
  s = rtrim(std::move(s));
  size_t n = 0;
  while (n < s.size() && (s[n] == ' ' || s[n] == '\t')) ++n;
  return s.substr(n);
}

// ---- a structural dump of the AST, without spans -----------------------------------------------

// What a text block means, independently of the formatter's code: its lines without blank lines at
// either end; for a pipe table (header line with `|`) the trimmed cells of each row, for CSV the lines
// without their common indentation.
std::string text_block_meaning(const std::string& raw) {
  std::vector<std::string> lines;
  std::stringstream ss(raw);
  std::string line;
  while (std::getline(ss, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  if (!raw.empty() && raw.back() == '\n') lines.push_back("");
  while (!lines.empty() && trim(lines.front()).empty()) lines.erase(lines.begin());
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  std::string out;
  if (!lines.empty() && lines.front().find('|') != std::string::npos) {
    for (auto& l : lines) {
      out += "[";
      std::string cell;
      for (size_t i = 0; i <= l.size(); ++i) {
        if (i < l.size() && l[i] == '\\' && i + 1 < l.size() && l[i + 1] == '|') {
          cell += "\\|";
          ++i;
        } else if (i == l.size() || l[i] == '|') {
          out += "<" + trim(cell) + ">";
          cell.clear();
        } else {
          cell += l[i];
        }
      }
      out += "]";
    }
    return out;
  }
  size_t common = std::string::npos;
  for (auto& l : lines)
    if (!trim(l).empty()) common = std::min(common, l.find_first_not_of(" \t"));
  for (auto& l : lines) out += "[" + (trim(l).empty() ? std::string() : l.substr(common)) + "]";
  return out;
}

struct Dumper {
  const ast::File& f;
  std::ostringstream out;

  void name(const char* key, const ast::Name& n) { out << key << "=" << (n.valid() ? "`" + n.text + "`" : "-") << " "; }
  void names(const char* key, const std::vector<ast::Name>& ns) {
    out << key << "=[";
    for (auto& n : ns) out << "`" << n.text << "`,";
    out << "] ";
  }
  void str(const char* key, const std::optional<std::string>& s) {
    out << key << "=" << (s ? "\"" + *s + "\"" : "-") << " ";
  }
  template <class T>
  void num(const char* key, const std::optional<T>& v) {
    out << key << "=";
    if (v)
      out << *v;
    else
      out << "-";
    out << " ";
  }
  void expr(const char* key, ast::ExprId id) {
    out << key << "=";
    expr(id);
    out << " ";
  }
  void expr(ast::ExprId id) {
    if (!id.valid()) {
      out << "-";
      return;
    }
    const ast::Expr& e = f.expr(id);
    char number[64];
    std::snprintf(number, sizeof number, "%.17g", e.number);
    out << "(" << int(e.kind) << " op" << int(e.op) << " " << e.flag << " " << number << " " << e.micros << " `"
        << e.text << "`";
    for (auto a : e.args) {
      out << " ";
      expr(a);
    }
    if (e.filter.valid()) {
      out << " where ";
      expr(e.filter);
    }
    out << ")";
  }
  void bound(const char* key, const ast::Bound& b) {
    out << key << "=" << int(b.op) << ":";
    expr(b.value);
    out << " ";
  }
  void bands(const std::vector<ast::Band>& bs) {
    out << "bands=[";
    for (auto& b : bs) {
      name("band", b.name);
      bound("bound", b.bound);
    }
    out << "] ";
  }
  // Property words in sorted order: the formatter reorders them.
  void props(const std::vector<ast::PropSpan>& ps) {
    std::vector<std::string> words;
    for (auto& p : ps) words.push_back(p.word);
    std::sort(words.begin(), words.end());
    out << "props=[";
    for (auto& w : words) out << w << ",";
    out << "]\n";
  }
  void header(const ast::DeclHeader& h) {
    out << "\n" << ast::decl_kind_name(h.kind) << " #" << h.file_order << " ";
    name("name", h.name);
    str("label", h.label);
    std::string doc;
    std::stringstream ss(h.doc);
    std::string line;
    while (std::getline(ss, line)) doc += rtrim(line) + "\n";
    out << "doc=\"" << doc << "\"\n";
  }

  std::string run() {
    out << "decls=" << f.declaration_count << " errors=" << f.had_syntax_errors << "\n";
    for (auto& d : f.projects) {
      header(d.h);
      str("timezone", d.timezone);
      name("calendar", d.calendar);
      name("week", d.week);
      props(d.props);
    }
    for (auto& d : f.calendars) {
      header(d.h);
      str("timezone", d.timezone);
      for (auto& h : d.hours) {
        out << "hours ";
        name("first", h.days.first);
        name("last", h.days.last);
        for (auto& r : h.ranges) out << r.from << "-" << r.to << ",";
        out << "\n";
      }
      for (auto& r : d.holidays) out << "holiday " << r.first << ".." << r.last << "\n";
      for (auto& r : d.workdays) out << "workday " << r.first << ".." << r.last << "\n";
      props(d.props);
    }
    for (auto& d : f.channels) {
      header(d.h);
      name("kind", d.kind);
      out << "webhook=" << d.webhook.valid() << d.webhook.from_env << d.webhook.text << " ";
      out << "secret=" << d.secret.valid() << d.secret.from_env << d.secret.text << " ";
      props(d.props);
    }
    for (auto& d : f.sources) {
      header(d.h);
      str("system", d.system);
      name("time", d.time);
      name("evidence", d.evidence);
      name("actor", d.actor);
      out << "\n";
      for (auto& c : d.columns) {
        out << "column ";
        name("name", c.name);
        name("type", c.type.name);
        names("members", c.type.members);
        name("unit", c.unit);
        out << "required=" << c.required << "\n";
      }
      props(d.props);
    }
    for (auto& d : f.indicators) {
      header(d.h);
      name("from", d.from);
      expr("where", d.where);
      expr("value", d.value);
      out << "by=[";
      for (auto& b : d.by) {
        name("column", b.column);
        name("in", b.in_source);
      }
      out << "] ";
      name("every", d.every);
      name("unit", d.unit);
      bound("target", d.target);
      name("owner", d.owner);
      num("evidence", d.evidence_min);
      num("sample", d.sample_min);
      names("visible", d.visible_to);
      expr("appeal", d.appeal_window);
      props(d.props);
    }
    for (auto& d : f.chains) {
      header(d.h);
      name("from", d.from);
      name("case", d.case_column);
      name("step", d.step_column);
      name("calendar", d.calendar);
      out << "\n";
      for (auto& n : d.nodes) {
        out << "node ";
        name("name", n.name);
        str("label", n.label);
        name("owner", n.owner);
        expr("within", n.within);
        name("charge", n.charge);
        expr("when", n.when);
        out << "has_bands=" << n.has_bands << " ";
        bands(n.bands);
        props(n.props);
      }
      out << "has_bands=" << d.has_bands << " ";
      bands(d.bands);
      props(d.props);
    }
    for (auto& d : f.alerts) {
      header(d.h);
      name("from", d.from);
      expr("when", d.when);
      num("for", d.for_count);
      name("for_unit", d.for_unit);
      name("severity", d.severity);
      names("notify", d.notify);
      str("message", d.message);
      name("report", d.report);
      out << "\n";
      for (auto& t : d.tasks) {
        out << "task ";
        name("name", t.name);
        str("label", t.label);
        name("assign", t.assign);
        expr("due", t.due);
        for (auto& a : t.attach) {
          out << "attach ";
          name("source", a.source);
          names("match", a.match);
          name("during", a.during);
          expr("window", a.window);
        }
        props(t.props);
      }
      props(d.props);
    }
    for (auto& d : f.roles) {
      header(d.h);
      name("from", d.from);
      expr("where", d.where);
      name("scope", d.scope);
      props(d.props);
    }
    for (auto& d : f.views) {
      header(d.h);
      name("for", d.for_role);
      names("show", d.show);
      names("alerts", d.alerts);
      props(d.props);
    }
    for (auto& d : f.tests) {
      header(d.h);
      out << "titled_by_string=" << d.titled_by_string << " ";
      str("as_of", d.as_of);
      out << "\n";
      for (auto& g : d.given) {
        out << "given ";
        name("source", g.source);
        str("file", g.file);
        out << "block=" << (g.text_block ? text_block_meaning(*g.text_block) : "-") << "\n";
      }
      for (auto& e : d.expects) {
        out << "expect kind=" << int(e.kind) << " ";
        name("target", e.target);
        out << "keys=[";
        for (auto& kv : e.keys) {
          name("key", kv.key);
          expr("value", kv.value);
        }
        out << "] ";
        name("column", e.column);
        out << "op=" << int(e.op) << " ";
        expr("expected", e.expected);
        out << "\n";
      }
      props(d.props);
    }
    return out.str();
  }
};

std::string dump(const ast::File& f) { return Dumper{f, {}}.run(); }

// Comment texts (without trailing blanks, which the formatter drops), sorted, with their doc flag.
std::vector<std::string> comment_texts(const ast::File& f) {
  std::vector<std::string> out;
  for (auto& c : f.comments) out.push_back((c.doc ? "doc " : "") + rtrim(c.text));
  std::sort(out.begin(), out.end());
  return out;
}

// Checks the formatter's promises for one input; returns the formatted text.
std::string check_format_properties(const std::string& input, const std::string& what) {
  INFO(what);
  auto in = parse(input);
  INFO("input diagnostics:\n" << in->diagnostics());
  REQUIRE(in->diags.all().empty());
  std::string out = format(*in);
  INFO("formatted:\n" << out);
  if (!out.empty()) {
    CHECK(out.back() == '\n');
    CHECK(out.substr(out.size() >= 2 ? out.size() - 2 : 0) != "\n\n");
  }
  auto again = parse(out);
  INFO("diagnostics of the formatted text:\n" << again->diagnostics());
  REQUIRE(again->diags.all().empty());
  CHECK(dump(again->file) == dump(in->file));
  CHECK(comment_texts(again->file) == comment_texts(in->file));
  for (auto& c : in->file.comments) CHECK(out.find(rtrim(c.text)) != std::string::npos);
  CHECK(format(*again) == out);
  return out;
}

std::string fmt_text(const std::string& input) {
  auto p = parse(input);
  INFO(p->diagnostics());
  REQUIRE(p->diags.all().empty());
  return format(*p);
}

// The value expression of a one-indicator file, as formatted.
std::string fmt_value(const std::string& value) {
  std::string out = fmt_text("indicator x {\n  value " + value + "\n}\n");
  std::string prefix = "indicator x {\n  value  ";
  REQUIRE(out.rfind(prefix, 0) == 0);
  return out.substr(prefix.size(), out.size() - prefix.size() - 3);
}

}  // namespace

TEST_CASE("golden: formatter output and properties", "[golden][fmt]") {
  fs::path dir = fs::path(JIXIAO_SOURCE_DIR) / "tests" / "golden" / "fmt";
  REQUIRE(fs::is_directory(dir));
  bool update = std::getenv("JIXIAO_UPDATE_GOLDEN") != nullptr;
  std::vector<fs::path> inputs;
  for (auto& entry : fs::directory_iterator(dir)) {
    std::string n = entry.path().filename().string();
    if (entry.path().extension() == ".perf" && n.find(".expected.") == std::string::npos)
      inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  REQUIRE(inputs.size() >= 8);
  for (auto& path : inputs) {
    SECTION(path.filename().string()) {
      std::string out = check_format_properties(read(path), path.string());
      fs::path expected = path;
      expected.replace_extension(".expected.perf");
      if (update) {
        std::ofstream(expected, std::ios::binary) << out;
      } else {
        REQUIRE(fs::exists(expected));
        CHECK(read(expected) == out);
      }
      // The expected file is canonical itself.
      if (fs::exists(expected)) check_format_properties(read(expected), expected.string());
    }
  }
}

// Comments put at random line ends and on random lines of every golden input are all kept, and the
// result is still canonical.
TEST_CASE("fmt: comments anywhere are kept", "[fmt]") {
  fs::path dir = fs::path(JIXIAO_SOURCE_DIR) / "tests" / "golden" / "fmt";
  std::mt19937 rng(7);
  int n = 0;
  for (auto& entry : fs::directory_iterator(dir)) {
    std::string file = entry.path().filename().string();
    if (file.find(".expected.") != std::string::npos) continue;
    std::vector<std::string> lines;
    std::stringstream ss(read(entry.path()));
    for (std::string l; std::getline(ss, l);) lines.push_back(l);
    for (int variant = 0; variant < 10; ++variant) {
      std::vector<std::string> v = lines;
      for (int k = 0; k < 6; ++k) {
        size_t at = rng() % (v.size() + 1);
        std::string c = "// random " + std::to_string(++n);
        if (at < v.size() && rng() % 2)
          v[at] += "  " + c;
        else
          v.insert(v.begin() + static_cast<long>(at), std::string(rng() % 2 ? "  " : "") + c);
      }
      std::string text;
      for (auto& l : v) text += l + "\n";
      check_format_properties(text, file + " variant " + std::to_string(variant) + ":\n" + text);
    }
  }
}

TEST_CASE("fmt: expressions keep their structure with minimal parentheses", "[fmt]") {
  CHECK(fmt_value("a - (b - c)") == "a - (b - c)");
  CHECK(fmt_value("(a - b) - c") == "a - b - c");
  CHECK(fmt_value("a / (b * c)") == "a / (b * c)");
  CHECK(fmt_value("(a + b) * (c - d)") == "(a + b) * (c - d)");
  CHECK(fmt_value("a + (b * c)") == "a + b * c");
  CHECK(fmt_value("-(a + b)") == "-(a + b)");
  CHECK(fmt_value("-(-a)") == "- -a");
  CHECK(fmt_value("- 3 * x") == "-3 * x");
  CHECK(fmt_value("a - -2h") == "a - -2h");
  CHECK(fmt_value("not (a and b)") == "not (a and b)");
  CHECK(fmt_value("not (a == b)") == "not a == b");
  CHECK(fmt_value("(not a) and b") == "not a and b");
  CHECK(fmt_value("a and (b or c)") == "a and (b or c)");
  CHECK(fmt_value("(a and b) or c") == "a and b or c");
  CHECK(fmt_value("a or (b or c)") == "a or (b or c)");
  CHECK(fmt_value("(a == b) == c") == "(a == b) == c");
  CHECK(fmt_value("a == (b == c)") == "a == (b == c)");
  CHECK(fmt_value("(a + 1) in [1,2 ,3]") == "a + 1 in [1, 2, 3]");
  CHECK(fmt_value("(a in [1]) in [true]") == "(a in [1]) in [true]");
  CHECK(fmt_value("a not in [\"x\"]") == "a not in [\"x\"]");
  CHECK(fmt_value("(a is null) == false") == "(a is null) == false");
  CHECK(fmt_value("x is not null") == "x is not null");
  CHECK(fmt_value("oee deviates 15% from baseline(oee, 3 months)") == "oee deviates 15% from baseline(oee, 3 months)");
  CHECK(fmt_value("(a - b) deviates (10%) from (c)") == "a - b deviates 10% from c");
  CHECK(fmt_value("not x misses target") == "not x misses target");
  CHECK(fmt_value("count( where  a==1 )/count( )") == "count(where a == 1) / count()");
  CHECK(fmt_value("sum(x where y)") == "sum(x where y)");
  CHECK(fmt_value("percentile(x where y > 1, 0.9)") == "percentile(x where y > 1, 0.9)");
  CHECK(fmt_value("`where` + `order status` + `count`") == "`where` + `order status` + count");
  CHECK(fmt_value("`缺陷率` * 1") == "缺陷率 * 1");
  CHECK(fmt_value("\"a\\\"b\\\\c\\nd\\te\"") == "\"a\\\"b\\\\c\\nd\\te\"");
  CHECK(fmt_value("\"tab\there\"") == "\"tab\\there\"");
  CHECK(fmt_value("if(a, 0.50, 2025-07-01T08:30:00+08:00)") == "if(a, 0.50, 2025-07-01T08:30:00+08:00)");
  CHECK(fmt_value("[ ]") == "[]");
  CHECK(fmt_value("1.50 months") == "1.50 months");
}

// Random expressions, written with every subexpression in parentheses, must keep their AST when
// printed with minimal parentheses.
TEST_CASE("fmt: random expressions survive formatting", "[fmt]") {
  std::mt19937 rng(20250701);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::function<std::string(int)> gen = [&](int depth) -> std::string {
    if (depth == 0 || pick(4) == 0) {
      static const char* leaves[] = {"a",     "b",    "`c d`", "3",        "-2",         "0.5%",    "2h",
                                     "\"s\"", "null", "true",  "3 months", "2025-07-01", "count()", "sum(x where y)"};
      return leaves[pick(14)];
    }
    std::string l = "(" + gen(depth - 1) + ")", r = "(" + gen(depth - 1) + ")";
    switch (pick(12)) {
      case 0: return l + " or " + r;
      case 1: return l + " and " + r;
      case 2: return "not " + l;
      case 3: return l + " == " + r;
      case 4: return l + " < " + r;
      case 5: return l + " + " + r;
      case 6: return l + " - " + r;
      case 7: return l + " * " + r;
      case 8: return l + " / " + r;
      case 9: return "-" + l;
      case 10: return l + (pick(2) ? " not in " : " in ") + "[" + r + ", 1]";
      default: return l + " deviates " + r + " from " + "(" + gen(depth - 1) + ")";
    }
  };
  for (int i = 0; i < 300; ++i) {
    std::string e = gen(4);
    check_format_properties("indicator x {\n  value " + e + "\n}\n", e);
  }
}

TEST_CASE("fmt: unusual inputs keep their meaning and comments", "[fmt]") {
  const char* inputs[] = {
      // text blocks with content on the opening line, tabs, and a CSV body
      "test t {\n  given s \"\"\"a | b\n     1 | 2\"\"\"\n  given c \"\"\"x,y\n\t1,2\n\t  3,4\n   \"\"\"\n}\n",
      // Windows line endings, no final newline
      "role a {\r\n  from  p   // c\r\n  where x == \"y\"\r\n}\r\n\r\nrole b { from p }",
      // a comment inside entity keys that span lines
      "test t {\n  expect x {\n    a: 1,  // first key\n    b: 2 } == 3\n}\n",
      // everything on one line
      "indicator x { from a; value count(); by b ; every day }\n",
      // doc comment lines with a plain comment between them: only the last group is the doc
      "/// a\n// b\n/// c\nrole x {}\n",
      // empty bands and an empty node body
      "chain c {\n  node a { bands {} }\n  node b {}\n  bands {\n  }\n}\n",
      // letters the formatter does not know, written plain and in backticks
      "source s {\n  שם: string\n  `שם2`: string\n  `λ`: number\n}\n",
      // a test title with escapes, and a label with a line break escape
      "test \"a \\\"b\\\" \\\\ c\" {}\nrole r \"two\\nlines\" {}\n",
      // leading blank lines and redundant parentheses
      "\n\n\n  \nindicator x {\n  value ((((a)))) + (((b) * (c)))\n}\n",
      // trailing comments after nested closing braces
      "alert a {\n  task t {\n    assign x\n  }  // after task\n}  // after alert\n",
      // a comment after a one-line block
      "role r { from p }  // after r\n",
      // a wrapped list that ends with a comment
      "view v {\n  show aaaaaaaaaaaa, bbbbbbbbbbbbbbbb, cccccccccccccccccc, dddddddddddddddddd, eeeeeeeeeeeeeeee,\n"
      "       ffffffffffff  // the last ones\n}\n",
      // property and declaration words used as names
      "source s {\n  system \"x\"\n  system: string\n  evidence: string\n  time: timestamp\n  misses: number\n}\n"
      "chain c { from e; case case; step step; node node { owner owner; when misses misses target } }\n"
      "indicator i { from s; value sum(value) + count(where evidence == actor) + target; by time, `no` }\n"
      "alert alert { when x > 1 for 2 consecutive `for` }\n"
      "test test { expect step step { node: node } node == node\n  expect `step` == 1 }\n",
      // comments between declarations with and without blank lines
      "role a {}\n// about b\n\n// also about b\nrole b {}\n\n\n// end\n",
  };
  for (const char* input : inputs) check_format_properties(input, input);
}

TEST_CASE("fmt: layout rules", "[fmt]") {
  SECTION("a file with syntax errors is returned unchanged") {
    std::string text = "indicator x {\n  from\n}\n";
    auto p = parse(text);
    REQUIRE(p->file.had_syntax_errors);
    CHECK(format(*p) == text);
  }
  SECTION("an empty file stays empty; comments alone are kept") {
    CHECK(fmt_text("") == "");
    CHECK(fmt_text("\n\n") == "");
    CHECK(fmt_text("// a\n\n\n// b   \n") == "// a\n\n// b\n");
  }
  SECTION("declarations are separated by one blank line, and empty blocks close on their line") {
    CHECK(fmt_text("role a {}\n\n\n\nrole b {\n}\nview c { for a }") ==
          "role a {}\n\nrole b {}\n\nview c {\n  for  a\n}\n");
  }
  SECTION("a blank line between a doc comment and its declaration is kept") {
    std::string out = check_format_properties("/// not a doc\n\nrole a {}\n/// a doc\nrole b {}\n", "doc");
    CHECK(out == "/// not a doc\n\nrole a {}\n\n/// a doc\nrole b {}\n");
  }
  SECTION("long conditions wrap after and/or, long lists after commas") {
    std::string cond;
    for (int i = 0; i < 8; ++i) cond += (i ? " and " : "") + std::string("column_") + char('a' + i) + " == \"value\"";
    std::string out = check_format_properties("role r {\n  where " + cond + "\n}\n", "wrap");
    CHECK(out.find("  where  column_a == \"value\" and\n         column_b == \"value\" and\n") != std::string::npos);
    std::string list;
    for (int i = 0; i < 20; ++i) list += (i ? ", " : "") + std::string("indicator_") + std::to_string(i);
    out = check_format_properties("view v {\n  show " + list + "\n}\n", "list");
    CHECK(out.find(",\n        indicator_") != std::string::npos);
    std::stringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) CHECK(line.size() <= 100);
  }
  SECTION("a node goes on one line unless it has comments, bands or does not fit") {
    std::string out = check_format_properties(
        "chain c {\n"
        "  node a \"甲\" {\n    owner x\n  }\n"
        "  node b { owner x // why\n  }\n"
        "  node d { owner x; bands { g <= 1h } }\n"
        "  node e {}\n"
        "}\n",
        "nodes");
    CHECK(out ==
          "chain c {\n"
          "  node a \"甲\" { owner x }\n"
          "  node b {\n    owner  x  // why\n  }\n"
          "  node d {\n    owner  x\n    bands {\n      g  <= 1h\n    }\n  }\n"
          "  node e\n"
          "}\n");
  }
}
