// `jixiao dump plan PATH`: the evaluation plans of a checked project as text (compiler/plan/plan_text.h),
// what the interpreter and the JIT execute; `jixiao dump ast PATH`: what the parser made of each file
// (compiler/ast/ast_text.h), also when the checker finds errors. For debugging a rule and for golden
// tests of parsing and lowering.
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "compiler/ast/ast_text.h"
#include "compiler/plan/lower.h"
#include "compiler/plan/plan_text.h"

namespace jixiao::cli {

namespace {
struct DumpOptions {
  std::string path = ".";
};
}  // namespace

Command add_dump(CLI::App& app) {
  auto opts = std::make_shared<DumpOptions>();
  auto* dump = app.add_subcommand("dump", "Show what the compiler made of a project");
  auto* plan =
      dump->add_subcommand("plan", "The evaluation plans: tables, chains, indicators and alerts as typed expressions");
  plan->add_option("path", opts->path, "project folder or .perf file")->capture_default_str();
  auto* ast = dump->add_subcommand(
      "ast", "The syntax tree of each file: declarations, properties and expressions with positions");
  ast->add_option("path", opts->path, "project folder or .perf file")->capture_default_str();
  dump->require_subcommand(1);
  return [opts, ast]() {
    int code = 0;
    if (ast->parsed()) {
      // The tree is shown even when the checker rejects the project: that is when one reads it.
      auto project = load_and_report(opts->path, "text", code, /*summary=*/false, /*keep_on_errors=*/true);
      if (!project) return code;
      for (const ast::File& f : project->program.files) std::cout << ast::ast_text(f, *project->sources);
      return code;
    }
    auto project = load_and_report(opts->path, "text", code);
    if (!project) return code;
    std::cout << plan::plan_text(plan::lower(project->program));
    return 0;
  };
}

}  // namespace jixiao::cli
