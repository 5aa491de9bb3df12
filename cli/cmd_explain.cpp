// `jixiao explain`: parses the options, finds the value asked for, and prints report/explain.h's
// explanation of it as text or JSON.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>

#include "cli/commands.h"
#include "cli/common.h"
#include "compiler/plan/plan.h"
#include "report/explain.h"

namespace jixiao::cli {

namespace {

struct ExplainOptions {
  std::string path;
  std::string indicator;
  std::string entity;
  std::string period;
  DataOptions data;
  std::string format = "text";
};

// The entity as key=value pairs; nullopt (the error printed) when a pair has no `=`.
std::optional<std::map<std::string, std::string>> parse_entity(const std::string& text) {
  std::map<std::string, std::string> wanted;
  for (size_t pos = 0; pos < text.size();) {
    size_t comma = text.find(',', pos);
    std::string part = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    size_t eq = part.find('=');
    if (eq == std::string::npos) {
      std::cerr << "error: --entity takes key=value pairs separated by commas, e.g. batch_id=B1\n";
      return std::nullopt;
    }
    wanted[part.substr(0, eq)] = part.substr(eq + 1);
    pos = comma == std::string::npos ? text.size() : comma + 1;
  }
  return wanted;
}

// False (the error printed) when the entity names a column the indicator is not computed by.
bool keys_known(const plan::IndicatorPlan& ip, const std::map<std::string, std::string>& wanted) {
  for (auto& [k, v] : wanted) {
    if (std::find(ip.key_names.begin(), ip.key_names.end(), k) == ip.key_names.end()) {
      std::cerr << "error: `" << ip.name << "` is not computed by `" << k << "`";
      if (!ip.key_names.empty())
        std::cerr << " (its entity columns: " << fmt::format("{}", fmt::join(ip.key_names, ", ")) << ")";
      std::cerr << "\n";
      return false;
    }
  }
  return true;
}

}  // namespace

Command add_explain(CLI::App& app) {
  auto o = std::make_shared<ExplainOptions>();
  auto* sub =
      app.add_subcommand("explain", "How one indicator value was computed: the rule, the numbers, the evidence rows");
  sub->add_option("path", o->path, "project folder or .perf file")->required();
  sub->add_option("indicator", o->indicator, "the indicator's name")->required();
  sub->add_option("--entity", o->entity, "the entity, as k=v[,k=v] (omit for an indicator without `by`)");
  sub->add_option("--period", o->period, "the period label: 2025-07-01, 2025-W27, 2025-07, 2025-Q3, 2025 or all")
      ->required();
  add_data_options(sub, o->data);
  sub->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  return [o]() -> int {
    int code = 0;
    auto project = load_and_report(o->path, "text", code);
    if (!project) return code;
    o->data.collect_evidence = true;
    auto ev = evaluate(*project, o->data, code, /*report_ingest=*/false);
    if (!ev) return code;
    const plan::ProgramPlan& plan = ev->plan;
    int index = -1;
    std::vector<std::string> names;
    for (size_t i = 0; i < plan.indicators.size(); ++i) {
      names.push_back(plan.indicators[i].name);
      if (plan.indicators[i].name == o->indicator) index = static_cast<int>(i);
    }
    if (index < 0) {
      std::string guess = closest_name(o->indicator, names);
      std::cerr << "error: no indicator `" << o->indicator << "`"
                << (guess.empty() ? "" : "; did you mean `" + guess + "`?") << "\n";
      return 2;
    }
    const plan::IndicatorPlan& ip = plan.indicators[index];
    auto wanted = parse_entity(o->entity);
    if (!wanted || !keys_known(ip, *wanted)) return 2;
    rt::ValueRef found = report::find_value(ev->result.values[index], ip, *wanted, o->period, ev->tz);
    if (!found) {
      std::cerr << "error: `" << ip.name << "` has no value for " << (o->entity.empty() ? "the company" : o->entity)
                << " in period " << o->period << "\n";
      return 1;
    }

    report::Explanation x = report::explain(plan, ev->data, ev->result, ev->tz, index, found, o->entity);
    if (o->format == "json")
      std::cout << report::explain_json(x).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else
      std::cout << report::explain_text(x);
    return 0;
  };
}

}  // namespace jixiao::cli
