#include "lsp/analysis.h"

#include <cctype>

#include "compiler/syntax/syntax.h"
#include "lsp/uri.h"

namespace jixiao::lsp {

namespace {
// Far beyond any real rule, far below what the server's 256 MB stack survives (measured: 10,000
// nested parentheses need about 30 MB; a chain of 100,000 `+` more than 64 MB).
constexpr int kMaxNesting = 1000;
constexpr int kMaxOperatorsPerStatement = 10000;
}  // namespace

std::string nesting_problem(std::string_view text) {
  int depth = 0, max_depth = 0, operators = 0, max_operators = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      --i;
      continue;
    }
    if (c == '"') {
      bool block = text.compare(i, 3, "\"\"\"") == 0;
      if (block) {
        size_t close = text.find("\"\"\"", i + 3);
        i = close == std::string_view::npos ? text.size() : close + 2;
      } else {
        for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i)
          if (text[i] == '\\') ++i;
      }
      continue;
    }
    switch (c) {
      case '(':
      case '[':
      case '{': max_depth = std::max(max_depth, ++depth); break;
      case ')':
      case ']':
      case '}': depth = std::max(0, depth - 1); break;
      case '+':
      case '-':
      case '*':
      case '/':
      case '<':
      case '>':
      case '=':
      case ',': max_operators = std::max(max_operators, ++operators); break;
      case 'a':
      case 'o':
      case 'n':  // and, or, not
        if ((i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]))) &&
            (text.compare(i, 4, "and ") == 0 || text.compare(i, 3, "or ") == 0 || text.compare(i, 4, "not ") == 0))
          max_operators = std::max(max_operators, ++operators);
        break;
      case '\n':
        // A statement ends at a line break outside brackets; a wrapped one goes on (counted as one).
        if (depth == 0 && i > 0 && std::string_view("+-*/<>=,(").find(text[i - 1]) == std::string_view::npos)
          operators = 0;
        break;
      case ';': operators = 0; break;
      default: break;
    }
  }
  if (max_depth > kMaxNesting)
    return "brackets nest " + std::to_string(max_depth) +
           " levels deep; the language server checks files nested at most " + std::to_string(kMaxNesting) + " levels";
  if (max_operators > kMaxOperatorsPerStatement)
    return "one property has more than " + std::to_string(kMaxOperatorsPerStatement) +
           " operators; the language server does not check a file this large";
  return "";
}

std::optional<FileId> Snapshot::file_of(const std::string& uri) const {
  auto it = by_uri_.find(uri);
  if (it != by_uri_.end()) return it->second;
  // Clients may spell the same file differently (percent-encoding case, `file:///a/./b`).
  std::string path = uri_to_path(uri);
  if (!path.empty())
    for (FileId id = 0; id < files.size(); ++id)
      if (files[id].key == std::filesystem::path(path).lexically_normal().string()) return id;
  return std::nullopt;
}

std::shared_ptr<const Snapshot> Analyzer::analyze(std::vector<FileInput> files, uint64_t revision) {
  auto snap = std::make_shared<Snapshot>();
  snap->revision = revision;
  snap->project = std::make_unique<CheckedProject>();
  auto& project = *snap->project;
  project.sources = std::make_unique<SourceSet>();
  for (auto& f : files) project.sources->add(f.key, f.text);

  // The same phases as the front-end's check_sources (compiler/frontend/frontend.cpp), with each
  // file's parse kept while its text and place in the project stay the same.
  std::map<std::string, Parsed> next;
  std::vector<ast::File> asts;
  for (FileId id = 0; id < files.size(); ++id) {
    auto it = cache_.find(files[id].key);
    Parsed parsed;
    if (it != cache_.end() && it->second.id == id && it->second.text == files[id].text) {
      parsed = std::move(it->second);
    } else {
      parsed.text = files[id].text;
      parsed.id = id;
      parsed.not_parsed = nesting_problem(files[id].text);
      DiagnosticSink diags;
      if (parsed.not_parsed.empty()) {
        parsed.file = syntax::parse_file(*project.sources, id, diags);
      } else {
        parsed.file.id = id;
        parsed.file.had_syntax_errors = true;
      }
      parsed.diags = diags.all();
    }
    asts.push_back(parsed.file);
    for (auto& d : parsed.diags) project.diags.report(*d.kind, d.span, d.message).notes = d.notes;
    snap->syntax_errors.push_back(parsed.file.had_syntax_errors);
    snap->not_parsed.push_back(parsed.not_parsed);
    next.emplace(files[id].key, std::move(parsed));
  }
  cache_ = std::move(next);
  project.program = check::check_program(*project.sources, std::move(asts), project.diags);
  project.diags.sort();

  for (FileId id = 0; id < files.size(); ++id) snap->by_uri_[files[id].uri] = id;
  snap->files = std::move(files);
  snap->index = SymbolIndex::build(project.program, *project.sources);
  return snap;
}

}  // namespace jixiao::lsp
