#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "compiler/plan/plan.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"
#include "runtime/records.h"
#include "runtime/results_store.h"

namespace jixiao::cli {

namespace {

struct RunOptions {
  std::string path;
  std::string data_dir;
  std::string db;
  std::string as_of;
  std::string out;
  std::string format = "table";
  std::string engine = "interp";
};

// ---- display -------------------------------------------------------------------------------------

std::string display_number(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{:.4g}", v);
}

std::string display_value(const rt::Record& v, const rt::Record& unit) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  double x = v.get<double>();
  std::string u = unit.is_string() ? unit.get<std::string>() : "";
  if (u == "percent") return fmt::format("{:.1f}%", x * 100);
  if (u == "duration" || u == "hours" || u == "minutes") return rt::format_duration(static_cast<int64_t>(x * 1e6));
  return display_number(x) + (u.empty() ? "" : " " + u);
}

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

Columns columns_for(const std::string& type) {
  auto field = [](const char* k) {
    return [k](const rt::Record& r) {
      const auto& v = r[k];
      if (v.is_null()) return std::string("-");
      return v.is_string() ? v.get<std::string>() : v.dump();
    };
  };
  if (type == "ingest") return {{"source", field("source")}, {"read", field("read")}, {"accepted", field("accepted")}, {"quarantined", field("quarantined")}};
  if (type == "indicator")
    return {{"indicator", field("name")},
            {"entity", [](const rt::Record& r) { return entity_text(r["entity"]); }},
            {"period", field("period")},
            {"value", [](const rt::Record& r) { return display_value(r["value"], r["unit"]); }},
            {"rows", field("rows")},
            {"evidence", field("evidence")},
            {"status", field("status")}};
  return {{"alert", field("name")},
          {"entity", [](const rt::Record& r) { return entity_text(r["entity"]); }},
          {"period", field("period")},
          {"severity", field("severity")},
          {"state", field("state")}};
}

size_t display_width(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    w += len >= 3 ? 2 : 1;  // CJK text is two columns wide in a terminal
    i += len;
  }
  return w;
}

void print_table(const std::vector<rt::Record>& records) {
  std::vector<std::string> types = {"ingest", "indicator", "alert"};
  for (const auto& type : types) {
    std::vector<const rt::Record*> rows;
    for (auto& r : records)
      if (r["type"] == type) rows.push_back(&r);
    if (rows.empty()) continue;
    Columns cols = columns_for(type);
    std::vector<std::vector<std::string>> cells;
    std::vector<size_t> width(cols.size());
    for (size_t c = 0; c < cols.size(); ++c) width[c] = cols[c].first.size();
    for (auto* r : rows) {
      std::vector<std::string> line;
      for (size_t c = 0; c < cols.size(); ++c) {
        line.push_back(cols[c].second(*r));
        width[c] = std::max(width[c], display_width(line.back()));
      }
      cells.push_back(std::move(line));
    }
    auto emit = [&](const std::vector<std::string>& line) {
      std::string out;
      for (size_t c = 0; c < line.size(); ++c) {
        out += line[c];
        if (c + 1 < line.size()) out += std::string(width[c] - display_width(line[c]) + 2, ' ');
      }
      std::cout << out << "\n";
    };
    std::vector<std::string> header;
    for (auto& c : cols) header.push_back(c.first);
    emit(header);
    for (auto& line : cells) emit(line);
    std::cout << "\n";
  }
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void print_csv(const std::vector<rt::Record>& records) {
  for (const std::string type : {"ingest", "indicator", "alert"}) {
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
        std::string s = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : keys[k] == "entity" ? entity_text(v) : v.dump();
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
  auto* sub = app.add_subcommand("run", "Load events, evaluate every indicator and alert, print the results and store them");
  sub->add_option("path", o->path, "project folder or .perf file")->required();
  auto* data = sub->add_option("--data", o->data_dir, "folder with one CSV / JSON lines file per source");
  auto* db = sub->add_option("--db", o->db, "SQLite database with one table per source");
  data->excludes(db);
  sub->add_option("--as-of", o->as_of, "the moment the results describe (default: the latest event time)");
  sub->add_option("--out", o->out, "write the results to this SQLite file");
  sub->add_option("--format", o->format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}))->capture_default_str();
  sub->add_option("--engine", o->engine, "interp (the JIT is not built yet)")->check(CLI::IsMember({"jit", "interp"}))->capture_default_str();
  return [o]() -> int {
    if (o->data_dir.empty() && o->db.empty()) {
      std::cerr << "error: give the events with --data DIR or --db FILE\n";
      return 2;
    }
    if (o->engine == "jit") {
      std::cerr << "error: the JIT engine is not available yet; use --engine interp\n";
      return 2;
    }
    int code = 0;
    auto project = load_and_report(o->path, "text", code);
    if (!project) return code;
    plan::ProgramPlan plan = plan::lower(project->program);
    auto tz = rt::TimeZone::find(plan.timezone);
    if (!tz) {
      std::cerr << "error: the time zone `" << plan.timezone << "` is not in this machine's tz database\n";
      return 1;
    }
    rt::Dataset data;
    try {
      data = o->db.empty() ? rt::load_data_dir(plan, o->data_dir, *tz) : rt::load_sqlite(plan, o->db, *tz);
    } catch (const std::runtime_error& e) {
      std::cerr << "error: " << e.what() << "\n";
      return 2;
    }
    for (auto& w : data.warnings) std::cerr << "warning: " << w << "\n";
    for (auto& q : data.quarantine)
      std::cerr << "quarantined: " << q.source << " row " << q.row_number << ": " << q.reason << "\n";

    rt::RunOptions ro;
    if (!o->as_of.empty()) {
      auto t = parse_as_of(o->as_of, *tz);
      if (!t) {
        std::cerr << "error: --as-of `" << o->as_of << "` is not a timestamp such as 2025-07-01T08:00 or a date\n";
        return 2;
      }
      ro.as_of = *t;
    } else {
      ro.as_of = rt::latest_event_time(plan, data).value_or(0);
    }
    ro.collect_evidence = !o->out.empty();
    rt::RunResult result = rt::evaluate_program(plan, data.tables, *tz, ro);
    auto records = rt::result_records(plan, data, result, *tz);
    if (o->format == "json") {
      for (auto& r : records) std::cout << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else if (o->format == "csv") {
      print_csv(records);
    } else {
      print_table(records);
    }
    if (!o->out.empty()) {
      rt::RunInfo info{o->path, rules_hash(*project->sources), ro.as_of, o->engine};
      rt::write_results(o->out, plan, data, result, *tz, info);
      std::cerr << "results written to " << o->out << "\n";
    }
    return 0;
  };
}

}  // namespace jixiao::cli
