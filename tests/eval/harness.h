// Test harness for tests/runtime_eval_test.cpp: runs `.perf` text over in-memory CSV through the library
// (check_texts -> plan::lower -> rt::ingest_csv -> rt::evaluate_program -> report::result_records), and
// computes expected values independently, in an in-memory SQLite database or by hand.
//
// Nothing here looks at how the interpreter computes a value: expectations come from SQL written from
// docs/language-reference.md and docs/results-schema.md, or from small helpers below that implement the spec's
// definitions directly (civil dates, percentile_cont).
#pragma once
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "compiler/frontend/frontend.h"
#include "compiler/plan/lower.h"
#include "runtime/dataset.h"
#include "runtime/engine.h"
#include "runtime/ingest/ingest.h"
#include "report/records.h"

namespace evalt {

using Json = nlohmann::ordered_json;
using jixiao::rt::Record;

// ---- running a project ----------------------------------------------------------------------------

struct Run {
  std::unique_ptr<jixiao::CheckedProject> project;
  jixiao::plan::ProgramPlan plan;
  jixiao::rt::Dataset data;
  jixiao::rt::RunResult result;
  std::vector<Record> records;
  std::vector<std::string> diagnostics;  // messages of every diagnostic (warnings included)

  // The records of one type and name (ingest records are named by `source`).
  std::vector<Record> of(const std::string& type, const std::string& name) const {
    std::vector<Record> out;
    for (auto& r : records) {
      if (r["type"] != type) continue;
      if (type == "ingest" ? r["source"] == name : r["name"] == name) out.push_back(r);
    }
    return out;
  }
  std::vector<Record> indicator(const std::string& name) const { return of("indicator", name); }
  // The one indicator record with this entity and period; fails the test when there is not exactly one.
  Record value(const std::string& name, const Json& entity, const std::string& period) const {
    std::vector<Record> hits;
    for (auto& r : indicator(name))
      if (r["entity"] == entity && r["period"] == period) hits.push_back(r);
    INFO("indicator " << name << " entity " << entity.dump() << " period " << period);
    REQUIRE(hits.size() == 1);
    return hits[0];
  }
};

inline std::string dump_records(const std::vector<Record>& rs) {
  std::string s;
  for (auto& r : rs) s += r.dump() + "\n";
  return s;
}

// Checks the rules (they must have no errors), loads every source from `csv` (name -> CSV text; a source
// without text is empty) and evaluates at `as_of` (a timestamp in the project zone or with an offset).
inline Run run(const std::string& rules, const std::map<std::string, std::string>& csv, const std::string& as_of) {
  namespace rt = jixiao::rt;
  Run r;
  r.project = jixiao::check_texts({{"rules/project.perf", rules}});
  for (auto& d : r.project->diags.all()) r.diagnostics.push_back(d.message);
  {
    std::string all;
    for (auto& d : r.project->diags.all()) all += jixiao::render_text(d, *r.project->sources) + "\n";
    INFO(all);
    REQUIRE_FALSE(r.project->diags.has_errors());
  }
  r.plan = jixiao::plan::lower(r.project->program);
  auto tz = rt::TimeZone::find(r.plan.timezone);
  REQUIRE(tz);
  for (auto& t : r.plan.tables) r.data.tables.push_back(rt::Table::empty(rt::table_spec(t)));
  for (size_t i = 0; i < r.plan.tables.size(); ++i) {
    const auto& t = r.plan.tables[i];
    if (t.is_chain) continue;
    rt::IngestReport report;
    auto it = csv.find(t.name);
    if (it != csv.end()) {
      std::istringstream in(it->second);
      report =
          rt::ingest_csv(in, "data/" + t.name + ".csv", rt::IngestTarget{r.data.tables[i], r.data.quarantine, *tz});
    }
    report.source = t.name;
    r.data.reports.push_back(report);
  }
  auto t = rt::parse_timestamp(as_of, *tz);
  INFO("as_of " << as_of);
  REQUIRE(t);
  rt::RunOptions ro;
  ro.as_of = *t;
  r.result = rt::evaluate_program(r.plan, r.data.tables, *tz, ro);
  r.records = jixiao::report::result_records(r.plan, r.data, r.result, *tz);
  return r;
}

// ---- civil time, written out from the proleptic Gregorian calendar --------------------------------

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil, public domain algorithm).
inline int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t y;
  int m, d, hh, mi, ss;
};

inline Civil civil_from_seconds(int64_t secs) {
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Civil{yoe + era * 400 + (m <= 2), m, d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
               static_cast<int>(rem % 60)};
}

