// Loading the event tables a program needs: from a data folder (CLI.md `--data DIR`) or a SQLite file
// (`--db FILE`). Every source gets a table, empty (with a warning) when it has no data.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/ingest/ingest.h"
#include "runtime/table.h"

namespace jixiao::rt {

struct Dataset {
  std::vector<Table> tables;               // parallel to plan.tables (chain tables start empty)
  std::vector<IngestReport> reports;       // one per source, in plan order
  std::vector<QuarantinedRow> quarantine;
  std::vector<std::string> warnings;
};

TableSpec table_spec(const plan::TablePlan& t);

// Reads `DIR/S.csv`, `DIR/S.jsonl` or `DIR/S.json` (the first that exists) for every source S.
Dataset load_data_dir(const plan::ProgramPlan& plan, const std::filesystem::path& dir, const TimeZone& tz);
// Reads table S of a SQLite database for every source S. Fails (throws) when the file cannot be opened.
Dataset load_sqlite(const plan::ProgramPlan& plan, const std::filesystem::path& db, const TimeZone& tz);

// The latest event time over all tables (the default `as_of`), or nullopt when there is none.
std::optional<Micros> latest_event_time(const plan::ProgramPlan& plan, const std::vector<Table>& tables, const TimeZone& tz);

}  // namespace jixiao::rt
