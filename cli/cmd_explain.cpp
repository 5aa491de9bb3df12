#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/common.h"
#include "compiler/plan/plan.h"
#include "report/aligned_columns.h"
#include "runtime/actions/message.h"
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

// A value as `run --format table` shows it (rt::display_value: `80.0%`, `240000 cny`, `10h 30m`);
// `null` (the language's word) when there is none.
std::string shown(const rt::Scalar& s, const std::string& unit, const rt::TimeZone& tz) {
  return s.valid ? rt::display_value(s, unit, tz) : "null";
}

// A number put into the arithmetic line: percentages and durations as such, money and other units
// without their unit (`240000 / 300000`), since the lines above give the units.
std::string in_arithmetic(const rt::Scalar& s, const std::string& unit, const rt::TimeZone& tz) {
  return shown(s, unit == "percent" ? unit : "", tz);
}

// A cell of the evidence table: a missing id, actor or system is `—`, not `null`.
std::string cell_text(const nlohmann::ordered_json& v) {
  if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) return "—";
  return plain(v);
}

bool ident_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u) || c == '_';  // identifiers may be any letters (UTF-8 bytes)
}

// The value expression as written with each aggregate (by its text) and each component indicator
// (by its name) replaced by its number. String literals are kept; a name is replaced only as a whole
// word and not when it is called (`round(...)`).
std::string substitute(const std::string& text, const std::vector<std::pair<std::string, std::string>>& aggregates,
                       const std::map<std::string, std::string>& names) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '"') {  // a string literal, escapes included
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, text.size());
      out += text.substr(i, j - i);
      i = j;
      continue;
    }
    bool boundary = i == 0 || !ident_char(text[i - 1]);
    if (boundary) {
      const std::pair<std::string, std::string>* hit = nullptr;
      for (const auto& a : aggregates)
        if (text.compare(i, a.first.size(), a.first) == 0 && (!hit || a.first.size() > hit->first.size())) hit = &a;
      if (hit) {
        out += hit->second;
        i += hit->first.size();
        continue;
      }
    }
    if (c == '`') {  // a quoted name
      size_t close = text.find('`', i + 1);
      if (close != std::string::npos) {
        auto it = names.find(text.substr(i + 1, close - i - 1));
        out += it != names.end() ? it->second : text.substr(i, close + 1 - i);
        i = close + 1;
        continue;
      }
    }
    if (boundary && ident_char(c) && !std::isdigit(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < text.size() && ident_char(text[j])) ++j;
      std::string word = text.substr(i, j - i);
      size_t next = j;
      while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
      auto it = names.find(word);
      bool called = next < text.size() && text[next] == '(';
      out += it != names.end() && !called ? it->second : word;
      i = j;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
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

    // The aggregates, each distinct one once (`(sum(x) - 1) / sum(x)` has two, both `sum(x)`).
    std::vector<size_t> distinct;
    for (size_t a = 0; a < ip.aggregates.size(); ++a) {
      bool seen = false;
      for (size_t d : distinct) seen = seen || ip.aggregates[d].text == ip.aggregates[a].text;
      if (!seen) distinct.push_back(a);
    }
    // A composite's components: their values for the same entity and period (null when a component
    // has none there).
    std::vector<int> components;
    for (int c : ip.components)
      if (std::find(components.begin(), components.end(), c) == components.end()) components.push_back(c);
    std::vector<const rt::IndicatorValue*> component_values;
    for (int c : components) {
      const rt::IndicatorValue* cv = nullptr;
      for (const auto& v : result.values[c])
        if (v.period_start == found->period_start && v.entity == found->entity) cv = &v;
      component_values.push_back(cv);
    }
    auto component_value = [&](size_t k) { return component_values[k] ? component_values[k]->value : rt::Scalar::null(); };

    // The arithmetic: the value expression with each aggregate and component replaced by its number.
    std::vector<std::pair<std::string, std::string>> numbers;
    for (size_t a : distinct)
      numbers.emplace_back(ip.aggregates[a].text, in_arithmetic(found->aggregates[a], ip.aggregates[a].unit, *tz));
    std::map<std::string, std::string> component_numbers;
    for (size_t k = 0; k < components.size(); ++k)
      component_numbers[plan.indicators[components[k]].name] =
          in_arithmetic(component_value(k), plan.indicators[components[k]].unit, *tz);
    std::string arithmetic = substitute(ip.value.text, numbers, component_numbers);

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
    for (size_t a : distinct)
      aggs.push_back({{"expression", ip.aggregates[a].text},
                      {"value", rt::value_json(found->aggregates[a], *tz)},
                      {"unit", ip.aggregates[a].unit}});
    j["aggregates"] = aggs;
    auto comps = nlohmann::ordered_json::array();
    for (size_t k = 0; k < components.size(); ++k) {
      const plan::IndicatorPlan& cp = plan.indicators[components[k]];
      comps.push_back({{"name", cp.name},
                       {"label", cp.label},
                       {"value", rt::value_json(component_value(k), *tz)},
                       {"unit", cp.unit},
                       {"status", component_values[k] ? nlohmann::ordered_json(rt::status_name(component_values[k]->status))
                                                      : nlohmann::ordered_json(nullptr)}});
    }
    j["components"] = comps;
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
    auto print_indented = [](const std::string& text, const std::string& prefix) {
      for (size_t pos = 0; pos < text.size();) {
        size_t nl = text.find('\n', pos);
        std::cout << prefix << text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos) << "\n";
        pos = nl == std::string::npos ? text.size() : nl + 1;
      }
    };
    std::cout << ip.name << (ip.label.empty() ? "" : " \"" + ip.label + "\"") << "  (" << ip.file << ":" << ip.line << ")\n";
    print_indented(ip.doc, "  ");
    std::cout << "\nentity:  " << (ip.key_names.empty() ? "(company-wide)" : o->entity) << "\nperiod:  " << found->period
              << "\nvalue:   " << shown(found->value, ip.unit, *tz) << "   status: " << rt::status_name(found->status) << "\n\n";
    std::cout << "rule:\n";
    print_indented(ip.rule_text, "  | ");
    std::cout << "\nhow the value was computed:\n";
    for (size_t a : distinct)
      std::cout << "  " << ip.aggregates[a].text << " = " << shown(found->aggregates[a], ip.aggregates[a].unit, *tz) << "\n";
    for (size_t k = 0; k < components.size(); ++k) {
      const plan::IndicatorPlan& cp = plan.indicators[components[k]];
      std::cout << "  " << cp.name << (cp.label.empty() ? "" : " \"" + cp.label + "\"") << " = "
                << shown(component_value(k), cp.unit, *tz)
                << (component_values[k] ? std::string("   status: ") + rt::status_name(component_values[k]->status)
                                        : std::string("   (no value for this entity and period)"))
                << "\n";
    }
    std::cout << "  value = " << ip.value.text << "\n        = " << arithmetic << "\n        = "
              << shown(found->value, ip.unit, *tz) << "\n";
    if (ip.table >= 0)
      std::cout << "\nevidence: " << found->rows << " row(s) in the group, " << found->contributing.size()
                << " used by the value, " << found->evidence << " with an evidence id\n";
    else
      std::cout << "\nevidence: " << found->contributing.size() << " row(s) behind its components, " << found->evidence
                << " with an evidence id\n";
    std::vector<std::vector<std::string>> table = {{"source", "system", "evidence", "actor", "time"}};
    for (auto& row : rows)
      table.push_back({cell_text(row["source"]), cell_text(row["system"]), cell_text(row["evidence"]), cell_text(row["actor"]),
                       cell_text(row["time"])});
    std::cout << report::aligned_columns(table, "  ");
    return 0;
  };
}

}  // namespace jixiao::cli
