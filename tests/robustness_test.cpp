// No input, however malformed, may crash or hang the front-end (docs/language-reference.md, diagnostics), and
// malformed input must be reported. These tests feed `check_texts` random bytes, random token soup, every
// golden input cut short, pathological nesting and encodings, and check that it returns with an error.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "compiler/frontend/frontend.h"
#include "compiler/source/file_text.h"

namespace fs = std::filesystem;
using namespace jixiao;

namespace {

std::string read(const fs::path& p) { return read_file(p).value_or(""); }

std::unique_ptr<CheckedProject> check_one(const std::string& text) { return check_texts({{"robust.perf", text}}); }

bool has_code(const CheckedProject& p, std::string_view code) {
  for (auto& d : p.diags.all())
    if (d.kind->code == code) return true;
  return false;
}

// Text that is only whitespace and `//` comments: a valid, empty project.
bool blank_or_comments(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t b = line.find_first_not_of(" \t\r\f");
    if (b != std::string::npos && line.compare(b, 2, "//") != 0) return false;
  }
  return true;
}

// Open `{` blocks at the end of `text`, skipping strings, text blocks and comments.
int open_blocks(const std::string& text) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.compare(i, 3, "\"\"\"") == 0) {
      size_t end = text.find("\"\"\"", i + 3);
      if (end == std::string::npos) return depth;  // an unterminated text block is an error of its own
      i = end + 2;
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && depth > 0) {
      --depth;
    }
  }
  return depth;
}

std::vector<fs::path> golden_inputs() {
  std::vector<fs::path> out;
  for (const char* dir : {"check", "fmt"})
    for (auto& e : fs::directory_iterator(fs::path(JIXIAO_SOURCE_DIR) / "tests" / "golden" / dir))
      if (e.path().extension() == ".perf") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

const char* const kSource =
    "source inspections \"电芯抽检记录\" {\n"
    "  time      inspected_at\n"
    "  evidence  record_id\n"
    "  record_id:     string  required\n"
    "  inspected_at:  timestamp required\n"
    "  temperature:   number\n"
    "}\n";

std::string indicator_with_value(const std::string& value) {
  return std::string(kSource) + "indicator peak \"峰值\" {\n  from inspections\n  value " + value + "\n}\n";
}

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("random bytes never crash the front-end and are reported", "[robustness]") {
  std::mt19937 rng(20250701);
  for (int round = 0; round < 300; ++round) {
    std::uniform_int_distribution<size_t> length(1, 600);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string text(length(rng), '\0');
    for (char& c : text) c = static_cast<char>(byte(rng));
    INFO("round " << round);
    auto project = check_one(text);
    REQUIRE(project);
    if (!blank_or_comments(text)) CHECK(project->diags.has_errors());
  }
}

TEST_CASE("random token soup never crashes the front-end", "[robustness]") {
  // Words and symbols of the language, so that the parser and the checker get far into the input.
  static const std::vector<std::string> words = {"source",      "indicator",
                                                 "chain",       "alert",
                                                 "view",        "role",
                                                 "calendar",    "channel",
                                                 "test",        "project",
                                                 "from",        "where",
                                                 "value",       "by",
                                                 "every",       "unit",
                                                 "target",      "owner",
                                                 "evidence",    "at",
                                                 "least",       "sample",
                                                 "node",        "within",
                                                 "when",        "bands",
                                                 "for",         "consecutive",
                                                 "deviates",    "misses",
                                                 "baseline",    "previous",
                                                 "delta",       "count",
                                                 "sum",         "share",
                                                 "percentile",  "if",
                                                 "and",         "or",
                                                 "not",         "in",
                                                 "is",          "null",
                                                 "true",        "result",
                                                 "NG",          "inspections",
                                                 "defect_rate", "电芯",
                                                 "`a b`",       "42",
                                                 "0.8%",        "2h",
                                                 "2min",        "3 months",
                                                 "\"NG\"",      "\"\\q\"",
                                                 "\"open",      "\"\"\"\n a | b\n 1 | 2\n\"\"\"",
                                                 "2025-07-01",  "2025-02-30T25:00",
                                                 "09:00",       "(",
                                                 ")",           "[",
                                                 "]",           "{",
                                                 "}",           ",",
                                                 ":",           ";",
                                                 "..",          "==",
                                                 "!=",          "<=",
                                                 ">",           "+",
                                                 "-",           "*",
                                                 "/",           "&&",
                                                 "#",           "\n",
                                                 "\n",          "\n",
                                                 " ",           "  ",
                                                 "//",          "///"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, words.size() - 1);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    std::uniform_int_distribution<int> length(1, 200);
    for (int n = length(rng); n > 0; --n) {
      const std::string& w = words[pick(rng)];
      text += w;
      if (w.back() != '\n') text += ' ';  // keep declaration words after a line break in the first column
    }
    INFO("round " << round << ":\n" << text);
    auto project = check_one(text);
    REQUIRE(project);
  }
}

