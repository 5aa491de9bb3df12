// Reading event data into columnar tables (LANGUAGE.md section 5). Every row read is either appended
// to the table or quarantined with its reason: read == accepted + quarantined, always.
#pragma once
#include <istream>
#include <string>
#include <vector>

#include "runtime/table.h"
#include "runtime/time/time.h"

struct sqlite3;

namespace jixiao::rt {

struct IngestTarget {
  Table& table;                           // created with Table::empty(spec)
  std::vector<QuarantinedRow>& quarantine;
  const TimeZone& tz;                     // for timestamps without an offset
};

// CSV per RFC 4180 (quoted fields, doubled quotes, newlines inside quotes), UTF-8 with or without BOM.
// The first record is the header; columns are matched by name and extra columns ignored; an empty
// field is null. Streams: memory grows with the table, not with the file.
IngestReport ingest_csv(std::istream& in, const std::string& origin, IngestTarget target);
// JSON lines: one object per line; null or a missing key is null; blank lines are skipped.
IngestReport ingest_jsonl(std::istream& in, const std::string& origin, IngestTarget target);
// The SQLite table named after the source (its columns matched by name).
IngestReport ingest_sqlite(sqlite3* db, const std::string& origin, IngestTarget target);

}  // namespace jixiao::rt
