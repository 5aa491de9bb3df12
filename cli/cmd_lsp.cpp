#include <csignal>
#include <iostream>

#include "cli/commands.h"
#include "lsp/stdio_loop.h"

namespace jixiao::cli {

namespace {
struct LspOptions {
  int debounce_ms = 200;
};
}  // namespace

Command add_lsp(CLI::App& app) {
  auto o = std::make_shared<LspOptions>();
  auto* sub = app.add_subcommand("lsp", "The language server (LSP 3.17) on stdin/stdout, for editors");
  sub->add_option("--debounce-ms", o->debounce_ms, "quiet time after an edit before diagnostics are published")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  return [o]() -> int {
    // An editor that goes away closes the pipe; writing then must end the loop, not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    std::ios::sync_with_stdio(false);
    lsp::ServerOptions options;
    options.debounce = std::chrono::milliseconds(o->debounce_ms);
    return lsp::run_stdio(std::cin, std::cout, options);
  };
}

}  // namespace jixiao::cli
