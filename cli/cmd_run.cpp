#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/common.h"
#include "compiler/plan/plan.h"
#include "report/aligned_columns.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"
#include "runtime/records.h"
#include "runtime/results_store.h"

namespace jixiao::cli {

namespace {

struct RunOptions {
  std::string path;
  DataOptions data;
  std::string out;
  std::string format = "table";
};

// ---- display -------------------------------------------------------------------------------------

std::string entity_text(const rt::Record& e) {
  if (e.empty()) return "-";
  std::string out;
  for (auto it = e.begin(); it != e.end(); ++it) {
    if (!out.empty()) out += ", ";
    out += it.key() + "=" + (it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
  }
  return out;
}

using Columns = std::vector<std::pair<std::string, std::function<std::string(const rt::Record&)>>>;

// Indicator name -> the type of its values (a record's number may be a duration in seconds).
using ValueTypes = std::map<std::string, plan::VType>;

Columns columns_for(const std::string& type, const ValueTypes& types) {
  auto field = [](const char* k) {
    return [k](const rt::Record& r) {
      const auto& v = r[k];
      if (v.is_null()) return std::string("-");
      return v.is_string() ? v.get<std::string>() : v.dump();
    };
  };
  if (type == "ingest")
    return {{"source", field("source")},
            {"read", field("read")},
            {"accepted", field("accepted")},
            {"quarantined", field("quarantined")}};
  if (type == "indicator")
    return {{"indicator", field("name")},
            {"entity", [](const rt::Record& r) { return entity_text(r["entity"]); }},
            {"period", field("period")},
            {"value",
             [&types](const rt::Record& r) {
               auto it = types.find(r["name"].get<std::string>());
               return display_value(r["value"], r["unit"], it == types.end() ? plan::VType::Num : it->second);
             }},
            {"rows", field("rows")},
            {"evidence", field("evidence")},
            {"status", field("status")}};
  if (type == "step") {
    auto duration = [](const char* k) {
      return [k](const rt::Record& r) {
        const auto& v = r[k];
        return v.is_null() ? std::string("-") : rt::format_duration(static_cast<int64_t>(v.get<double>() * 1e6));
      };
    };
    return {{"chain", field("chain")},        {"case", field("case")},     {"node", field("node")},
            {"owner", field("owner")},        {"charge", field("charge")}, {"started", field("started_at")},
            {"elapsed", duration("elapsed")}, {"status", field("status")}, {"band", field("band")}};
  }
  return {{"alert", field("name")},
          {"entity", [](const rt::Record& r) { return entity_text(r["entity"]); }},
          {"period", field("period")},
          {"severity", field("severity")},
          {"state", field("state")}};
}

void print_table(const std::vector<rt::Record>& records, const plan::ProgramPlan& plan) {
  ValueTypes value_types;
  for (auto& ip : plan.indicators) value_types[ip.name] = ip.value_type;
  std::vector<std::string> types = {"ingest", "indicator", "step", "alert"};
  for (const auto& type : types) {
    std::vector<const rt::Record*> rows;
    for (auto& r : records)
      if (r["type"] == type) rows.push_back(&r);
    if (rows.empty()) continue;
    Columns cols = columns_for(type, value_types);
    std::vector<std::vector<std::string>> lines(1);
    for (auto& c : cols) lines[0].push_back(c.first);
    for (auto* r : rows) {
      std::vector<std::string> line;
      for (auto& c : cols) line.push_back(c.second(*r));
      lines.push_back(std::move(line));
    }
    std::cout << report::aligned_columns(lines);
    std::cout << "\n";
  }
}

// A cell for a spreadsheet (OWASP, CSV injection): text starting with = + - @ tab or CR would be read
// as a formula, so it gets a leading ' and quotes. A cell that is a number as a whole (`-3.5`, `+2`,
// `-1e-3`), whether a value or a case id, stays as it is: it cannot name a function or a cell.
std::string csv_cell(const std::string& s) {
  auto is_number = [&s] {
    auto digit = [&s](size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
    size_t i = s[0] == '-' || s[0] == '+', digits = 0;
    for (; digit(i); ++i) ++digits;
    if (i < s.size() && s[i] == '.')
      for (++i; digit(i); ++i) ++digits;
    if (digits > 0 && i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      i += 1 + (i + 1 < s.size() && (s[i + 1] == '-' || s[i + 1] == '+'));
      if (!digit(i)) return false;
      while (digit(i)) ++i;
    }
    return digits > 0 && i == s.size();
  };
  bool formula = !s.empty() && std::string("=+-@\t\r").find(s[0]) != std::string::npos && !is_number();
  if (!formula && s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = formula ? "\"'" : "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void print_csv(const std::vector<rt::Record>& records) {
  for (const std::string type : {"ingest", "indicator", "step", "alert"}) {
    std::vector<const rt::Record*> rows;
    for (auto& r : records)
      if (r["type"] == type) rows.push_back(&r);
    if (rows.empty()) continue;
    std::cout << "# " << type << "\n";
    std::vector<std::string> keys;
    for (auto it = rows[0]->begin(); it != rows[0]->end(); ++it)
      if (it.key() != "type") keys.push_back(it.key());
    for (size_t k = 0; k < keys.size(); ++k) std::cout << (k ? "," : "") << keys[k];
    std::cout << "\n";
    for (auto* r : rows) {
      for (size_t k = 0; k < keys.size(); ++k) {
        const auto& v = (*r)[keys[k]];
        std::string s = v.is_null()           ? ""
                        : v.is_string()       ? v.get<std::string>()
                        : keys[k] == "entity" ? entity_text(v)
                                              : v.dump();
        std::cout << (k ? "," : "") << csv_cell(s);
      }
      std::cout << "\n";
    }
    std::cout << "\n";
  }
}

std::string rules_hash(const SourceSet& sources) {
  // FNV-1a over every file's path and text: enough to tell which version of the rules computed a value.
  uint64_t h = 1469598103934665603ULL;
  for (FileId f = 0; f < sources.size(); ++f) {
    for (const std::string* s : {&sources.file(f).path(), &sources.file(f).text()})
      for (unsigned char c : *s) h = (h ^ c) * 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace

Command add_run(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto* sub =
      app.add_subcommand("run", "Load events, evaluate every indicator and alert, print the results and store them");
  sub->add_option("path", o->path, "project folder or .perf file")->required();
  add_data_options(sub, o->data);
  sub->add_option("--out", o->out, "write the results to this SQLite file");
  sub->add_option("--format", o->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  sub->add_option("--engine", o->data.engine, "jit (compiled loops; what cannot be compiled is interpreted) or interp")
      ->check(CLI::IsMember({"jit", "interp"}))
      ->capture_default_str();
  sub->add_flag("--verbose", o->data.verbose,
                "say what the JIT compiled, what it interpreted and why, and how long it took");
  return [o]() -> int {
    int code = 0;
    auto project = load_and_report(o->path, "text", code);
    if (!project) return code;
    o->data.collect_evidence = !o->out.empty();
    auto ev = evaluate(*project, o->data, code, /*report_ingest=*/true);
    if (!ev) return code;
    // Stored first: records printed for results that then fail to be stored would be taken as done.
    if (!o->out.empty()) {
      rt::RunInfo info{o->path, rules_hash(*project->sources), ev->as_of, o->data.engine};
      auto actions = rt::alert_actions(ev->plan, ev->data.tables, ev->result, ev->tz, ev->as_of);
      rt::StoredActions stored;
      try {
        stored = rt::write_results(o->out, ev->plan, ev->data, ev->result, ev->tz, info, actions);
      } catch (const rt::StoreError& e) {
        std::cerr << "error: " << e.what() << "; nothing was stored or printed\n";
        return 1;
      }
      std::cerr << "results written to " << o->out;
      if (stored.notifications || stored.tasks)
        std::cerr << fmt::format(" ({} notification(s) queued in the outbox, {} task(s) opened)", stored.notifications,
                                 stored.tasks);
      std::cerr << "\n";
    }
    auto records = rt::result_records(ev->plan, ev->data, ev->result, ev->tz);
    if (o->format == "json") {
      for (auto& r : records) std::cout << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else if (o->format == "csv") {
      print_csv(records);
    } else {
      print_table(records, ev->plan);
    }
    if (!std::cout.flush()) {
      std::cerr << "error: cannot write the results to standard output (disk full or closed pipe?)\n";
      return 1;
    }
    return 0;
  };
}

}  // namespace jixiao::cli
