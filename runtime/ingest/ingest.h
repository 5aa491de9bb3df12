// Reading event data into columnar tables (docs/language-reference.md, data). Every row read is either appended
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
  Table& table;  // created with Table::empty(spec)
  std::vector<QuarantinedRow>& quarantine;
  const TimeZone& tz;  // for timestamps without an offset
  // Threads that may share the appending of the rows to the columns (CSV): each takes whole columns,
  // so the table is the same for any number.
  unsigned threads = 1;
};

// Shared rules. A quarantined row gets one reason: the row's own problem (malformed CSV record, invalid
// JSON), else the first problem in declared column order. Values of non-string columns are parsed
// with surrounding blanks ignored; strings are kept as they are. A spec column the input lacks is
// null in every row (a required one quarantines every row). report.error is set when the input
// could not be read to its end (I/O or database error); rows read until then are kept.

// CSV per RFC 4180 (quoted fields, doubled quotes, newlines inside quotes), UTF-8 with or without BOM.
// The first record is the header; columns are matched by name and extra columns ignored; an empty
// field is null. Blank lines are skipped and not counted. Streams: memory grows with the table, not
// with the file (except that an unterminated quote makes the rest of the file one record).
IngestReport ingest_csv(std::istream& in, const std::string& origin, IngestTarget target);
// JSON lines: one object per line; null or a missing key is null; blank lines are skipped. A JSON
// number for a column parsed from text (string, timestamp, duration ...) is taken by its text; an
// empty string is a value for a string column and null for the other kinds.
IngestReport ingest_jsonl(std::istream& in, const std::string& origin, IngestTarget target);
// The SQLite table (or view) named after the source, its columns matched by name. INTEGER and REAL
// feed numeric columns directly (a whole REAL fits an int column), TEXT is parsed as a JSON string
// would be, BLOB is quarantined. Raw rows are shown as JSON objects, row numbers are rowids. A missing
// table gives a report with read 0 and an empty origin: the caller warns.
IngestReport ingest_sqlite(sqlite3* db, const std::string& origin, IngestTarget target);

}  // namespace jixiao::rt
