#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "testing/test_runner.h"

namespace jixiao::cli {

Command add_test(CLI::App& app) {
  auto path = std::make_shared<std::string>(".");
  auto filter = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("test", "Run the project's test blocks; ends with `N passed, M failed`");
  sub->add_option("path", *path, "project folder or .perf file")->capture_default_str();
  sub->add_option("--filter", *filter, "run only tests whose title contains this text");
  return [path, filter]() -> int {
    int code = 0;
    auto project = load_and_report(*path, "text", code);
    if (!project) return code;
    auto outcomes = testing::run_tests(*project, *filter);
    size_t passed = 0, failed = 0;
    for (auto& t : outcomes) {
      if (t.passed()) {
        ++passed;
        std::cout << "ok      " << t.title << "  (" << t.where << ")\n";
        continue;
      }
      ++failed;
      std::cout << "FAILED  " << t.title << "  (" << t.where << ")\n";
      if (!t.error.empty()) std::cout << "  " << t.error << (t.error.back() == '\n' ? "" : "\n");
      for (auto& f : t.failures) std::cout << "  " << f.where << ": " << f.expect << "\n      " << f.detail << "\n";
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed > 0 ? 1 : 0;
  };
}

}  // namespace jixiao::cli
