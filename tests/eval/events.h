// The event table shared by the evaluation tests: one typed row struct rendered both as CSV for the
// interpreter (in varied but equivalent spellings) and as typed SQLite rows for the expectations.
#pragma once
#include <cstdio>

#include "harness.h"

namespace evalt {

// The source every test project declares (Asia/Shanghai unless a test says otherwise).
inline const char* kEventSource = R"(
source ev "事件" {
  system    "MES"
  time      at
  evidence  id
  id:      string
  at:      timestamp required
  team:    string
  line:    string
  x:       number
  n:       int
  ok:      bool
  result:  enum(OK, NG)
  took:    duration
  note:    string
}
)";

struct Ev {
  Cell id;
  int64_t t = 0;  // event time, UTC seconds
  Cell team, line;
  std::optional<double> x;
  std::optional<int64_t> n;
  std::optional<bool> ok;
  Cell result;
  std::optional<int64_t> took;  // seconds
  Cell note;
};

// Shanghai wall-clock time (UTC+8 all year) to UTC seconds.
inline int64_t sh(int y, int m, int d, int hh, int mi, int ss = 0) { return at_offset(y, m, d, hh, mi, ss, 8); }

inline std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Spellings rotate with the row index: the interpreter must read them all as the same values.
inline std::vector<Cell> render(const Ev& e, size_t k, int offset_hours) {
  std::vector<Cell> row;
  row.push_back(e.id);
  std::string local = wall(e.t, offset_hours);
  switch (k % 4) {
    case 0: {
      char sign = offset_hours < 0 ? '-' : '+';
      row.push_back(local + sign + two(std::abs(offset_hours)) + ":00");
      break;
    }
    case 1: row.push_back(wall(e.t, 0) + "Z"); break;
    case 2: row.push_back(local.substr(0, 10) + " " + local.substr(11)); break;
    default: row.push_back(local);
  }
  row.push_back(e.team);
  row.push_back(e.line);
  row.push_back(e.x ? Cell(number_text(*e.x)) : std::nullopt);
  row.push_back(e.n ? Cell(std::to_string(*e.n)) : std::nullopt);
  if (!e.ok)
    row.push_back(std::nullopt);
  else if (k % 3 == 0)
    row.push_back(*e.ok ? "true" : "false");
  else if (k % 3 == 1)
    row.push_back(*e.ok ? "1" : "0");
  else
    row.push_back(*e.ok ? "yes" : "no");
  row.push_back(e.result);
  if (!e.took) {
    row.push_back(std::nullopt);
  } else {
    int64_t s = *e.took;
    if (k % 3 == 1) {
      row.push_back(std::to_string(s) + "s");
    } else {
      // 1h30m, or 1h 30m as `run --format table` writes it (a bare number has no unit: quarantined).
      const char* gap = k % 3 == 0 ? " " : "";
      std::string text;
      if (s / 3600) text += std::to_string(s / 3600) + "h";
      if (s / 60 % 60) text += (text.empty() ? "" : gap) + std::to_string(s / 60 % 60) + "m";
      if (s % 60 || text.empty()) text += (text.empty() ? "" : gap) + std::to_string(s % 60) + "s";
      row.push_back(text);
    }
  }
  row.push_back(e.note);
  return row;
}

inline std::string events_csv(const std::vector<Ev>& rows, int offset_hours = 8) {
  std::vector<std::vector<Cell>> cells;
  for (size_t k = 0; k < rows.size(); ++k) cells.push_back(render(rows[k], k, offset_hours));
  return csv_text({"id", "at", "team", "line", "x", "n", "ok", "result", "took", "note"}, cells);
}

// Table `ev` in SQLite: rid is the order in which rows are read, t the event time in UTC seconds,
// ok 0/1, took seconds.
inline void load_events(Db& db, const std::vector<Ev>& rows) {
  db.exec(
      "CREATE TABLE ev (rid INTEGER PRIMARY KEY, id TEXT, t INTEGER NOT NULL, team TEXT, line TEXT, x REAL, n INTEGER, "
      "ok INTEGER, "
      "result TEXT, took INTEGER, note TEXT)");
  std::vector<std::vector<Db::Value>> values;
  auto text = [](const Cell& c) -> Db::Value { return c ? Db::Value(*c) : Db::Value(); };
  for (size_t k = 0; k < rows.size(); ++k) {
    const Ev& e = rows[k];
    values.push_back({static_cast<int64_t>(k + 1), text(e.id), e.t, text(e.team), text(e.line),
                      e.x ? Db::Value(*e.x) : Db::Value(), e.n ? Db::Value(*e.n) : Db::Value(),
                      e.ok ? Db::Value(int64_t(*e.ok ? 1 : 0)) : Db::Value(), text(e.result),
                      e.took ? Db::Value(*e.took) : Db::Value(), text(e.note)});
  }
  db.insert("ev", values);
}

// The period label of the local time `lt` (text `YYYY-MM-DD HH:MM:SS`), as docs/language-reference.md spells
// it, in SQL.
inline std::string period_sql(const std::string& grain) {
  // The Thursday of the ISO week holding lt decides its ISO year and week number.
  const std::string thu = "date(lt, '-3 days', 'weekday 4')";
  if (grain == "hour") return "strftime('%Y-%m-%dT%H', lt)";
  if (grain == "day") return "date(lt)";
  if (grain == "week")
    return "(strftime('%Y', " + thu + ") || '-W' || printf('%02d', (CAST(strftime('%j', " + thu +
           ") AS INTEGER) - 1) / 7 + 1))";
  if (grain == "week sunday") return "date(lt, '-6 days', 'weekday 0')";  // the Sunday on or before
  if (grain == "month") return "strftime('%Y-%m', lt)";
  if (grain == "quarter") return "(strftime('%Y', lt) || '-Q' || ((CAST(strftime('%m', lt) AS INTEGER) + 2) / 3))";
  if (grain == "year") return "strftime('%Y', lt)";
  return "'all'";
}

// View `e`: the rows of `ev` up to `as_of` (UTC seconds) with their local time `lt` at a fixed offset
// and their period label `p` for `grain`.
inline void make_view(Db& db, const std::string& grain, int64_t as_of, int offset_hours = 8) {
  db.exec("DROP VIEW IF EXISTS e0");
  db.exec("DROP VIEW IF EXISTS e");
  db.exec("CREATE TEMP VIEW e0 AS SELECT *, datetime(t, 'unixepoch', '" + std::to_string(offset_hours) +
          " hours') AS lt FROM ev WHERE t <= " + std::to_string(as_of));
  db.exec("CREATE TEMP VIEW e AS SELECT *, " + period_sql(grain) + " AS p FROM e0");
}

// `SUM` of rows that contributed (`contrib` holds) and carry an evidence id.
inline std::string evidence_sql(const std::string& contrib) {
  return "SUM(CASE WHEN (" + contrib + ") AND id IS NOT NULL THEN 1 ELSE 0 END)";
}

}  // namespace evalt
