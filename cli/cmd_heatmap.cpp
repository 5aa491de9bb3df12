#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "compiler/diagnostics/diagnostics.h"
#include "report/heatmap.h"
#include "runtime/heatmap.h"

namespace jixiao::cli {

namespace {

struct HeatmapOptions {
  std::string path;
  std::string chain;
  DataOptions data;
  std::string svg;
  std::string html;
  std::string by = "case";
  bool color = false;
  bool no_color = false;
};

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  if (!f) return false;
  f << text;
  f.close();
  return static_cast<bool>(f);
}

}  // namespace

Command add_heatmap(CLI::App& app) {
  auto o = std::make_shared<HeatmapOptions>();
  auto* sub =
      app.add_subcommand("heatmap", "A chain's case x node grid coloured by band (terminal colours, SVG or HTML)");
  sub->add_option("path", o->path, "project folder or .perf file")->required();
  sub->add_option("chain", o->chain, "the chain's name")->required();
  add_data_options(sub, o->data);
  auto* svg = sub->add_option("--svg", o->svg, "write a self-contained SVG to this file");
  auto* html = sub->add_option("--html", o->html, "write a self-contained HTML page to this file");
  svg->excludes(html);
  sub->add_option("--by", o->by, "case: one row per case; week: one row per week of started_at, average times")
      ->check(CLI::IsMember({"case", "week"}))
      ->capture_default_str();
  auto* color = sub->add_flag("--color", o->color, "colour the terminal view even when stdout is not a terminal");
  auto* no_color = sub->add_flag("--no-color", o->no_color, "no colours in the terminal view (cells name their band)");
  color->excludes(no_color);
  return [o]() -> int {
    int code = 0;
    auto project = load_and_report(o->path, "text", code);
    if (!project) return code;
    // Find the chain before loading any data, so that a typo fails fast.
    const check::ChainInfo* info = nullptr;
    std::vector<std::string> names;
    for (const auto& c : project->program.chains) {
      if (!c.decl) continue;
      names.push_back(c.decl->h.name.text);
      if (c.decl->h.name.text == o->chain) info = &c;
    }
    if (!info) {
      std::string guess = closest_name(o->chain, names);
      std::cerr << "error: no chain `" << o->chain << "` in " << o->path;
      if (!guess.empty())
        std::cerr << "; did you mean `" << guess << "`?";
      else if (!names.empty()) {
        std::cerr << " (its chains:";
        for (const auto& n : names) std::cerr << " " << n;
        std::cerr << ")";
      } else {
        std::cerr << " (it declares no chain)";
      }
      std::cerr << "\n";
      return 2;
    }
    std::string title = info->decl->h.label.value_or("");

    auto ev = evaluate(*project, o->data, code, /*report_ingest=*/true);
    if (!ev) return code;
    const plan::ChainPlan* chain = nullptr;
    for (const auto& c : ev->plan.chains)
      if (c.name == o->chain) chain = &c;
    if (!chain || chain->table < 0) {
      std::cerr << "error: chain `" << o->chain << "` could not be computed\n";
      return 3;
    }
    const rt::Table& steps = ev->data.tables[chain->table];
    if (steps.rows() == 0) {
      std::string source = chain->from_table >= 0 ? ev->plan.tables[chain->from_table].name : "?";
      std::cout << "chain `" << o->chain << "` has no cases: source `" << source << "` has no events up to "
                << rt::format_timestamp(ev->as_of, ev->tz) << "; nothing to draw\n";
      return 0;
    }
    rt::heatmap::Grid grid = o->by == "week" ? rt::heatmap::week_grid(*chain, steps, title, ev->tz, ev->as_of)
                                             : rt::heatmap::case_grid(*chain, steps, title, ev->tz, ev->as_of);
    if (grid.rows.empty()) {  // --by week and no row has a start
      std::cout << "chain `" << o->chain << "` has no rows with a start time; nothing to draw by week\n";
      return 0;
    }
    if (!o->svg.empty() || !o->html.empty()) {
      const std::string& file = o->svg.empty() ? o->html : o->svg;
      std::string text = o->svg.empty() ? report::heatmap::render_html(grid) : report::heatmap::render_svg(grid);
      if (!write_file(file, text)) {
        std::cerr << "error: cannot write " << file << "\n";
        return 2;
      }
      std::cerr << "heatmap written to " << file << "\n";
      return 0;
    }
    report::heatmap::TerminalOptions to;
    const char* no_color_env = std::getenv("NO_COLOR");
    to.color = o->color || (!o->no_color && isatty(STDOUT_FILENO) && !(no_color_env && *no_color_env));
    std::cout << report::heatmap::render_terminal(grid, to);
    return 0;
  };
}

}  // namespace jixiao::cli
