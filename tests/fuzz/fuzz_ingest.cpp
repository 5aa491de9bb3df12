// libFuzzer target for the CSV, JSON-lines and SQLite readers: any bytes must give a consistent outcome
// (read == accepted + quarantined, parallel columns, codes inside their dictionaries), never a crash.
// The first byte picks the read buffer size, so records straddle refills at every position. The same
// bytes are also opened as a SQLite database image (table `fuzz`): the corpus holds small databases, so
// mutations reach SQLite's pages, and a corrupt page must end in report.error, never in a crash.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "runtime/ingest/chunk_reader.h"
#include "runtime/ingest/ingest.h"

using namespace jixiao::rt;

namespace {

const TableSpec& spec() {
  static const TableSpec s{"fuzz",
                           {{"s", ColumnKind::String, true, {}},
                            {"i", ColumnKind::Int, false, {}},
                            {"n", ColumnKind::Number, false, {}},
                            {"b", ColumnKind::Bool, false, {}},
                            {"t", ColumnKind::Timestamp, false, {}},
                            {"d", ColumnKind::Date, false, {}},
                            {"u", ColumnKind::Duration, false, {}},
                            {"e", ColumnKind::Enum, false, {"OK", "NG"}}}};
  return s;
}

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void check_outcome(const IngestReport& r, const Table& table, const std::vector<QuarantinedRow>& quarantine) {
  check(r.read == r.accepted + r.quarantined);
  check(table.rows() == r.accepted && quarantine.size() == r.quarantined);
  for (const QuarantinedRow& q : quarantine) check(!q.reason.empty() && q.row_number >= 1);
  for (const Column& c : table.columns) {
    check(c.size() == table.rows());
    switch (c.kind) {
      case ColumnKind::String:
      case ColumnKind::Enum:
        check(c.codes.size() == c.size());
        for (size_t k = 0; k < c.size(); ++k)
          check(c.valid[k] ? c.codes[k] >= 0 && size_t(c.codes[k]) < c.dict().size() : c.codes[k] == 0);
        break;
      case ColumnKind::Number: check(c.f64.size() == c.size()); break;
      default: check(c.i64.size() == c.size());
    }
  }
}

void run(bool csv, const std::string& text, size_t chunk, unsigned threads) {
  static const TimeZone tz = TimeZone::utc();
  Table table = Table::empty(spec());
  std::vector<QuarantinedRow> quarantine;
  std::istringstream in(text);
  IngestTarget target{table, quarantine, tz, threads};
  IngestReport r = csv ? ingest_detail::ingest_csv_chunked(in, "fuzz", target, chunk)
                       : ingest_detail::ingest_jsonl_chunked(in, "fuzz", target, chunk);
  check_outcome(r, table, quarantine);
}

void run_sqlite(const uint8_t* data, size_t size) {
  static const TimeZone tz = TimeZone::utc();
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return;
  // SQLite reads the image in place (read-only) from a copy it owns and frees.
  auto* image = static_cast<unsigned char*>(sqlite3_malloc64(size ? size : 1));
  if (image && size) std::memcpy(image, data, size);
  if (image && sqlite3_deserialize(db, "main", image, sqlite3_int64(size), sqlite3_int64(size),
                                   SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) == SQLITE_OK) {
    Table table = Table::empty(spec());
    std::vector<QuarantinedRow> quarantine;
    IngestReport r = ingest_sqlite(db, "fuzz", IngestTarget{table, quarantine, tz});
    check_outcome(r, table, quarantine);
  }
  sqlite3_close(db);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t chunk = size > 0 ? size_t(data[0] % 64) + 1 : 1;
  const unsigned threads = size > 1 && (data[1] & 1) ? 2 : 1;  // CSV rows appended by two threads, or one
  std::string text(reinterpret_cast<const char*>(data), size);
  run(true, text, chunk, threads);
  run(true, "s,i,n,b,t,d,u,e\n" + text, chunk, threads);  // a header that matches, so values get converted
  run(false, text, chunk, threads);
  run_sqlite(data, size);
  return 0;
}
