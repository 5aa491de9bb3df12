// SQLite for the benchmarks: the same rows as a benchmark's table, copied into an in-memory database
// for the equivalent SQL to run on.
#pragma once
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "bench/common.h"
#include "runtime/table.h"

namespace jixiao::bench {

inline void sql_exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s\n  in %s\n", error ? error : "?", sql.c_str());
    std::exit(1);
  }
}

// A new in-memory database with table `name` holding `columns` (SQL name, column of `t`) of every row
// of `t`: text and enum columns as TEXT, timestamps as INTEGER seconds, nulls as NULL. `load` gets the
// time the copy took (one transaction, one prepared insert).
inline sqlite3* sqlite_copy(const rt::Table& t, const std::string& name,
                            const std::vector<std::pair<std::string, int>>& columns, Times& load) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  std::string create = "CREATE TABLE " + name + "(", insert = "INSERT INTO " + name + " VALUES(";
  for (size_t k = 0; k < columns.size(); ++k) {
    bool text = t.columns[columns[k].second].kind == rt::ColumnKind::String ||
                t.columns[columns[k].second].kind == rt::ColumnKind::Enum;
    create += (k ? ", " : "") + columns[k].first + (text ? " TEXT" : " INTEGER");
    insert += k ? ", ?" : "?";
  }
  sql_exec(db, create + ")");
  load = best_of(1, [&] {
    sql_exec(db, "BEGIN");
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(db, (insert + ")").c_str(), -1, &ins, nullptr);
    for (size_t row = 0; row < t.rows(); ++row) {
      for (size_t k = 0; k < columns.size(); ++k) {
        const rt::Column& c = t.columns[columns[k].second];
        int param = static_cast<int>(k) + 1;
        if (!c.valid[row]) {
          sqlite3_bind_null(ins, param);
        } else if (c.kind == rt::ColumnKind::String || c.kind == rt::ColumnKind::Enum) {
          const std::string& s = c.dict()[c.codes[row]];
          sqlite3_bind_text(ins, param, s.c_str(), static_cast<int>(s.size()), SQLITE_STATIC);
        } else {
          sqlite3_bind_int64(ins, param, c.kind == rt::ColumnKind::Timestamp ? c.i64[row] / 1'000'000 : c.i64[row]);
        }
      }
      sqlite3_step(ins);
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sql_exec(db, "COMMIT");
  });
  return db;
}

}  // namespace jixiao::bench
