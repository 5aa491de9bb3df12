// The subcommands of `jixiao`. Each registers its options on the app and returns the exit code
// (docs/cli.md: 0 success, 1 the input has errors, 2 bad usage, 3 internal error).
#pragma once
#include <CLI/CLI.hpp>
#include <functional>

namespace jixiao::cli {

using Command = std::function<int()>;

Command add_check(CLI::App& app);
Command add_run(CLI::App& app);
Command add_explain(CLI::App& app);
Command add_reference(CLI::App& app);
Command add_lsp(CLI::App& app);
Command add_fmt(CLI::App& app);
Command add_test(CLI::App& app);
Command add_heatmap(CLI::App& app);
Command add_dump(CLI::App& app);
std::string builtins_markdown();
std::string diagnostics_markdown();

}  // namespace jixiao::cli
