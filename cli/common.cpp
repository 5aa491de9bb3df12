#include "cli/common.h"

#include <unistd.h>

#include <iostream>

namespace jixiao::cli {

std::unique_ptr<CheckedProject> load_and_report(const std::string& path, const std::string& format, int& exit_code,
                                                bool summary) {
  LoadError err;
  auto project = load_project(path, &err);
  if (!project) {
    std::cerr << "error: " << err.message << "\n";
    exit_code = 2;
    return nullptr;
  }
  bool color = format == "text" && isatty(STDERR_FILENO);
  for (const auto& d : project->diags.all()) {
    if (format == "json") std::cerr << render_json(d, *project->sources) << "\n";
    else std::cerr << render_text(d, *project->sources, color) << "\n";
  }
  size_t files = project->sources->size();
  if (files == 0) std::cerr << "warning: no .perf files found in " << path << "\n";
  if (summary && format == "text") {
    if (project->diags.all().empty())
      std::cerr << "checked " << files << " file" << (files == 1 ? "" : "s") << ": no problems\n";
    else
      std::cerr << "checked " << files << " file" << (files == 1 ? "" : "s") << ": " << project->diags.error_count()
                << " error(s), " << project->diags.warning_count() << " warning(s)\n";
  }
  if (project->diags.has_errors()) {
    exit_code = 1;
    return nullptr;
  }
  exit_code = 0;
  return project;
}

std::optional<rt::Micros> parse_as_of(const std::string& text, const rt::TimeZone& tz) {
  if (auto t = rt::parse_timestamp(text, tz)) return t;
  if (auto d = rt::parse_date(text)) return tz.from_local(int64_t(*d) * rt::kMicrosPerDay);
  return std::nullopt;
}

}  // namespace jixiao::cli