// UTC seconds of a wall-clock time at a fixed offset (hours east of UTC).
inline int64_t at_offset(int64_t y, int m, int d, int hh, int mi, int ss, int offset_hours) {
  return days_from_civil(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss - offset_hours * 3600;
}

inline std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// `2025-07-01T08:00:00` (no offset) of UTC seconds shifted by `offset_hours`.
inline std::string wall(int64_t utc_secs, int offset_hours) {
  Civil c = civil_from_seconds(utc_secs + offset_hours * 3600);
  return std::to_string(c.y) + "-" + two(c.m) + "-" + two(c.d) + "T" + two(c.hh) + ":" + two(c.mi) + ":" + two(c.ss);
}

// ---- CSV -------------------------------------------------------------------------------------------

using Cell = std::optional<std::string>;  // nullopt: an empty field (null)

inline std::string csv_field(const Cell& c) {
  if (!c) return "";
  const std::string& s = *c;
  if (s.find_first_of(",\"\n\r") == std::string::npos && !s.empty() && s.front() != ' ' && s.back() != ' ') return s;
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

inline std::string csv_text(const std::vector<std::string>& header, const std::vector<std::vector<Cell>>& rows) {
  std::string out;
  for (size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + header[i];
  out += "\n";
  for (auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\n";
  }
  return out;
}

// ---- SQLite ----------------------------------------------------------------------------------------

// percentile_cont(q) over the non-null values: the value at position q * (n - 1) of the sorted values,
// interpolated linearly between its two neighbours (SQL:2003 PERCENTILE_CONT). Registered as the
// aggregate `pct(x, q)`.
inline double percentile_cont(std::vector<double> xs, double q) {
  std::sort(xs.begin(), xs.end());
  double pos = q * static_cast<double>(xs.size() - 1);
  size_t lo = static_cast<size_t>(pos);
  if (lo + 1 >= xs.size()) return xs.back();
  return xs[lo] + (pos - static_cast<double>(lo)) * (xs[lo + 1] - xs[lo]);
}

class Db {
 public:
  Db() {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    auto step = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
      auto* st = static_cast<State*>(sqlite3_aggregate_context(ctx, sizeof(State)));
      if (!st) return;
      if (!st->xs) st->xs = new std::vector<double>;
      st->q = sqlite3_value_double(argv[1]);
      if (sqlite3_value_type(argv[0]) != SQLITE_NULL) st->xs->push_back(sqlite3_value_double(argv[0]));
    };
    auto final = [](sqlite3_context* ctx) {
      auto* st = static_cast<State*>(sqlite3_aggregate_context(ctx, 0));
      if (!st || !st->xs) return sqlite3_result_null(ctx);
      if (st->xs->empty())
        sqlite3_result_null(ctx);
      else
        sqlite3_result_double(ctx, percentile_cont(*st->xs, st->q));
      delete st->xs;
    };
    REQUIRE(sqlite3_create_function(db_, "pct", 2, SQLITE_UTF8, nullptr, nullptr, step, final) == SQLITE_OK);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << "\n" << (err ? err : ""));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
  }

  // Inserts rows; each value is bound as null, integer, real or text.
  using Value = std::variant<std::monostate, int64_t, double, std::string>;
  void insert(const std::string& table, const std::vector<std::vector<Value>>& rows) {
    if (rows.empty()) return;
    std::string sql = "INSERT INTO " + table + " VALUES (";
    for (size_t i = 0; i < rows[0].size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    exec("BEGIN");
    for (auto& row : rows) {
      sqlite3_reset(st);
      for (size_t i = 0; i < row.size(); ++i) {
        int k = static_cast<int>(i) + 1;
        const Value& v = row[i];
        if (std::holds_alternative<int64_t>(v))
          sqlite3_bind_int64(st, k, std::get<int64_t>(v));
        else if (std::holds_alternative<double>(v))
          sqlite3_bind_double(st, k, std::get<double>(v));
        else if (std::holds_alternative<std::string>(v))
          sqlite3_bind_text(st, k, std::get<std::string>(v).c_str(), -1, SQLITE_TRANSIENT);
        else
          sqlite3_bind_null(st, k);
      }
      REQUIRE(sqlite3_step(st) == SQLITE_DONE);
    }
    exec("COMMIT");
    sqlite3_finalize(st);
  }

  // Rows of a query, each column as JSON (NULL -> null, INTEGER -> integer, REAL -> number, TEXT -> string).
  std::vector<std::vector<Json>> query(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr);
    INFO(sql << "\n" << sqlite3_errmsg(db_));
    REQUIRE(rc == SQLITE_OK);
    std::vector<std::vector<Json>> out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<Json> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_INTEGER: row.push_back(static_cast<int64_t>(sqlite3_column_int64(st, c))); break;
          case SQLITE_FLOAT: row.push_back(sqlite3_column_double(st, c)); break;
          case SQLITE_TEXT:
            row.push_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c))));
            break;
          default: row.push_back(nullptr);
        }
      }
      out.push_back(std::move(row));
    }
    REQUIRE(rc == SQLITE_DONE);
    sqlite3_finalize(st);
    return out;
  }

  Json scalar(const std::string& sql) {
    auto rows = query(sql);
    REQUIRE(rows.size() == 1);
    return rows[0][0];
  }

 private:
  struct State {
    std::vector<double>* xs;
    double q;
  };
  sqlite3* db_ = nullptr;
};

