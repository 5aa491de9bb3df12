#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "compiler/plan/plan.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"
#include "runtime/records.h"

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

std::string plain(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "null";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string shown(const rt::Scalar& s, const std::string& unit, const rt::TimeZone& tz) {
  if (!s.valid) return "null";
  if (unit == "percent" && s.type == plan::VType::Num) return fmt::format("{:.4g}%", s.num * 100);
  if (s.type == plan::VType::Dur) return rt::format_duration(s.i64);
  if (s.type == plan::VType::Num && s.num == std::floor(s.num) && std::abs(s.num) < 1e15) return fmt::format("{}", static_cast<int64_t>(s.num));
  return plain(rt::value_json(s, tz));
}

}  // namespace

Command add_explain(CLI::App& app) {
  auto o = std::make_shared<ExplainOptions>();
  auto* sub = app.add_subcommand("explain", "How one indicator value was computed: the rule, the numbers, the evidence rows");
  sub->add_option("path", o->path, "project folder or .perf file")->required();
  sub->add_option("indicator", o->indicator, "the indicator's name")->required();
  sub->add_option("--entity", o->entity, "the entity, as k=v[,k=v] (omit for an indicator without `by`)");
  sub->add_option("--period", o->period, "the period label: 2025-07-01, 2025-W27, 2025-07, 2025-Q3, 2025 or all")->required();
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
    const rt::TimeZone* tz = &ev->tz;
    const rt::Dataset& data = ev->data;
    const rt::RunResult& result = ev->result;
    int index = -1;
    std::vector<std::string> names;
    for (size_t i = 0; i < plan.indicators.size(); ++i) {
      names.push_back(plan.indicators[i].name);
      if (plan.indicators[i].name == o->indicator) index = static_cast<int>(i);
    }
    if (index < 0) {
      std::string guess = closest_name(o->indicator, names);
      std::cerr << "error: no indicator `" << o->indicator << "`" << (guess.empty() ? "" : "; did you mean `" + guess + "`?") << "\n";
      return 2;
    }
    const plan::IndicatorPlan& ip = plan.indicators[index];
    // The entity as key=value pairs, in the indicator's `by` order.
    std::map<std::string, std::string> wanted;
    for (size_t pos = 0; pos < o->entity.size();) {
      size_t comma = o->entity.find(',', pos);
      std::string part = o->entity.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      size_t eq = part.find('=');
      if (eq == std::string::npos) {
        std::cerr << "error: --entity takes key=value pairs separated by commas, e.g. batch_id=B1\n";
        return 2;
      }
      wanted[part.substr(0, eq)] = part.substr(eq + 1);
      pos = comma == std::string::npos ? o->entity.size() : comma + 1;
    }
    for (auto& [k, v] : wanted) {
      if (std::find(ip.key_names.begin(), ip.key_names.end(), k) == ip.key_names.end()) {
        std::cerr << "error: `" << ip.name << "` is not computed by `" << k << "`";
        if (!ip.key_names.empty()) std::cerr << " (its entity columns: " << fmt::format("{}", fmt::join(ip.key_names, ", ")) << ")";
        std::cerr << "\n";
        return 2;
      }
    }

    const rt::IndicatorValue* found = nullptr;
    for (const auto& v : result.values[index]) {
      if (v.period != o->period) continue;
      bool match = true;
      for (size_t c = 0; c < ip.key_names.size(); ++c) {
        auto it = wanted.find(ip.key_names[c]);
        std::string have = v.entity[c].valid ? plain(rt::value_json(v.entity[c], *tz)) : "null";
        if (it == wanted.end() || it->second != have) match = false;
      }
      if (match) { found = &v; break; }
    }
    if (!found) {
      std::cerr << "error: `" << ip.name << "` has no value for " << (o->entity.empty() ? "the company" : o->entity)
                << " in period " << o->period << "\n";
      return 1;
    }

    // The arithmetic: the value expression with each aggregate replaced by its number.
    std::string arithmetic = ip.value.text;
    for (size_t a = 0; a < ip.aggregates.size(); ++a) {
      size_t at = arithmetic.find(ip.aggregates[a].text);
      std::string number = shown(found->aggregates[a], "", *tz);
      if (at != std::string::npos) arithmetic.replace(at, ip.aggregates[a].text.size(), number);
    }

    nlohmann::ordered_json j;
    j["indicator"] = ip.name;
    j["label"] = ip.label;
    j["doc"] = ip.doc;
    j["rule"] = ip.rule_text;
    j["file"] = ip.file;
    j["line"] = ip.line;
    nlohmann::ordered_json entity = nlohmann::ordered_json::object();
    for (size_t c = 0; c < ip.key_names.size(); ++c) entity[ip.key_names[c]] = rt::value_json(found->entity[c], *tz);
    j["entity"] = entity;
    j["period"] = found->period;
    j["value"] = rt::value_json(found->value, *tz);
    j["unit"] = ip.unit;
    j["status"] = rt::status_name(found->status);
    j["rows"] = found->rows;
    j["evidence_count"] = found->evidence;
    auto aggs = nlohmann::ordered_json::array();
    for (size_t a = 0; a < ip.aggregates.size(); ++a)
      aggs.push_back({{"expression", ip.aggregates[a].text}, {"value", rt::value_json(found->aggregates[a], *tz)}});
    j["aggregates"] = aggs;
    j["arithmetic"] = arithmetic;
    auto rows = nlohmann::ordered_json::array();
    for (const rt::RowRef& r : found->contributing) {
      const plan::TablePlan& tp = plan.tables[r.table];
      const rt::Table& t = data.tables[r.table];
      auto cell = [&](int c) -> nlohmann::ordered_json {
        if (c < 0) return nullptr;
        rt::Vec v;
        rt::read_column(t.columns[c], tp.columns[c].type, r.row, 1, v);
        return rt::value_json(rt::scalar_at(v, 0), *tz);
      };
      nlohmann::ordered_json row;
      row["source"] = tp.name;
      row["system"] = tp.system;
      row["evidence"] = cell(tp.evidence_column);
      row["actor"] = cell(tp.actor_column);
      row["time"] = cell(tp.time_column);
      row["row"] = t.row_number[r.row];
      rows.push_back(row);
    }
    j["evidence_rows"] = rows;

    if (o->format == "json") {
      std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return 0;
    }
    std::cout << ip.name << (ip.label.empty() ? "" : " \"" + ip.label + "\"") << "  (" << ip.file << ":" << ip.line << ")\n";
    if (!ip.doc.empty()) std::cout << "  " << ip.doc << "\n";
    std::cout << "\nentity:  " << (ip.key_names.empty() ? "(company-wide)" : o->entity) << "\nperiod:  " << found->period
              << "\nvalue:   " << shown(found->value, ip.unit, *tz) << "   status: " << rt::status_name(found->status) << "\n\n";
    std::cout << "rule:\n";
    for (size_t pos = 0; pos < ip.rule_text.size();) {
      size_t nl = ip.rule_text.find('\n', pos);
      std::cout << "  | " << ip.rule_text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos) << "\n";
      pos = nl == std::string::npos ? ip.rule_text.size() : nl + 1;
    }
    std::cout << "\nhow the value was computed:\n";
    for (size_t a = 0; a < ip.aggregates.size(); ++a)
      std::cout << "  " << ip.aggregates[a].text << " = " << shown(found->aggregates[a], "", *tz) << "\n";
    std::cout << "  value = " << ip.value.text << "\n        = " << arithmetic << "\n        = "
              << shown(found->value, ip.unit, *tz) << "\n";
    std::cout << "\nevidence: " << found->rows << " row(s) in the group, " << found->contributing.size()
              << " used by the value, " << found->evidence << " with an evidence id\n";
    std::cout << fmt::format("  {:<12} {:<10} {:<16} {:<10} {}\n", "source", "system", "evidence", "actor", "time");
    for (auto& row : rows)
      std::cout << fmt::format("  {:<12} {:<10} {:<16} {:<10} {}\n", plain(row["source"]), plain(row["system"]),
                               plain(row["evidence"]), plain(row["actor"]), plain(row["time"]));
    return 0;
  };
}

}  // namespace jixiao::cli
