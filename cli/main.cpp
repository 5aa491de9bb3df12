#include <cstdio>
#include <exception>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "jixiao: performance rules as code. Compile `.perf` projects, run them over event data, explain every score."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "jixiao 0.1.0");
  std::vector<std::pair<CLI::App*, jixiao::cli::Command>> commands;
  auto add = [&](jixiao::cli::Command (*adder)(CLI::App&)) {
    size_t before = app.get_subcommands({}).size();
    auto cmd = adder(app);
    commands.emplace_back(app.get_subcommands({})[before], std::move(cmd));
  };
  add(jixiao::cli::add_check);
  add(jixiao::cli::add_fmt);
  add(jixiao::cli::add_run);
  add(jixiao::cli::add_explain);
  add(jixiao::cli::add_test);
  add(jixiao::cli::add_heatmap);
  add(jixiao::cli::add_reference);
  add(jixiao::cli::add_lsp);
  add(jixiao::cli::add_dump);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) { return app.exit(e); } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) { return app.exit(e); } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  try {
    for (auto& [sub, cmd] : commands)
      if (sub->parsed()) return cmd();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error (a bug in jixiao, please report it): %s\n", e.what());
    return 3;
  }
  return 2;
}
