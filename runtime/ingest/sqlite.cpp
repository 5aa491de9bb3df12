// A SQLite table named after the source, read with SELECT * and converted by storage class.
#include <sqlite3.h>

#include <charconv>
#include <cmath>

#include "runtime/ingest/ingest.h"
#include "base/json_text.h"
#include "runtime/ingest/row_builder.h"

namespace jixiao::rt {
namespace {

using ingest_detail::NullCause;
using ingest_detail::RowBuilder;

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

sqlite3_stmt* prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  // On failure the statement is null and sqlite3_errmsg tells why.
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) return nullptr;
  return stmt;
}

// The raw text of a quarantined row: the row as a JSON object, in the table's column order.
std::string row_as_json(sqlite3_stmt* stmt, const std::vector<int>& types, int first) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "{";
  for (int i = first; i < static_cast<int>(types.size()); ++i) {
    if (i > first) out += ',';
    append_json_string(out, sqlite3_column_name(stmt, i));
    out += ':';
    switch (types[size_t(i)]) {
      case SQLITE_INTEGER: out += std::to_string(sqlite3_column_int64(stmt, i)); break;
      case SQLITE_FLOAT: {
        double v = sqlite3_column_double(stmt, i);
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
        std::string_view text(buf, ec == std::errc() ? size_t(end - buf) : 0);
        if (std::isfinite(v))
          out += text;
        else
          append_json_string(out, text);  // JSON has no infinities
        break;
      }
      case SQLITE_TEXT: {
        auto text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        append_json_string(out, std::string_view(text ? text : "", size_t(sqlite3_column_bytes(stmt, i))));
        break;
      }
      case SQLITE_BLOB: {
        auto bytes = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, i));
        int n = sqlite3_column_bytes(stmt, i);
        out += "\"X'";
        for (int k = 0; k < n; ++k) {
          out += kHex[bytes[k] >> 4];
          out += kHex[bytes[k] & 15];
        }
        out += "'\"";
        break;
      }
      default: out += "null";
    }
  }
  out += '}';
  return out;
}

}  // namespace

// A missing table gives a report with read 0 and an empty origin, for the caller to warn about.
// Rows are numbered by rowid; a view or WITHOUT ROWID table has none, and its rows are numbered 1, 2, ...
// in the order read. A database error stops the read and is kept in report.error.
IngestReport ingest_sqlite(sqlite3* db, const std::string& origin, IngestTarget target) {
  IngestReport report{.source = target.table.spec.name, .origin = origin};
  RowBuilder rows(target, report, "the table");
  const TableSpec& spec = rows.spec();

  std::string table = quote_identifier(spec.name);
  int first = 1;  // result column 0 is the rowid
  sqlite3_stmt* stmt = prepare(db, "SELECT rowid, * FROM " + table);
  if (!stmt) {
    first = 0;
    stmt = prepare(db, "SELECT * FROM " + table);
  }
  if (!stmt) {
    std::string message = sqlite3_errmsg(db);
    if (message.rfind("no such table", 0) == 0)
      report.origin.clear();
    else
      report.error = message;
    return report;
  }

  int count = sqlite3_column_count(stmt);
  std::vector<int> index_of_column(spec.columns.size(), -1);
  for (int i = first; i < count; ++i) {
    int c = spec.find(sqlite3_column_name(stmt, i));
    if (c >= 0 && index_of_column[size_t(c)] < 0) index_of_column[size_t(c)] = i;
  }

  std::vector<int> types(size_t(count), SQLITE_NULL);
  uint64_t ordinal = 0;
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      report.error = sqlite3_errmsg(db);
      break;
    }
    ++ordinal;
    // Types first: reading a value as text may convert it and change what column_type reports.
    for (int i = 0; i < count; ++i) types[size_t(i)] = sqlite3_column_type(stmt, i);
    // A view yields a NULL rowid (or none at all).
    bool has_rowid = first == 1 && types[0] == SQLITE_INTEGER;
    int64_t row_number = has_rowid ? sqlite3_column_int64(stmt, 0) : static_cast<int64_t>(ordinal);

    rows.begin_row();
    for (size_t c = 0; c < index_of_column.size(); ++c) {
      int i = index_of_column[c];
      if (i < 0) {
        rows.set_null(c, NullCause::Absent);
        continue;
      }
      switch (types[size_t(i)]) {
        case SQLITE_NULL: rows.set_null(c, NullCause::Null); break;
        case SQLITE_INTEGER: rows.set_int(c, sqlite3_column_int64(stmt, i)); break;
        case SQLITE_FLOAT: rows.set_double(c, sqlite3_column_double(stmt, i)); break;
        case SQLITE_TEXT: {
          auto text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          rows.set_text(c, std::string_view(text ? text : "", size_t(sqlite3_column_bytes(stmt, i))), true);
          break;
        }
        default: rows.set_wrong_type(c, "a blob");
      }
    }
    rows.finish(row_number, [&] { return row_as_json(stmt, types, first); });
  }
  sqlite3_finalize(stmt);
  return report;
}

}  // namespace jixiao::rt