// ---- comparing -------------------------------------------------------------------------------------

// Numbers compare numerically (integers and floats alike) within 1e-9 relative; everything else exactly.
inline bool same_value(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    if (x == y) return true;
    return std::abs(x - y) <= 1e-9 * std::max(std::abs(x), std::abs(y));
  }
  return a == b;
}

// A key for an (entity, period) pair that does not depend on how numbers are spelled (1 vs 1.0).
inline std::string group_key(const Json& entity, const Json& period) {
  Json e = Json::object();
  for (auto& [k, v] : entity.items()) e[k] = v.is_number() ? Json(v.get<double>()) : v;
  return e.dump() + " @ " + period.dump();
}

struct Expected {
  Json entity;  // object
  std::string period;
  Json value;
  std::optional<int64_t> rows, evidence;
  std::optional<std::string> status;
};

// Expected values from a query whose columns are: the `by` keys (in `keys` order), the period label,
// the value, and optionally rows, evidence and status (NULL: not checked).
inline std::vector<Expected> expected_from(Db& db, const std::vector<std::string>& keys, const std::string& sql) {
  std::vector<Expected> out;
  for (auto& row : db.query(sql)) {
    REQUIRE(row.size() >= keys.size() + 2);
    Expected e;
    e.entity = Json::object();
    for (size_t k = 0; k < keys.size(); ++k) e.entity[keys[k]] = row[k];
    e.period = row[keys.size()].get<std::string>();
    e.value = row[keys.size() + 1];
    size_t i = keys.size() + 2;
    // a NULL in these columns: not checked
    if (row.size() > i && !row[i].is_null()) e.rows = row[i].get<int64_t>();
    if (row.size() > i + 1 && !row[i + 1].is_null()) e.evidence = row[i + 1].get<int64_t>();
    if (row.size() > i + 2 && !row[i + 2].is_null()) e.status = row[i + 2].get<std::string>();
    out.push_back(std::move(e));
  }
  return out;
}

// The indicator's records are exactly the expected groups, with the expected values. Returns the
// number of groups compared.
inline size_t compare(const Run& r, const std::string& name, const std::vector<Expected>& expected) {
  std::map<std::string, Record> actual;
  for (auto& rec : r.indicator(name)) {
    auto key = group_key(rec["entity"], rec["period"]);
    INFO("indicator " << name << ": duplicate group " << key);
    REQUIRE(actual.emplace(key, rec).second);
  }
  std::map<std::string, const Expected*> want;
  for (auto& e : expected) {
    auto key = group_key(e.entity, e.period);
    INFO("expected " << name << ": duplicate group " << key);
    REQUIRE(want.emplace(key, &e).second);
  }
  for (auto& [key, rec] : actual) {
    INFO("indicator " << name << ": unexpected group " << key << ": " << rec.dump());
    CHECK(want.count(key) == 1);
  }
  for (auto& [key, e] : want) {
    auto it = actual.find(key);
    INFO("indicator " << name << " group " << key);
    CHECK(it != actual.end());
    if (it == actual.end()) continue;
    const Record& rec = it->second;
    INFO("got " << rec.dump() << "\nwant value " << e->value.dump() << " rows " << (e->rows ? *e->rows : -1)
                << " evidence " << (e->evidence ? *e->evidence : -1) << " status " << e->status.value_or("-"));
    CHECK(same_value(rec["value"], e->value));
    if (e->rows) CHECK(rec["rows"] == *e->rows);
    if (e->evidence) CHECK(rec["evidence"] == *e->evidence);
    if (e->status) CHECK(rec["status"] == *e->status);
  }
  return want.size();
}

inline size_t compare_sql(const Run& r, Db& db, const std::string& name, const std::vector<std::string>& keys,
                          const std::string& sql) {
  INFO("SQL: " << sql);
  auto expected = expected_from(db, keys, sql);
  return compare(r, name, expected);
}

}  // namespace evalt
