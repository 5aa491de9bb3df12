// The front-end as one call: find a project's `.perf` files, parse and check them together.
// Shared by every CLI subcommand and the language server.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "compiler/check/check.h"
#include "compiler/diagnostics/diagnostics.h"

namespace jixiao {

struct CheckedProject {
  std::filesystem::path root;  // the project folder
  std::unique_ptr<SourceSet> sources;  // stable address: the program points into it
  check::Program program;
  DiagnosticSink diags;
};

// Every `*.perf` file below `path` (or `path` itself when it is a file), in a stable order.
// Paths in diagnostics are relative to the current directory when possible.
std::vector<std::filesystem::path> find_perf_files(const std::filesystem::path& path);

// Reads, parses and checks. An unreadable path is reported as an error result, not a diagnostic.
struct LoadError {
  std::string message;
};
std::unique_ptr<CheckedProject> load_project(const std::filesystem::path& path, LoadError* error);

// Parses and checks text held in memory (tests, the language server).
std::unique_ptr<CheckedProject> check_texts(const std::vector<std::pair<std::string, std::string>>& path_and_text);

}  // namespace jixiao