TEST_CASE("every golden input cut short is checked without a crash", "[robustness]") {
  auto inputs = golden_inputs();
  REQUIRE(!inputs.empty());
  for (auto& input : inputs) {
    std::string text = read(input);
    for (size_t cut = 0; cut < text.size(); cut += 7) {
      std::string prefix = text.substr(0, cut);
      INFO(input.filename().string() << " cut at byte " << cut);
      auto project = check_one(prefix);
      REQUIRE(project);
      // A declaration cut inside its block is always an error.
      if (open_blocks(prefix) > 0) CHECK(project->diags.has_errors());
    }
  }
}

TEST_CASE("deep nesting is refused with a diagnostic, not a stack overflow", "[robustness]") {
  SECTION("10,000 parentheses") {
    auto project = check_one(indicator_with_value(repeat("(", 10000) + "max(temperature)" + repeat(")", 10000)));
    CHECK(has_code(*project, "E0013"));
  }
  SECTION("10,000 brackets") {
    auto project = check_one(
        indicator_with_value("count(where temperature in " + repeat("[", 10000) + "1" + repeat("]", 10000) + ")"));
    CHECK(has_code(*project, "E0013"));
  }
  SECTION("10,000 parentheses never closed") {
    auto project = check_one(indicator_with_value(repeat("(", 10000)));
    CHECK(has_code(*project, "E0013"));
  }
  SECTION("100,000 prefix operators") {
    CHECK(has_code(*check_one(indicator_with_value(repeat("-", 100000) + "max(temperature)")), "E0013"));
    CHECK(has_code(*check_one(indicator_with_value(repeat("not ", 100000) + "true")), "E0013"));
  }
  SECTION("an operator chain of 100,000 terms") {
    std::string terms = "max(temperature)" + repeat(" + max(temperature)", 100000);
    CHECK(has_code(*check_one(indicator_with_value(terms)), "E0013"));
  }
  SECTION("nesting within the limit still checks") {
    auto project = check_one(indicator_with_value(repeat("(", 50) + "max(temperature)" + repeat(")", 50)));
    CHECK(project->diags.all().empty());
  }
  SECTION("a long list is not nesting") {
    std::string list = "1";
    for (int i = 2; i <= 5000; ++i) list += ", " + std::to_string(i);
    auto project = check_one(indicator_with_value("count(where temperature in [" + list + "])"));
    CHECK(project->diags.all().empty());
  }
}

TEST_CASE("a file of 100,000 opening braces is reported", "[robustness]") {
  auto project = check_one(repeat("{", 100000));
  CHECK(project->diags.has_errors());
  auto inside = check_one("source s {" + repeat("{", 100000));
  CHECK(inside->diags.has_errors());
  auto lines = check_one(repeat("{\n", 100000));
  CHECK(lines->diags.has_errors());
}

TEST_CASE("invalid utf-8 is reported wherever it appears", "[robustness]") {
  const std::vector<std::string> bad = {
      "\xff",  // never valid
      "\x80",  // a lone continuation byte
      "\xc3",  // a sequence cut short
      "\xe7\x94",  // a CJK character cut short
      "\xc0\xaf",  // an overlong `/`
      "\xed\xa0\x80",  // a UTF-16 surrogate
      "\xf4\x90\x80\x80",  // beyond U+10FFFF
      "\xb5\xe7\xd0\xbe",  // GBK, the usual culprit
  };
  for (const auto& b : bad) {
    for (const std::string& text :
         {b, "// 注释 " + b + "\n", std::string(kSource).insert(20, b),
          indicator_with_value("count(where record_id == \"" + b + "\")"), "source s" + b + " {\n  a: string\n}\n"}) {
      INFO("text: " << text);
      auto project = check_one(text);
      CHECK(has_code(*project, "E0001"));
    }
  }
}

TEST_CASE("an empty file and a file of comments are a valid, empty project", "[robustness]") {
  for (const std::string& text :
       {std::string(), std::string("\n\n\n"), std::string("   \t \r\n"),
        std::string("// 电池厂规则\n/// 文档注释\n// 最后一行没有换行"), std::string("\xef\xbb\xbf")}) {
    INFO("text: " << text);
    auto project = check_one(text);
    CHECK(project->diags.all().empty());
    CHECK(project->program.indicators.empty());
  }
}

TEST_CASE("JX_CHECK: a broken invariant is an InternalError naming its file and line", "[errors]") {
  int calls = 0;
  auto condition = [&] { return ++calls == 1; };
  CHECK_NOTHROW(JX_CHECK(condition(), "not thrown"));
  try {
    JX_CHECK(condition(), "the second call fails");
    FAIL("JX_CHECK did not throw");
  } catch (const jixiao::InternalError& e) {
    const std::string what = e.what();
    CHECK(what.find("robustness_test.cpp:") != std::string::npos);
    CHECK(what.find(": the second call fails") != std::string::npos);
  }
  CHECK(calls == 2);  // the condition is evaluated once per check
  CHECK_THROWS_AS(JX_UNREACHABLE("never"), jixiao::InternalError);
  // A user's failure is not a bug: it carries the exit code of whose move it is.
  CHECK(jixiao::ArgumentError("no such folder").exit_code == 2);
}
