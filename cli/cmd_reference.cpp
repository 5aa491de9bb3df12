// `jixiao reference`: the builtin and diagnostic tables of the language reference, generated from the
// registries so that docs/language-reference.md stays in step with the code (a test compares them).
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "compiler/frontend/all_diagnostics.h"
#include "stdlib/builtins.h"

namespace jixiao::cli {

namespace {
std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}
const char* family_name(stdlib::BuiltinFamily f) {
  switch (f) {
    case stdlib::BuiltinFamily::Aggregate: return "aggregate";
    case stdlib::BuiltinFamily::Scalar: return "scalar";
    case stdlib::BuiltinFamily::Series: return "alert series";
  }
  return "";
}
}  // namespace

std::string builtins_markdown() {
  std::string out = "| function | kind | what it gives | example |\n|---|---|---|---|\n";
  for (const auto& b : stdlib::builtins())
    out += "| `" + cell(b.signature) + "` | " + family_name(b.family) + " | " + cell(b.doc) + " | `" + cell(b.example) +
           "` |\n";
  return out;
}

std::string diagnostics_markdown() {
  auto kinds = all_diagnostic_kinds();
  std::sort(kinds.begin(), kinds.end(), [](auto* a, auto* b) { return a->code < b->code; });
  std::string out = "| code | severity | name | when |\n|---|---|---|---|\n";
  for (auto* k : kinds)
    out += "| " + std::string(k->code) + " | " + (k->severity == Severity::Error ? "error" : "warning") + " | " +
           std::string(k->name) + " | " + cell(k->summary) + " |\n";
  return out;
}

Command add_reference(CLI::App& app) {
  auto what = std::make_shared<std::string>("builtins");
  auto* sub =
      app.add_subcommand("reference", "Print the builtin functions or the diagnostic codes as a Markdown table");
  sub->add_option("what", *what, "builtins or diagnostics")
      ->check(CLI::IsMember({"builtins", "diagnostics"}))
      ->capture_default_str();
  return [what]() {
    std::cout << (*what == "builtins" ? builtins_markdown() : diagnostics_markdown());
    return 0;
  };
}

}  // namespace jixiao::cli
