#include "runtime/dataset.h"
#include "base/errors.h"

#include "runtime/eval.h"

#include <sqlite3.h>

#include <fstream>
#include <memory>
#include <stdexcept>

namespace jixiao::rt {

namespace fs = std::filesystem;

TableSpec table_spec(const plan::TablePlan& t) {
  TableSpec spec;
  spec.name = t.name;
  for (auto& c : t.columns) {
    ColumnSpec cs;
    cs.name = c.name;
    cs.required = c.required;
    cs.enum_members = c.members;
    switch (c.type) {
      case plan::VType::Num: cs.kind = c.integer ? ColumnKind::Int : ColumnKind::Number; break;
      case plan::VType::Bool: cs.kind = ColumnKind::Bool; break;
      case plan::VType::Time: cs.kind = ColumnKind::Timestamp; break;
      case plan::VType::Date: cs.kind = ColumnKind::Date; break;
      case plan::VType::Dur: cs.kind = ColumnKind::Duration; break;
      default: cs.kind = c.is_enum ? ColumnKind::Enum : ColumnKind::String;
    }
    spec.columns.push_back(std::move(cs));
  }
  return spec;
}

namespace {
void stop_on_read_error(const IngestReport& report) {
  if (report.error.empty()) return;
  throw DataError("cannot read source `" + report.source + "` from " + report.origin + ": " + report.error + " (" +
                  std::to_string(report.read) + " row(s) read before the error); nothing was evaluated");
}

Dataset empty_dataset(const plan::ProgramPlan& plan) {
  Dataset d;
  for (auto& t : plan.tables) d.tables.push_back(Table::empty(table_spec(t)));
  return d;
}
}  // namespace

Dataset load_data_dir(const plan::ProgramPlan& plan, const fs::path& dir, const TimeZone& tz, unsigned threads) {
  Dataset d = empty_dataset(plan);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw ArgumentError("no such data folder: " + dir.string());
  for (size_t i = 0; i < plan.tables.size(); ++i) {
    const plan::TablePlan& t = plan.tables[i];
    if (t.is_chain) continue;
    IngestTarget target{d.tables[i], d.quarantine, tz, threads};
    IngestReport report;
    report.source = t.name;
    bool found = false;
    for (const char* ext : {".csv", ".jsonl", ".json"}) {
      fs::path file = dir / (t.name + ext);
      if (!fs::is_regular_file(file, ec)) continue;
      std::ifstream in(file, std::ios::binary);
      if (!in) throw DataError("cannot read " + file.string());
      report =
          std::string(ext) == ".csv" ? ingest_csv(in, file.string(), target) : ingest_jsonl(in, file.string(), target);
      report.source = t.name;
      stop_on_read_error(report);
      found = true;
      break;
    }
    if (!found)
      d.warnings.push_back("source `" + t.name + "` has no data file (" + (dir / (t.name + ".csv")).string() +
                           ", .jsonl or .json): it is empty");
    d.reports.push_back(report);
  }
  return d;
}

Dataset load_sqlite(const plan::ProgramPlan& plan, const fs::path& db_path, const TimeZone& tz) {
  Dataset d = empty_dataset(plan);
  std::error_code ec;
  if (!fs::is_regular_file(db_path, ec)) throw ArgumentError("no such database file: " + db_path.string());
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw DataError("cannot open " + db_path.string() + ": " + msg);
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(db, sqlite3_close);
  sqlite3_busy_timeout(db, 5000);  // another program writing the database: wait for it, then say so
  // SQLite opens lazily: a file that is not a database shows only at the first read. Ask for the schema
  // first, so that such a file is an error even when no source has a table in it.
  char* err = nullptr;
  if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw DataError("cannot read " + db_path.string() + ": " + msg);
  }
  for (size_t i = 0; i < plan.tables.size(); ++i) {
    const plan::TablePlan& t = plan.tables[i];
    if (t.is_chain) continue;
    IngestTarget target{d.tables[i], d.quarantine, tz};
    IngestReport report = ingest_sqlite(db, db_path.string(), target);
    report.source = t.name;
    if (report.origin.empty())
      d.warnings.push_back("source `" + t.name + "` has no table in " + db_path.string() + ": it is empty");
    stop_on_read_error(report);
    d.reports.push_back(report);
  }
  return d;
}

std::optional<Micros> latest_event_time(const plan::ProgramPlan& plan, const std::vector<Table>& tables,
                                        const TimeZone& tz) {
  std::optional<Micros> latest;
  for (size_t i = 0; i < plan.tables.size(); ++i) {
    int tc = plan.tables[i].time_column;
    if (tc < 0 || plan.tables[i].is_chain) continue;
    EventTimes times(tables[i], tc, tz);
    const Column& c = *times.get();
    for (size_t r = 0; r < c.size(); ++r) {
      if (!c.valid[r]) continue;
      Micros t = c.i64[r];
      if (!latest || t > *latest) latest = t;
    }
  }
  return latest;
}

}  // namespace jixiao::rt
