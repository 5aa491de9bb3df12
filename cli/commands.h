// The subcommands of `jixiao`. Each registers its options on the app and returns the exit code
// (CLI.md: 0 success, 1 the input has errors, 2 bad usage, 3 internal error).
#pragma once
#include <CLI/CLI.hpp>
#include <functional>

namespace jixiao::cli {

using Command = std::function<int()>;

Command add_check(CLI::App& app);
Command add_run(CLI::App& app);

}  // namespace jixiao::cli
