#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "compiler/frontend/frontend.h"

namespace jixiao::cli {

namespace {
struct CheckOptions {
  std::string path = ".";
  std::string format = "text";
};
}  // namespace

Command add_check(CLI::App& app) {
  auto opts = std::make_shared<CheckOptions>();
  auto* sub = app.add_subcommand("check", "Parse and check a project folder or file; diagnostics go to stderr");
  sub->add_option("path", opts->path, "project folder or .perf file")->capture_default_str();
  sub->add_option("--format", opts->format, "text or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [opts]() {
    LoadError err;
    auto project = load_project(opts->path, &err);
    if (!project) {
      std::cerr << "error: " << err.message << "\n";
      return 2;
    }
    bool color = opts->format == "text" && isatty(STDERR_FILENO);
    for (const auto& d : project->diags.all()) {
      if (opts->format == "json") std::cerr << render_json(d, *project->sources) << "\n";
      else std::cerr << render_text(d, *project->sources, color) << "\n";
    }
    if (opts->format == "text") {
      size_t files = project->sources->size();
      if (project->diags.all().empty())
        std::cerr << "checked " << files << " file" << (files == 1 ? "" : "s") << ": no problems\n";
      else
        std::cerr << "checked " << files << " file" << (files == 1 ? "" : "s") << ": " << project->diags.error_count()
                  << " error(s), " << project->diags.warning_count() << " warning(s)\n";
    }
    return project->diags.has_errors() ? 1 : 0;
  };
}

}  // namespace jixiao::cli
