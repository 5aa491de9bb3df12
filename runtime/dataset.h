// Loading the event tables a program needs: from a data folder (docs/cli.md, `--data DIR`) or a SQLite file
// (`--db FILE`). Every source gets a table, empty (with a warning) when it has no data.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/errors.h"
#include "compiler/plan/plan.h"
#include "runtime/ingest/ingest.h"
#include "runtime/table.h"

namespace jixiao::rt {

struct Dataset {
  std::vector<Table> tables;  // parallel to plan.tables (chain tables start empty)
  std::vector<IngestReport> reports;  // one per source, in plan order
  std::vector<QuarantinedRow> quarantine;
  std::vector<std::string> warnings;
};

TableSpec table_spec(const plan::TablePlan& t);

// Events that exist but cannot be read to their end (a corrupt or locked database, a file that is not
// SQLite, an I/O error part way): the run must stop rather than score half the data. The message names
// the source, the file and how many rows were read before the error: exit 1. (A missing folder or
// database file is an ArgumentError: a wrong argument, exit 2.)
struct DataError : UserError {
  explicit DataError(const std::string& message) : UserError(message, 1) {}
};

// Reads `DIR/S.csv`, `DIR/S.jsonl` or `DIR/S.json` (the first that exists) for every source S. Throws
// DataError when one cannot be read to its end. `threads`: how many may share appending a CSV file's rows.
Dataset load_data_dir(const plan::ProgramPlan& plan, const std::filesystem::path& dir, const TimeZone& tz,
                      unsigned threads = 1);
// Reads table S of a SQLite database for every source S, waiting up to 5 s for another writer's lock.
// Throws ArgumentError when the file does not exist, DataError when it is not a SQLite database,
// is corrupt, stays locked or fails part way.
Dataset load_sqlite(const plan::ProgramPlan& plan, const std::filesystem::path& db, const TimeZone& tz);

// The latest event time over all tables (the default `as_of`), or nullopt when there is none.
std::optional<Micros> latest_event_time(const plan::ProgramPlan& plan, const std::vector<Table>& tables,
                                        const TimeZone& tz);

}  // namespace jixiao::rt
