#include "cli/commands.h"
#include "cli/common.h"

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
    int code = 0;
    auto project = load_and_report(opts->path, opts->format, code, /*summary=*/true);
    return code;
  };
}

}  // namespace jixiao::cli
