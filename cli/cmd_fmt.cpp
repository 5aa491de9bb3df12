#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "compiler/ast/format.h"
#include "compiler/frontend/frontend.h"
#include "compiler/source/file_text.h"
#include "compiler/syntax/syntax.h"

namespace jixiao::cli {

namespace {

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
  bool diff = false;
};

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// A unified diff of two texts (common prefix and suffix trimmed, LCS on the rest), enough for
// reviewing what `fmt` would change.
std::string unified_diff(const std::string& path, const std::string& a_text, const std::string& b_text) {
  auto a = split_lines(a_text), b = split_lines(b_text);
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  std::vector<std::string> body;
  if (n * m <= 4'000'000) {
    std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        lcs[i][j] = a[pre + i] == b[pre + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i] == b[pre + j]) {
        body.push_back(" " + a[pre + i]);
        ++i;
        ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        body.push_back("-" + a[pre + i]);
        ++i;
      } else {
        body.push_back("+" + b[pre + j]);
        ++j;
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) body.push_back("-" + a[pre + i]);
    for (size_t j = 0; j < m; ++j) body.push_back("+" + b[pre + j]);
  }
  // Three lines of context around the changed region.
  size_t ctx_before = std::min<size_t>(3, pre), ctx_after = std::min<size_t>(3, suf);
  std::string out = fmt::format("--- {}\n+++ {} (formatted)\n@@ -{},{} +{},{} @@\n", path, path, pre - ctx_before + 1,
                                n + ctx_before + ctx_after, pre - ctx_before + 1, m + ctx_before + ctx_after);
  for (size_t k = pre - ctx_before; k < pre; ++k) out += " " + a[k] + "\n";
  for (auto& l : body) out += l + "\n";
  for (size_t k = 0; k < ctx_after; ++k) out += " " + a[a.size() - suf + k] + "\n";
  return out;
}

}  // namespace

Command add_fmt(CLI::App& app) {
  auto o = std::make_shared<FmtOptions>();
  auto* sub = app.add_subcommand("fmt", "Rewrite .perf files in canonical form (idempotent, keeps every comment)");
  sub->add_option("paths", o->paths, "files or folders (default: the current folder)");
  sub->add_flag("--check", o->check, "change nothing; exit 1 when a file would change");
  sub->add_flag("--diff", o->diff, "change nothing; show what would change (exit 1 when something would)");
  return [o]() -> int {
    if (o->paths.empty()) o->paths.push_back(".");
    bool would_change = false, had_errors = false;
    for (const auto& root : o->paths) {
      std::error_code ec;
      if (!std::filesystem::exists(root, ec)) {
        std::cerr << "error: no such file or folder: " << root << "\n";
        return 2;
      }
      for (const auto& path : find_perf_files(root)) {
        std::string text = read_file(path).value_or("");
        SourceSet sources;
        FileId id = sources.add(path.string(), text);
        DiagnosticSink diags;
        ast::File file = syntax::parse_file(sources, id, diags);
        if (diags.has_errors()) {
          // A file that does not parse is left as it is: formatting it could lose what was meant.
          for (auto& d : diags.all()) std::cerr << render_text(d, sources) << "\n";
          std::cerr << "error: " << path.string() << " has syntax errors; it was not formatted\n";
          had_errors = true;
          continue;
        }
        std::string formatted = ast::format_file(file, sources.file(id));
        if (formatted == text) continue;
        would_change = true;
        if (o->diff)
          std::cout << unified_diff(path.string(), text, formatted);
        else if (o->check)
          std::cout << "would reformat " << path.string() << "\n";
        else {
          std::ofstream out(path, std::ios::binary | std::ios::trunc);
          out << formatted;
          if (!out) {
            std::cerr << "error: cannot write " << path.string() << "\n";
            return 2;
          }
          std::cerr << "formatted " << path.string() << "\n";
        }
      }
    }
    if (had_errors) return 1;
    return (o->check || o->diff) && would_change ? 1 : 0;
  };
}

}  // namespace jixiao::cli
