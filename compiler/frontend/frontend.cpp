#include "compiler/frontend/frontend.h"

#include <algorithm>

#include "compiler/source/file_text.h"
#include "compiler/syntax/syntax.h"

namespace jixiao {

namespace fs = std::filesystem;

std::vector<fs::path> find_perf_files(const fs::path& path) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return {path};
  for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end; it != end;
       it.increment(ec)) {
    if (ec) break;
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (it->is_directory(ec) && (name == "node_modules" || (name.size() > 1 && name[0] == '.'))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && p.extension() == ".perf") out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {
std::string display_path(const fs::path& p) {
  std::error_code ec;
  fs::path rel = fs::relative(p, fs::current_path(ec), ec);
  if (ec || rel.empty() || rel.native().rfind("..", 0) == 0) return p.lexically_normal().string();
  return rel.string();
}

std::unique_ptr<CheckedProject> check_sources(std::unique_ptr<CheckedProject> project) {
  std::vector<ast::File> files;
  for (FileId id = 0; id < project->sources->size(); ++id)
    files.push_back(syntax::parse_file(*project->sources, id, project->diags));
  project->program = check::check_program(*project->sources, std::move(files), project->diags);
  project->diags.sort();
  return project;
}
}  // namespace

std::unique_ptr<CheckedProject> load_project(const fs::path& path, LoadError* error) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (error) error->message = "no such file or folder: " + path.string();
    return nullptr;
  }
  auto project = std::make_unique<CheckedProject>();
  project->root = fs::is_directory(path, ec) ? path : path.parent_path();
  project->sources = std::make_unique<SourceSet>();
  for (const auto& file : find_perf_files(path)) {
    auto text = read_file(file);
    if (!text) {
      if (error) error->message = "cannot read " + file.string();
      return nullptr;
    }
    project->sources->add(display_path(file), *text);
  }
  return check_sources(std::move(project));
}

std::unique_ptr<CheckedProject> check_texts(const std::vector<std::pair<std::string, std::string>>& path_and_text) {
  auto project = std::make_unique<CheckedProject>();
  project->sources = std::make_unique<SourceSet>();
  for (auto& [path, text] : path_and_text) project->sources->add(path, text);
  return check_sources(std::move(project));
}

}  // namespace jixiao
