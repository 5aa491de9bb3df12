// The interpreter against the specification (docs/language-reference.md; `run --format json` records:
// docs/results-schema.md).
//
// Every expected value is computed independently of the program: by SQL over the same rows in an
// in-memory SQLite database (whose NULL handling is SQL's three-valued logic, as the spec's), or by
// hand. The rows are typed structs (tests/eval/events.h) rendered once as CSV for the interpreter
// and once as typed SQLite rows; periods are bucketed in SQL with strftime on local times for the
// fixed-offset Asia/Shanghai, and by hand for Europe/Berlin's daylight-saving changes.
#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "eval/events.h"

using namespace evalt;

namespace {

const char* kShanghai = R"(project t "测试" { timezone "Asia/Shanghai" }
)";

// A small hand-made data set (Asia/Shanghai) with the edge cases the spec names: null keys, null
// values, ties in event time, empty filters, a row exactly at as_of and rows after it.
std::vector<Ev> d1() {
  auto S = [](const char* s) { return Cell(s); };
  Cell N;  // null
  return {
      {S("R01"), sh(2025, 7, 1, 8, 0), S("T1"), S("L1"), 10, 1, true, S("OK"), 90, S("正常")},
      {S("R02"), sh(2025, 7, 1, 9, 0), S("T1"), S("pilot"), 20, 2, false, S("NG"), 7200, S("缺陷 A, 返工")},
      {N, sh(2025, 7, 1, 9, 0), S("T1"), N, std::nullopt, 3, std::nullopt, S("NG"), std::nullopt, N},
      {S("R04"), sh(2025, 7, 1, 23, 30), S("T1"), S("L2"), -5.5, std::nullopt, true, N, 1800, S("Bad Weld")},
      {S("R05"), sh(2025, 7, 1, 9, 0), S("T1"), S("L1"), 2.5, 2, true, S("OK"), 60, S("TX123456 ok")},
      {S("R06"), sh(2025, 7, 2, 9, 0), S("T2"), S("L1"), std::nullopt, 4, true, S("OK"), 3600, S("ok")},
      {S("R07"), sh(2025, 7, 2, 10, 0), S("T2"), S("L1"), 7, 5, false, S("NG"), 45, S("电芯抽检不良")},
      {S("R08"), sh(2025, 7, 2, 10, 0), S("T2"), S("L2"), 0.125, 5, true, S("OK"), std::nullopt, S("OK")},
      {S("R09"), sh(2025, 7, 2, 15, 0), S("T2"), S("L2"), 1, 6, std::nullopt, S("NG"), 5400, S("Ärger")},
      {S("R10"), sh(2025, 7, 2, 15, 0), S("T2"), S("pilot"), -2.5, std::nullopt, false, S("OK"), 10, S("返工")},
      {N, sh(2025, 7, 2, 16, 0), S("T2"), S("L1"), std::nullopt, 7, true, N, 20, N},
      {S("R12"), sh(2025, 7, 1, 12, 0), N, S("L1"), 3, 1, true, S("OK"), 100, S("无团队")},
      {S("R13"), sh(2025, 7, 2, 12, 0), N, N, 0, 0, false, S("NG"), 0, S("零")},
      {S("R14"), sh(2025, 7, 3, 0, 0), S("T1"), S("L1"), 0.1234561, 8, true, S("OK"), 120, S("TX000001")},
      {S("R15"), sh(2025, 7, 3, 0, 0), S("T1"), S("L1"), 0.1234562, 8, false, S("NG"), 121, S("Tx1234567")},
      {S("R16"), sh(2025, 7, 3, 10, 0), S("T1"), S("L3"), -0.375, 9, true, S("NG"), 600, S("抽检")},
      {S("R17"), sh(2025, 7, 3, 12, 0), S("T1"), S("L1"), 50, 10, true, S("OK"), 3660, S("as_of 整点")},
      // after as_of: ignored (x = 1e6 would make `x > 1000` non-empty)
      {S("R18"), sh(2025, 7, 3, 12, 0, 1), S("T1"), S("L1"), 1e6, 11, true, S("OK"), 1, S("late")},
      {S("R19"), sh(2025, 7, 4, 8, 0), S("T2"), S("L1"), 5, 1, true, S("OK"), 1, S("tomorrow")},
  };
}
const char* kD1AsOf = "2025-07-03T12:00:00+08:00";
const int64_t kD1AsOfSecs = sh(2025, 7, 3, 12, 0);

struct Agg {
  const char* name;
  const char* value;  // the rule's value
  std::string sql;  // the same over the group's rows of view `e`
  std::string contrib;  // the rows that produce the value (docs/language-reference.md, evidence)
};

// first/last by event time, ties to the row read first, nulls skipped: a correlated subquery.
// `keys` are the group's key columns (compared null-safely with IS).
std::string first_sql(const std::vector<std::string>& keys, const std::string& x, const std::string& filter,
                      bool last) {
  std::string same;
  for (auto& k : keys) same += "f." + k + " IS e." + k + " AND ";
  return "(SELECT " + x + " FROM e AS f WHERE " + same + "f.p = e.p AND (" + filter + ") AND " + x +
         " IS NOT NULL ORDER BY f.t " + (last ? "DESC" : "ASC") + ", f.rid ASC LIMIT 1)";
}

std::vector<Agg> aggregates(const std::vector<std::string>& keys = {"team"}) {
  auto first_sql = [&](const std::string& x, const std::string& filter, bool last) {
    return ::first_sql(keys, x, filter, last);
  };
  std::vector<Agg> a = {
      {"a_count", "count()", "COUNT(*)", "1"},
      {"a_count_ng", "count(where result == NG)", "SUM(CASE WHEN result = 'NG' THEN 1 ELSE 0 END)", "result = 'NG'"},
      {"a_count_x", "count(x)", "COUNT(x)", "x IS NOT NULL"},
      {"a_count_x_ok", "count(x where ok)", "COUNT(CASE WHEN ok THEN x END)", "ok AND x IS NOT NULL"},
      {"a_count_empty", "count(where x > 1000)", "SUM(CASE WHEN x > 1000 THEN 1 ELSE 0 END)", "x > 1000"},
      {"a_cd_line", "count_distinct(line)", "COUNT(DISTINCT line)", "line IS NOT NULL"},
      {"a_cd_x", "count_distinct(x)", "COUNT(DISTINCT x)", "x IS NOT NULL"},
      {"a_cd_n_ng", "count_distinct(n where result == NG)", "COUNT(DISTINCT CASE WHEN result = 'NG' THEN n END)",
       "result = 'NG' AND n IS NOT NULL"},
      {"a_sum", "sum(x)", "SUM(x)", "x IS NOT NULL"},
      {"a_sum_n", "sum(n)", "SUM(n)", "n IS NOT NULL"},
      {"a_sum_not_pilot", "sum(x where line != \"pilot\")", "SUM(CASE WHEN line <> 'pilot' THEN x END)",
       "line <> 'pilot' AND x IS NOT NULL"},
      {"a_sum_empty", "sum(x where x > 1000)", "SUM(CASE WHEN x > 1000 THEN x END)", "x > 1000"},
      {"a_avg", "avg(x)", "AVG(x)", "x IS NOT NULL"},
      {"a_avg_ok", "avg(x where ok)", "AVG(CASE WHEN ok THEN x END)", "ok AND x IS NOT NULL"},
      {"a_avg_empty", "avg(n where x > 1000)", "AVG(CASE WHEN x > 1000 THEN n END)", "x > 1000 AND n IS NOT NULL"},
      {"a_min", "min(x)", "MIN(x)", "x IS NOT NULL"},
      {"a_max", "max(x)", "MAX(x)", "x IS NOT NULL"},
      {"a_min_ng", "min(x where result == NG)", "MIN(CASE WHEN result = 'NG' THEN x END)",
       "result = 'NG' AND x IS NOT NULL"},
      {"a_max_empty", "max(x where x > 1000)", "MAX(CASE WHEN x > 1000 THEN x END)", "x > 1000"},
      {"a_max_line", "max(line)", "MAX(line)", "line IS NOT NULL"},
      {"a_min_note", "min(note)", "MIN(note)", "note IS NOT NULL"},
      {"a_median", "median(x)", "pct(x, 0.5)", "x IS NOT NULL"},
      {"a_median_n", "median(n)", "pct(n, 0.5)", "n IS NOT NULL"},
      {"a_p90", "percentile(x, 0.9)", "pct(x, 0.9)", "x IS NOT NULL"},
      {"a_p90_percent", "percentile(x, 90%)", "pct(x, 0.9)", "x IS NOT NULL"},
      {"a_p0", "percentile(x, 0)", "MIN(x)", "x IS NOT NULL"},
      {"a_p100", "percentile(x, 1)", "MAX(x)", "x IS NOT NULL"},
      {"a_cd_ok", "count_distinct(ok)", "COUNT(DISTINCT ok)", "ok IS NOT NULL"},
      {"a_cd_result", "count_distinct(result where x is not null)",
       "COUNT(DISTINCT CASE WHEN x IS NOT NULL THEN result END)", "x IS NOT NULL AND result IS NOT NULL"},
      {"a_p25_ok", "percentile(n where ok, 0.25)", "pct(CASE WHEN ok THEN n END, 0.25)", "ok AND n IS NOT NULL"},
      {"a_first", "first(x)", first_sql("f.x", "1", false), "x IS NOT NULL"},
      {"a_last", "last(x)", first_sql("f.x", "1", true), "x IS NOT NULL"},
      {"a_first_line", "first(line)", first_sql("f.line", "1", false), "line IS NOT NULL"},
      {"a_last_note", "last(note)", first_sql("f.note", "1", true), "note IS NOT NULL"},
      {"a_last_ok_x", "last(x where result == OK)", first_sql("f.x", "f.result = 'OK'", true),
       "result = 'OK' AND x IS NOT NULL"},
      {"a_first_n_ng", "first(n where result == NG)", first_sql("f.n", "f.result = 'NG'", false),
       "result = 'NG' AND n IS NOT NULL"},
      {"a_share", "share(result == NG)", "AVG(CASE WHEN result = 'NG' THEN 1.0 ELSE 0.0 END)", "1"},
      {"a_share_ok", "share(ok)", "AVG(CASE WHEN ok THEN 1.0 ELSE 0.0 END)", "1"},
      // share(p where q): the share among the rows where q holds
      {"a_share_where", "share(result == NG where line is not null)",
       "SUM(CASE WHEN line IS NOT NULL AND result = 'NG' THEN 1.0 ELSE 0.0 END) / SUM(CASE WHEN line IS NOT NULL THEN "
       "1 ELSE 0 END)",
       "line IS NOT NULL"},
      {"a_ratio", "count(where result == NG) / count(x)",
       "SUM(CASE WHEN result = 'NG' THEN 1 ELSE 0 END) * 1.0 / COUNT(x)", "result = 'NG' OR x IS NOT NULL"},
      {"a_avg_took", "avg(took)", "AVG(took)", "took IS NOT NULL"},
      {"a_sum_took_ok", "sum(took where ok)", "SUM(CASE WHEN ok THEN took END)", "ok AND took IS NOT NULL"},
      {"a_max_took", "max(took)", "MAX(took)", "took IS NOT NULL"},
      {"a_median_took", "median(took)", "pct(took, 0.5)", "took IS NOT NULL"},
      {"a_span", "max(x) - min(x where ok)", "MAX(x) - MIN(CASE WHEN ok THEN x END)", "x IS NOT NULL"},
  };
  return a;
}

std::string aggregate_rules(const std::string& by, const std::string& every) {
  std::string rules = std::string(kShanghai) + kEventSource;
  for (auto& a : aggregates()) {
    rules += "indicator " + std::string(a.name) + " {\n  from ev\n  value " + a.value + "\n";
    if (!by.empty()) rules += "  by " + by + "\n";
    if (!every.empty()) rules += "  every " + every + "\n";
    rules += "}\n";
  }
  return rules;
}

}  // namespace

TEST_CASE("every aggregate matches SQL over a hand-made data set, by team and day", "[eval][aggregate]") {
  auto rows = d1();
  Run r = run(aggregate_rules("team", "day"), {{"ev", events_csv(rows)}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "day", kD1AsOfSecs);
  size_t groups = 0;
  for (auto& a : aggregates()) {
    std::string sql =
        "SELECT team, p, " + a.sql + ", COUNT(*), " + evidence_sql(a.contrib) + " FROM e GROUP BY team, p";
    groups += compare_sql(r, db, a.name, {"team"}, sql);
  }
  // T1 on 07-01 and 07-03, T2 on 07-02, the null team on 07-01 and 07-02; nothing on 07-04 (after as_of).
  CHECK(groups == aggregates().size() * 5);
  CHECK(r.indicator("a_count").size() == 5);
}

TEST_CASE("aggregates by hand: ties, nulls, empty filters, as_of", "[eval][aggregate]") {
  auto rows = d1();
  Run r = run(aggregate_rules("team", "day"), {{"ev", events_csv(rows)}}, kD1AsOf);
  Json t1 = {{"team", "T1"}}, t2 = {{"team", "T2"}}, none = {{"team", nullptr}};
  // first/last: by event time, skipping nulls; ties go to the row read first.
  CHECK(r.value("a_first", t1, "2025-07-01")["value"] == 10.0);
  CHECK(r.value("a_last", t1, "2025-07-01")["value"] == -5.5);
  CHECK(r.value("a_first", t2, "2025-07-02")["value"] ==
        7.0);  // 09:00 has a null x; 10:00 ties 7 (read first) and 0.125
  CHECK(r.value("a_last", t2, "2025-07-02")["value"] == 1.0);  // 16:00 has a null x; 15:00 ties 1 (read first) and -2.5
  CHECK(r.value("a_first_line", t1, "2025-07-01")["value"] == "L1");
  // the row at exactly as_of counts, the one a second later does not
  CHECK(r.value("a_count", t1, "2025-07-03")["value"] == 4.0);
  CHECK(r.value("a_max", t1, "2025-07-03")["value"] == 50.0);
  // count of an empty filter is 0; sum/avg/min/max over no values are null
  CHECK(r.value("a_count_empty", t1, "2025-07-03")["value"] == 0.0);
  CHECK(r.value("a_sum_empty", t1, "2025-07-03")["value"].is_null());
  CHECK(r.value("a_avg_empty", t1, "2025-07-03")["value"].is_null());
  CHECK(r.value("a_max_empty", t1, "2025-07-03")["value"].is_null());
  // sum over the null team's rows on 07-01 (one row, x = 3)
  CHECK(r.value("a_sum", none, "2025-07-01")["value"] == 3.0);
  // count_distinct tells 0.1234561 and 0.1234562 apart
  CHECK(r.value("a_cd_x", t1, "2025-07-03")["value"] == 4.0);
  // median of T1's x on 07-01: 10, 20, -5.5, 2.5 -> (2.5 + 10) / 2
  CHECK(r.value("a_median", t1, "2025-07-01")["value"] == 6.25);
  // percentile 0.9 of the same: sorted -5.5 2.5 10 20, position 2.7 -> 10 + 0.7 * 10
  CHECK(same_value(r.value("a_p90", t1, "2025-07-01")["value"], 17.0));
  // share(result == NG) for T2 on 07-02: NG rows 7 and 9 of 6 rows (row 11's null result is in the denominator)
  CHECK(same_value(r.value("a_share", t2, "2025-07-02")["value"], 2.0 / 6.0));
  // avg of a duration is a duration, in seconds: T1 07-01 took 90, 7200, 1800, 60
  CHECK(same_value(r.value("a_avg_took", t1, "2025-07-01")["value"], (90 + 7200 + 1800 + 60) / 4.0));
  // evidence: the null-id row 3 counts in rows but not evidence; count(where NG) takes only NG rows
  auto c = r.value("a_count", t1, "2025-07-01");
  CHECK(c["rows"] == 5);
  CHECK(c["evidence"] == 4);
  auto ng = r.value("a_count_ng", t1, "2025-07-01");
  CHECK(ng["value"] == 2.0);
  CHECK(ng["rows"] == 5);
  CHECK(ng["evidence"] == 1);  // R02 (row 3 is NG but has no id)
}

TEST_CASE("every aggregate matches SQL by two columns without `every` (period all, null keys own groups)",
          "[eval][aggregate][by]") {
  auto rows = d1();
  Run r = run(aggregate_rules("team, line", ""), {{"ev", events_csv(rows)}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "all", kD1AsOfSecs);
  size_t groups = 0;
  for (auto& a : aggregates({"team", "line"})) {
    std::string sql =
        "SELECT team, line, p, " + a.sql + ", COUNT(*), " + evidence_sql(a.contrib) + " FROM e GROUP BY team, line, p";
    groups += compare_sql(r, db, a.name, {"team", "line"}, sql);
  }
  size_t per_indicator = db.query("SELECT DISTINCT team, line FROM e").size();
  CHECK(per_indicator == 10);
  CHECK(groups == aggregates().size() * per_indicator);
  // (T1, null) and (null, null) are groups of their own
  CHECK(r.value("a_count", {{"team", "T1"}, {"line", nullptr}}, "all")["value"] == 1.0);
  CHECK(r.value("a_count", {{"team", nullptr}, {"line", nullptr}}, "all")["value"] == 1.0);
  CHECK(r.value("a_count", {{"team", nullptr}, {"line", "L1"}}, "all")["value"] == 1.0);
}

TEST_CASE("an int key and an enum key", "[eval][by]") {
  auto rows = d1();
  std::string rules = std::string(kShanghai) + kEventSource + R"(
indicator by_n { from ev; value sum(x); by line, n }
indicator by_result { from ev; value count(); by result; every day }
)";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "all", kD1AsOfSecs);
  compare_sql(r, db, "by_n", {"line", "n"},
              "SELECT line, n, p, SUM(x), COUNT(*), " + evidence_sql("x IS NOT NULL") + " FROM e GROUP BY line, n");
  make_view(db, "day", kD1AsOfSecs);
  compare_sql(r, db, "by_result", {"result"},
              "SELECT result, p, COUNT(*), COUNT(*), " + evidence_sql("1") + " FROM e GROUP BY result, p");
  // An int column's values are written as integers (`"n":2`, not `"n":2.0`), as the data has them.
  int ints = 0;
  for (auto& rec : r.records)
    if (rec["type"] == "indicator" && rec["name"] == "by_n" && !rec["entity"]["n"].is_null()) {
      CHECK(rec["entity"]["n"].is_number_integer());
      CHECK(rec["entity"]["n"].dump().find('.') == std::string::npos);
      ++ints;
    }
  CHECK(ints > 0);
}

namespace {
struct Where {
  const char* name;
  const char* perf;
  const char* sql;
};
const std::vector<Where> kWheres = {
    {"w_eq", "line == \"pilot\"", "line = 'pilot'"},
    {"w_ne", "line != \"pilot\"", "line <> 'pilot'"},
    {"w_in", "line in [\"L1\", \"L2\"]", "line IN ('L1', 'L2')"},
    {"w_not_in", "line not in [\"L1\", \"L2\"]", "line NOT IN ('L1', 'L2')"},
    {"w_is_null", "line is null", "line IS NULL"},
    {"w_is_not_null", "line is not null", "line IS NOT NULL"},
    {"w_not_eq", "not (line == \"pilot\")", "NOT (line = 'pilot')"},
    {"w_or", "line == \"pilot\" or x > 5", "line = 'pilot' OR x > 5"},
    {"w_and", "line == \"pilot\" and x > 5", "line = 'pilot' AND x > 5"},
    {"w_not_and", "not (x > 5 and line == \"L1\")", "NOT (x > 5 AND line = 'L1')"},
    {"w_not_or", "not (x > 5 or line == \"L1\")", "NOT (x > 5 OR line = 'L1')"},
    {"w_bool", "ok", "ok"},
    {"w_not_bool", "not ok", "NOT ok"},
    {"w_bool_or_enum", "ok or result == NG", "ok OR result = 'NG'"},
    {"w_enum_string", "result == \"OK\" and team != \"T1\"", "result = 'OK' AND team <> 'T1'"},
    {"w_enum_in", "result in [NG] or result is null", "result IN ('NG') OR result IS NULL"},
    {"w_enum_not_in", "result not in [NG]", "result NOT IN ('NG')"},
    {"w_int_in", "n in [1, 2, 8]", "n IN (1, 2, 8)"},
    {"w_arith", "x * n > 10", "x * n > 10"},
    {"w_arith_null", "x + n >= 0 or x - n < 0", "x + n >= 0 OR x - n < 0"},
    {"w_div_zero", "x / (n - 2) > 0 or x / (n - 2) <= 0", "x / (n - 2) > 0 OR x / (n - 2) <= 0"},
    {"w_neg", "-x < 0", "-x < 0"},
    {"w_time", "at >= 2025-07-02T00:00 and at < 2025-07-03", "t >= 1751385600 AND t < 1751472000"},
    {"w_duration", "took > 1h and took <= 2h", "took > 3600 AND took <= 7200"},
    {"w_null_or_true", "line is null or (x > 1000 or true)", "line IS NULL OR (x > 1000 OR 1)"},
    {"w_text", "note == \"正常\" or note != \"ok\" and team is null", "note = '正常' OR note <> 'ok' AND team IS NULL"},
    {"w_none", "x > 1000", "x > 1000"},
};
}  // namespace

TEST_CASE("where: SQL's three-valued logic", "[eval][where]") {
  auto rows = d1();
  // 2025-07-02T00:00 in Shanghai is 1751385600 (2025-07-01T16:00Z); 2025-07-03 one day later.
  REQUIRE(sh(2025, 7, 2, 0, 0) == 1751385600);
  std::string rules = std::string(kShanghai) + kEventSource;
  for (auto& w : kWheres)
    rules += "indicator " + std::string(w.name) + " {\n  from ev\n  where " + w.perf +
             "\n  value count() + 0 * count(x)\n}\n";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "all", kD1AsOfSecs);
  for (auto& w : kWheres) {
    // A group exists only when a row passes `where`: no row, no record.
    std::string sql = std::string("SELECT 'all', COUNT(*), COUNT(*), ") + evidence_sql("1") + " FROM e WHERE " + w.sql +
                      " HAVING COUNT(*) > 0";
    compare_sql(r, db, w.name, {}, sql);
  }
  CHECK(r.indicator("w_none").empty());
  // By hand: of the 17 rows up to as_of, 2 have a null line; they pass neither `==` nor `!=`.
  auto count = [&](const char* name) { return r.value(name, Json::object(), "all")["value"].get<double>(); };
  CHECK(count("w_eq") == 2);
  CHECK(count("w_ne") == 13);
  CHECK(count("w_is_null") == 2);
  CHECK(count("w_eq") + count("w_ne") + count("w_is_null") == 17);
  CHECK(count("w_not_eq") == 13);
  CHECK(count("w_in") + count("w_not_in") == 15);
}

TEST_CASE("value expressions: arithmetic with null, division by zero, if and coalesce", "[eval][value]") {
  auto rows = d1();
  std::string rules = std::string(kShanghai) + kEventSource + R"(
indicator v_null_add { from ev; value sum(x) + sum(x where x > 1000); by team; every day }
indicator v_div0 { from ev; value sum(x) / count(where x > 1000); by team; every day }
indicator v_div0_self { from ev; value count() / (count() - count()); by team; every day }
indicator v_coalesce { from ev; value coalesce(sum(x where x > 1000), -1); by team; every day }
indicator v_if_null { from ev; value if(sum(x where x > 1000) > 0, 1, 2); by team; every day }
indicator v_if { from ev; value if(count(where result == NG) > 1, sum(x), -sum(x)); by team; every day }
indicator v_round { from ev; value round(avg(x), 1); by team; every day }
indicator v_mix { from ev; value (sum(x) - min(x)) * 2 / count(x) + max(n); by team; every day }
)";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "day", kD1AsOfSecs);
  auto q = [&](const char* name, const std::string& value, const std::string& contrib) {
    compare_sql(r, db, name, {"team"},
                "SELECT team, p, " + value + ", COUNT(*), " + evidence_sql(contrib) + " FROM e GROUP BY team, p");
  };
  q("v_null_add", "SUM(x) + SUM(CASE WHEN x > 1000 THEN x END)", "x IS NOT NULL");
  q("v_div0", "SUM(x) / SUM(CASE WHEN x > 1000 THEN 1 ELSE 0 END)", "x IS NOT NULL OR x > 1000");
  q("v_div0_self", "COUNT(*) * 1.0 / (COUNT(*) - COUNT(*))", "1");
  q("v_coalesce", "COALESCE(SUM(CASE WHEN x > 1000 THEN x END), -1)", "x > 1000");
  q("v_if_null", "CASE WHEN SUM(CASE WHEN x > 1000 THEN x END) > 0 THEN 1 ELSE 2 END", "x > 1000");
  q("v_if", "CASE WHEN SUM(CASE WHEN result = 'NG' THEN 1 ELSE 0 END) > 1 THEN SUM(x) ELSE -SUM(x) END",
    "result = 'NG' OR x IS NOT NULL");
  q("v_round", "round(AVG(x), 1)", "x IS NOT NULL");
  q("v_mix", "(SUM(x) - MIN(x)) * 2 / COUNT(x) + MAX(n)", "x IS NOT NULL OR n IS NOT NULL");
  for (auto& rec : r.indicator("v_null_add")) CHECK(rec["value"].is_null());
  for (auto& rec : r.indicator("v_div0")) CHECK(rec["value"].is_null());
  for (auto& rec : r.indicator("v_div0_self")) CHECK(rec["value"].is_null());
  for (auto& rec : r.indicator("v_coalesce")) CHECK(rec["value"] == -1.0);
  for (auto& rec : r.indicator("v_if_null")) CHECK(rec["value"] == 2.0);
}

namespace {
enum class Fold { Max, Min, Sum, Tri };
struct Fn {
  const char* name;
  Fold fold;
  std::string perf;  // a row expression
  std::string sql;  // the same in SQLite (over view `e`, `lt` the local time)
};
// Whether a condition is true (10), false (1) or unknown (0) in each group, seen through `count(where ...)`.
const std::vector<Fn> kFunctions = {
    {"f_arith", Fold::Max, "x * n + 1", "x * n + 1"},
    {"f_div", Fold::Max, "x / (n - 2)", "x / (n - 2)"},
    {"f_neg", Fold::Min, "-x", "-x"},
    {"f_if", Fold::Max, "if(ok, x, n)", "CASE WHEN ok THEN x ELSE n END"},
    {"f_if_cmp", Fold::Max, "if(x > n, x - n, n - x)", "CASE WHEN x > n THEN x - n ELSE n - x END"},
    {"f_coalesce", Fold::Max, "coalesce(x, n, 0)", "COALESCE(x, n, 0)"},
    {"f_coalesce_text", Fold::Max, "coalesce(line, note)", "COALESCE(line, note)"},
    {"f_if_text", Fold::Max, "if(ok, line, note)", "CASE WHEN ok THEN line ELSE note END"},
    {"f_contains_column", Fold::Tri, "contains(note, line)", "instr(note, line) > 0"},
    {"f_abs", Fold::Max, "abs(x)", "abs(x)"},
    {"f_round", Fold::Max, "round(x)", "round(x)"},
    {"f_round_min", Fold::Min, "round(x)", "round(x)"},
    {"f_round2", Fold::Max, "round(x, 2)", "round(x, 2)"},
    {"f_round2_min", Fold::Min, "round(x, 2)", "round(x, 2)"},
    {"f_floor", Fold::Max, "floor(x)", "floor(x)"},
    {"f_ceil", Fold::Max, "ceil(x)", "ceil(x)"},
    // least/greatest take the non-null arguments (docs/language-reference.md)
    {"f_least", Fold::Max, "least(x, n)", "CASE WHEN x IS NULL THEN n WHEN n IS NULL THEN x ELSE min(x, n) END"},
    {"f_greatest", Fold::Max, "greatest(x, n, 0)", "max(COALESCE(x, 0), COALESCE(n, 0), 0)"},
    {"f_lower", Fold::Max, "lower(note)", "lower(note)"},
    {"f_len", Fold::Max, "len(note)", "length(note)"},
    {"f_len_lower", Fold::Sum, "len(lower(note))", "length(lower(note))"},
    {"f_contains", Fold::Tri, "contains(note, \"缺陷\")", "instr(note, '缺陷') > 0"},
    {"f_contains_ascii", Fold::Tri, "contains(note, \"ok\")", "instr(note, 'ok') > 0"},
    {"f_contains_any", Fold::Tri, "contains_any(note, [\"返工\", \"不良\"])",
     "instr(note, '返工') > 0 OR instr(note, '不良') > 0"},
    // RE2, anywhere in the text, case-sensitive: by hand, R05 `TX123456 ok` and R14 `TX000001` match
    // (R15 `Tx1234567` does not: `x` is lowercase).
    {"f_matches", Fold::Tri, "matches(note, \"T[A-Z]?[0-9]{6}\")",
     "CASE WHEN note IS NULL THEN NULL ELSE id IN ('R05', 'R14') END"},
    {"f_matches_anchored", Fold::Tri, "matches(note, \"^OK$\")",
     "CASE WHEN note IS NULL THEN NULL ELSE id IN ('R08') END"},
    {"f_matches_cjk", Fold::Tri, "matches(note, \"抽检.?\")",
     "CASE WHEN note IS NULL THEN NULL ELSE id IN ('R07', 'R16') END"},
    {"f_hours", Fold::Max, "hours(took)", "took / 3600.0"},
    {"f_minutes", Fold::Sum, "minutes(took)", "took / 60.0"},
    {"f_days", Fold::Max, "days(took)", "took / 86400.0"},
    {"f_date", Fold::Max, "date(at)", "date(lt)"},
    {"f_date_eq", Fold::Tri, "date(at) == 2025-07-02", "date(lt) = '2025-07-02'"},
    {"f_weekday", Fold::Max, "weekday(at)", "(CAST(strftime('%w', lt) AS INTEGER) + 6) % 7 + 1"},
    {"f_weekday_date", Fold::Min, "weekday(date(at))", "(CAST(strftime('%w', lt) AS INTEGER) + 6) % 7 + 1"},
    {"f_hour_of", Fold::Max, "hour_of(at)", "CAST(strftime('%H', lt) AS INTEGER)"},
    {"f_lower_eq", Fold::Tri, "lower(note) == \"ok\"", "lower(note) = 'ok'"},
    {"f_text_cmp", Fold::Tri, "note < \"T\"", "note < 'T'"},
};

std::string fold_perf(const Fn& f) {
  switch (f.fold) {
    case Fold::Max: return "max(" + f.perf + ")";
    case Fold::Min: return "min(" + f.perf + ")";
    case Fold::Sum: return "sum(" + f.perf + ")";
    default: return "count(where " + f.perf + ") * 10 + count(where not (" + f.perf + "))";
  }
}
std::string fold_sql(const Fn& f) {
  switch (f.fold) {
    case Fold::Max: return "MAX(" + f.sql + ")";
    case Fold::Min: return "MIN(" + f.sql + ")";
    case Fold::Sum: return "SUM(" + f.sql + ")";
    default: return "SUM(CASE WHEN " + f.sql + " THEN 10 WHEN NOT (" + f.sql + ") THEN 1 ELSE 0 END)";
  }
}
}  // namespace

TEST_CASE("scalar functions, row by row", "[eval][functions]") {
  auto rows = d1();
  std::string rules = std::string(kShanghai) + kEventSource;
  // One group per evidence id (the two rows without an id form the null group).
  for (auto& f : kFunctions)
    rules += "indicator " + std::string(f.name) + " {\n  from ev\n  value " + fold_perf(f) + "\n  by id\n}\n";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "all", kD1AsOfSecs);
  for (auto& f : kFunctions) {
    // the rows an aggregate takes in are those where its input is not null
    compare_sql(r, db, f.name, {"id"},
                "SELECT id, p, " + fold_sql(f) + ", COUNT(*), " + evidence_sql("(" + f.sql + ") IS NOT NULL") +
                    " FROM e GROUP BY id");
  }
  // By hand, for the spec's own words.
  auto v = [&](const char* name, const char* id) { return r.value(name, {{"id", id}}, "all")["value"]; };
  CHECK(v("f_round", "R05") == 3.0);  // 2.5: half away from zero
  CHECK(v("f_round", "R10") == -3.0);  // -2.5
  CHECK(v("f_round", "R04") == -6.0);  // -5.5
  CHECK(v("f_round2", "R08") == 0.13);  // 0.125
  CHECK(v("f_round2", "R16") == -0.38);  // -0.375
  CHECK(v("f_floor", "R04") == -6.0);
  CHECK(v("f_ceil", "R04") == -5.0);
  CHECK(v("f_div", "R02").is_null());  // 20 / (2 - 2): division by zero gives null
  CHECK(v("f_len", "R07") == 6.0);  // 电芯抽检不良: six code points
  CHECK(v("f_len", "R02") == 8.0);  // 缺陷 A, 返工
  CHECK(v("f_len", "R09") == 5.0);  // Ärger
  CHECK(v("f_contains", "R02") == 10.0);
  CHECK(v("f_contains", "R01") == 1.0);
  CHECK(v("f_matches", "R05") == 10.0);
  CHECK(v("f_matches", "R15") == 1.0);
  CHECK(v("f_hours", "R09") == 1.5);  // 5400 s
  CHECK(v("f_date", "R14") == "2025-07-03");  // local midnight in Shanghai
  CHECK(v("f_weekday", "R01") == 2.0);  // 2025-07-01 is a Tuesday
  CHECK(v("f_hour_of", "R04") == 23.0);
  CHECK(v("f_hour_of", "R14") == 0.0);
  CHECK(v("f_least", "R04") == -5.5);  // n is null
  CHECK(v("f_greatest", "R04") == 0.0);
  CHECK(v("f_lower", "R04") == "bad weld");
  CHECK(r.value("f_contains", {{"id", nullptr}}, "all")["value"] == 0.0);  // both null-id rows have a null note
}

namespace {
// A generated data set: fixed seed, ~20% nulls in every nullable column, times on two-hour marks (many
// ties) with some in between, a rare team T6 whose x is always null, rows after as_of.
std::vector<Ev> random_events(uint64_t seed, size_t count) {
  std::mt19937_64 rng(seed);
  auto uni = [&](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  auto null20 = [&] { return uni(0, 99) < 20; };
  const std::vector<std::string> lines = {"L1", "L2", "L3", "pilot"};
  const std::vector<std::string> notes = {"正常",     "缺陷",      "返工 ok",    "OK", "电芯抽检不良",
                                          "TX123456", "a,b \"q\"", "多行\n文本", "Bad"};
  std::vector<Ev> out;
  const int64_t base = sh(2024, 12, 20, 0, 0);
  for (size_t i = 0; i < count; ++i) {
    Ev e;
    if (!null20()) e.id = "E" + std::to_string(10000 + i);
    e.t = base + uni(0, 236 * 12 - 1) * 7200 + (uni(0, 3) == 0 ? uni(0, 7199) : 0);
    bool rare = uni(0, 99) < 2;
    if (!null20()) e.team = rare ? std::string("T6") : "T" + std::to_string(uni(1, 5));
    if (!null20()) e.line = lines[static_cast<size_t>(uni(0, 3))];
    if (!null20() && !rare) e.x = static_cast<double>(uni(-5000, 15000)) / 100.0;
    if (!null20()) e.n = uni(0, 20);
    if (!null20()) e.ok = uni(0, 1) == 1;
    if (!null20()) e.result = uni(0, 99) < 15 ? "NG" : "OK";
    if (!null20()) e.took = uni(0, 1) ? uni(0, 600) * 60 : uni(0, 36000);
    if (!null20()) e.note = notes[static_cast<size_t>(uni(0, static_cast<int64_t>(notes.size()) - 1))];
    out.push_back(std::move(e));
  }
  return out;
}
const char* kRandomAsOf = "2025-08-01T00:00";  // local (Shanghai); the data runs to mid-August
const int64_t kRandomAsOfSecs = sh(2025, 8, 1, 0, 0);
const uint64_t kSeed = 20250701;
const size_t kRandomRows = 3000;

const std::vector<std::string> kGrains = {"hour", "day", "week", "month", "quarter", "year", ""};
}  // namespace

TEST_CASE("every grain in Asia/Shanghai matches SQL strftime buckets on generated data", "[eval][periods][random]") {
  auto rows = random_events(kSeed, kRandomRows);
  std::string rules = std::string(kShanghai) + kEventSource;
  for (auto& g : kGrains) {
    std::string name = "g_" + (g.empty() ? std::string("all") : g);
    rules += "indicator " + name + " {\n  from ev\n  value sum(x)\n  by team\n" +
             (g.empty() ? "" : "  every " + g + "\n") + "}\n";
  }
  Run r = run(rules, {{"ev", events_csv(rows)}}, kRandomAsOf);
  auto ingest = r.of("ingest", "ev");
  REQUIRE(ingest.size() == 1);
  CHECK(ingest[0]["read"] == kRandomRows);
  CHECK(ingest[0]["accepted"] == kRandomRows);
  Db db;
  load_events(db, rows);
  REQUIRE(db.scalar("SELECT COUNT(*) FROM ev WHERE t > " + std::to_string(kRandomAsOfSecs)).get<int64_t>() > 50);
  for (auto& g : kGrains) {
    std::string name = "g_" + (g.empty() ? std::string("all") : g);
    make_view(db, g.empty() ? "all" : g, kRandomAsOfSecs);
    size_t n =
        compare_sql(r, db, name, {"team"},
                    "SELECT team, p, SUM(x), COUNT(*), " + evidence_sql("x IS NOT NULL") + " FROM e GROUP BY team, p");
    INFO(name);
    CHECK(n > 0);
  }
  // The ISO year boundary lies in the data: 2024-12-30 and 2024-12-31 belong to 2025-W01.
  make_view(db, "week", kRandomAsOfSecs);
  CHECK(db.scalar("SELECT COUNT(*) FROM e WHERE date(lt) = '2024-12-30' AND p = '2025-W01'").get<int64_t>() > 0);
  CHECK_FALSE(r.indicator("g_week").empty());
  // T6 has rows but never an x: its groups exist with a null value.
  bool t6_null = false;
  for (auto& rec : r.indicator("g_month"))
    if (rec["entity"]["team"] == "T6") t6_null = rec["value"].is_null() && rec["evidence"] == 0;
  CHECK(t6_null);
}

TEST_CASE("a project `week sunday`: weeks labelled by their first day (Sunday)", "[eval][periods]") {
  auto rows = random_events(kSeed + 1, 1500);
  // By hand, Shanghai: Saturday 2025-06-28 23:59 is in the week of Sunday 06-22; Sunday 06-29 00:00
  // starts week 2025-06-29; Tuesday 2024-12-31 is in the week of Sunday 2024-12-29.
  rows.push_back({Cell("H1"), sh(2025, 6, 28, 23, 59), Cell("H"), {}, 1, {}, {}, {}, {}, {}});
  rows.push_back({Cell("H2"), sh(2025, 6, 29, 0, 0), Cell("H"), {}, 2, {}, {}, {}, {}, {}});
  rows.push_back({Cell("H3"), sh(2025, 7, 5, 23, 59, 59), Cell("H"), {}, 4, {}, {}, {}, {}, {}});
  rows.push_back({Cell("H4"), sh(2024, 12, 31, 12, 0), Cell("H"), {}, 8, {}, {}, {}, {}, {}});
  std::string rules = R"(project t { timezone "Asia/Shanghai"; week sunday }
)" + std::string(kEventSource) +
                      R"(
indicator wk { from ev; value sum(x); by team; every week }
)";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kRandomAsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "week sunday", kRandomAsOfSecs);
  compare_sql(r, db, "wk", {"team"},
              "SELECT team, p, SUM(x), COUNT(*), " + evidence_sql("x IS NOT NULL") + " FROM e GROUP BY team, p");
  Json h = {{"team", "H"}};
  CHECK(r.value("wk", h, "2025-06-22")["value"] == 1.0);
  CHECK(r.value("wk", h, "2025-06-29")["value"] == 6.0);
  CHECK(r.value("wk", h, "2024-12-29")["value"] == 8.0);
  CHECK(r.indicator("wk").size() > 100);
}

TEST_CASE("generated data: indicators compared with SQL value by value", "[eval][random]") {
  auto rows = random_events(kSeed, kRandomRows);
  std::string rules = std::string(kShanghai) + kEventSource + R"(
indicator r_ratio { from ev; value count(where result == NG) / count(x); by team; every week; unit percent }
indicator r_avg { from ev; where ok is not null; value avg(x where line != "pilot"); by team, line; every month }
indicator r_median { from ev; value median(x); by team; every quarter }
indicator r_p90 { from ev; value percentile(x where ok, 0.9); by line; every month }
indicator r_first { from ev; value first(x); by team; every day }
indicator r_last { from ev; value last(line); by team; every day }
indicator r_last_ng { from ev; value last(n where result == NG); by team; every week }
indicator r_share { from ev; value share(ok); by line; every hour }
indicator r_took { from ev; value avg(took); by team; every year }
indicator r_cd { from ev; value count_distinct(note); by team; every week }
indicator r_empty { from ev; value sum(x where result == NG and line == "pilot"); by team; every day }
indicator r_span { from ev; where line != "pilot" or line is null; value max(x) - min(x); by team; every month }
indicator r_count { from ev; value count(where ok and line != "pilot"); by team; every month }
indicator r_mixed { from ev; where not (result == NG) or x > 100; value round(sum(x * n) / count(), 3) + coalesce(min(n where ok), -1); by team, result; every month }
)";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kRandomAsOf);
  Db db;
  load_events(db, rows);
  auto first_last = [](const std::vector<std::string>& keys, const std::string& x, const std::string& filter,
                       bool last) { return first_sql(keys, x, filter, last); };
  struct Case {
    const char* name;
    std::vector<std::string> keys;
    const char* grain;
    std::string where;  // indicator-level
    std::string value;
    std::string contrib;
  };
  const std::vector<Case> cases = {
      {"r_ratio",
       {"team"},
       "week",
       "1",
       "SUM(CASE WHEN result = 'NG' THEN 1 ELSE 0 END) * 1.0 / COUNT(x)",
       "result = 'NG' OR x IS NOT NULL"},
      {"r_avg",
       {"team", "line"},
       "month",
       "ok IS NOT NULL",
       "AVG(CASE WHEN line <> 'pilot' THEN x END)",
       "line <> 'pilot' AND x IS NOT NULL"},
      {"r_median", {"team"}, "quarter", "1", "pct(x, 0.5)", "x IS NOT NULL"},
      {"r_p90", {"line"}, "month", "1", "pct(CASE WHEN ok THEN x END, 0.9)", "ok AND x IS NOT NULL"},
      {"r_first", {"team"}, "day", "1", first_last({"team"}, "f.x", "1", false), "x IS NOT NULL"},
      {"r_last", {"team"}, "day", "1", first_last({"team"}, "f.line", "1", true), "line IS NOT NULL"},
      {"r_last_ng",
       {"team"},
       "week",
       "1",
       first_last({"team"}, "f.n", "f.result = 'NG'", true),
       "result = 'NG' AND n IS NOT NULL"},
      {"r_share", {"line"}, "hour", "1", "AVG(CASE WHEN ok THEN 1.0 ELSE 0.0 END)", "1"},
      {"r_took", {"team"}, "year", "1", "AVG(took)", "took IS NOT NULL"},
      {"r_cd", {"team"}, "week", "1", "COUNT(DISTINCT note)", "note IS NOT NULL"},
      {"r_empty",
       {"team"},
       "day",
       "1",
       "SUM(CASE WHEN result = 'NG' AND line = 'pilot' THEN x END)",
       "result = 'NG' AND line = 'pilot' AND x IS NOT NULL"},
      {"r_span", {"team"}, "month", "line <> 'pilot' OR line IS NULL", "MAX(x) - MIN(x)", "x IS NOT NULL"},
      {"r_count",
       {"team"},
       "month",
       "1",
       "SUM(CASE WHEN ok AND line <> 'pilot' THEN 1 ELSE 0 END)",
       "ok AND line <> 'pilot'"},
      {"r_mixed",
       {"team", "result"},
       "month",
       "NOT (result = 'NG') OR x > 100",
       "round(SUM(x * n) * 1.0 / COUNT(*), 3) + COALESCE(MIN(CASE WHEN ok THEN n END), -1)",
       "x * n IS NOT NULL OR (ok AND n IS NOT NULL) OR 1"},
  };
  size_t total = 0;
  for (auto& c : cases) {
    make_view(db, c.grain, kRandomAsOfSecs);
    std::string keys;
    for (auto& k : c.keys) keys += k + ", ";
    // the indicator's `where` goes into the view, so the correlated first/last subqueries see it too
    db.exec("DROP VIEW IF EXISTS e");
    db.exec("CREATE TEMP VIEW e AS SELECT *, " + period_sql(c.grain) + " AS p FROM e0 WHERE " + c.where);
    size_t n = compare_sql(r, db, c.name, c.keys,
                           "SELECT " + keys + "p, " + c.value + ", COUNT(*), " + evidence_sql(c.contrib) +
                               " FROM e GROUP BY " + keys + "p");
    INFO(c.name);
    CHECK(n > 3);
    total += n;
  }
  CHECK(total > 2000);
  // some groups exist with an empty filter: the value is null, the group is there
  size_t null_values = 0;
  for (auto& rec : r.indicator("r_empty")) null_values += rec["value"].is_null();
  CHECK(null_values > 100);
}

TEST_CASE("every grain in Europe/Berlin across both daylight-saving changes of 2025, by hand", "[eval][periods][dst]") {
  // Berlin: CET (+01:00) until 2025-03-30T01:00Z, CEST (+02:00) until 2025-10-26T01:00Z, then CET.
  // The spring day has 23 hours (no local 02:xx); the autumn day 25 (local 02:xx twice).
  struct Row {
    const char* id;
    const char* at;  // as written in the CSV
    const char* hour;
    const char* day;
    const char* week;
    const char* month;
    const char* quarter;
    const char* year;
    int local_hour;
  };
  const std::vector<Row> rows = {
      {"a1", "2025-03-29T22:59:59Z", "2025-03-29T23", "2025-03-29", "2025-W13", "2025-03", "2025-Q1", "2025", 23},
      {"a2", "2025-03-29T23:00:00Z", "2025-03-30T00", "2025-03-30", "2025-W13", "2025-03", "2025-Q1", "2025", 0},
      {"a3", "2025-03-30T01:30:00+01:00", "2025-03-30T01", "2025-03-30", "2025-W13", "2025-03", "2025-Q1", "2025", 1},
      {"a4", "2025-03-30T01:00:00Z", "2025-03-30T03", "2025-03-30", "2025-W13", "2025-03", "2025-Q1", "2025", 3},
      {"a5", "2025-03-30T01:59:59Z", "2025-03-30T03", "2025-03-30", "2025-W13", "2025-03", "2025-Q1", "2025", 3},
      {"a6", "2025-03-30T21:59:59Z", "2025-03-30T23", "2025-03-30", "2025-W13", "2025-03", "2025-Q1", "2025", 23},
      {"a7", "2025-03-30T22:00:00Z", "2025-03-31T00", "2025-03-31", "2025-W14", "2025-03", "2025-Q1", "2025", 0},
      {"a8", "2025-03-31T21:59:59Z", "2025-03-31T23", "2025-03-31", "2025-W14", "2025-03", "2025-Q1", "2025", 23},
      {"a9", "2025-03-31T22:00:00Z", "2025-04-01T00", "2025-04-01", "2025-W14", "2025-04", "2025-Q2", "2025", 0},
      {"b1", "2025-10-25T21:59:59Z", "2025-10-25T23", "2025-10-25", "2025-W43", "2025-10", "2025-Q4", "2025", 23},
      {"b2", "2025-10-25T22:00:00Z", "2025-10-26T00", "2025-10-26", "2025-W43", "2025-10", "2025-Q4", "2025", 0},
      {"b3", "2025-10-26T00:00:00Z", "2025-10-26T02+02:00", "2025-10-26", "2025-W43", "2025-10", "2025-Q4", "2025", 2},
      {"b4", "2025-10-26T02:59:59+02:00", "2025-10-26T02+02:00", "2025-10-26", "2025-W43", "2025-10", "2025-Q4", "2025",
       2},
      {"b5", "2025-10-26T01:00:00Z", "2025-10-26T02+01:00", "2025-10-26", "2025-W43", "2025-10", "2025-Q4", "2025", 2},
      {"b6", "2025-10-26T02:30:00+01:00", "2025-10-26T02+01:00", "2025-10-26", "2025-W43", "2025-10", "2025-Q4", "2025",
       2},
      {"b7", "2025-10-26T02:00:00Z", "2025-10-26T03", "2025-10-26", "2025-W43", "2025-10", "2025-Q4", "2025", 3},
      {"b8", "2025-10-26T22:59:59Z", "2025-10-26T23", "2025-10-26", "2025-W43", "2025-10", "2025-Q4", "2025", 23},
      {"b9", "2025-10-26T23:00:00Z", "2025-10-27T00", "2025-10-27", "2025-W44", "2025-10", "2025-Q4", "2025", 0},
      {"c1", "2025-12-31T22:59:59Z", "2025-12-31T23", "2025-12-31", "2026-W01", "2025-12", "2025-Q4", "2025", 23},
      {"c2", "2025-12-31T23:00:00Z", "2026-01-01T00", "2026-01-01", "2026-W01", "2026-01", "2026-Q1", "2026", 0},
  };
  std::string csv = "id,at,x\n";
  for (auto& row : rows) csv += std::string(row.id) + "," + row.at + ",1\n";
  csv += "c3,2025-12-31T23:00:01Z,1\n";  // one second after as_of: ignored
  std::string rules = R"(project t { timezone "Europe/Berlin" }
)" + std::string(kEventSource) +
                      R"(
indicator per_hour { from ev; value count(); every hour }
indicator per_day { from ev; value count(); every day }
indicator per_week { from ev; value count(); every week }
indicator per_month { from ev; value count(); every month }
indicator per_quarter { from ev; value count(); every quarter }
indicator per_year { from ev; value count(); every year }
indicator per_all { from ev; value count() }
indicator local_hour { from ev; value max(hour_of(at)); by id }
indicator local_date { from ev; value max(date(at)); by id }
)";
  Run r = run(rules, {{"ev", csv}}, "2026-01-01T00:00:00+01:00");
  auto expect_counts = [&](const char* name, const char* Row::*label) {
    std::map<std::string, int> counts;
    for (auto& row : rows) ++counts[row.*label];
    std::vector<Expected> expected;
    for (auto& [period, n] : counts) expected.push_back({Json::object(), period, n, n, n, "ok"});
    compare(r, name, expected);
  };
  expect_counts("per_hour", &Row::hour);
  expect_counts("per_day", &Row::day);
  expect_counts("per_week", &Row::week);
  expect_counts("per_month", &Row::month);
  expect_counts("per_quarter", &Row::quarter);
  expect_counts("per_year", &Row::year);
  compare(r, "per_all",
          {{Json::object(), "all", static_cast<int64_t>(rows.size()), static_cast<int64_t>(rows.size()), {}, {}}});
  std::vector<Expected> hours, dates;
  for (auto& row : rows) {
    hours.push_back({{{"id", row.id}}, "all", row.local_hour, 1, 1, {}});
    dates.push_back({{{"id", row.id}}, "all", row.day, 1, 1, {}});
  }
  compare(r, "local_hour", hours);
  compare(r, "local_date", dates);
  // the two autumn 02:00 hours are distinct groups, the spring 02:00 hour does not exist
  CHECK(r.value("per_hour", Json::object(), "2025-10-26T02+02:00")["value"] == 2.0);
  CHECK(r.value("per_hour", Json::object(), "2025-10-26T02+01:00")["value"] == 2.0);
  CHECK(r.value("per_day", Json::object(), "2025-10-26")["value"] == 7.0);  // b2 .. b8
}

TEST_CASE("composite indicators: missing components are null, coalesce, evidence union, worst status",
          "[eval][composite]") {
  auto rows = d1();
  std::string rules = std::string(kShanghai) + kEventSource + R"(
indicator c_ng { from ev; value count(where result == NG); by team; every day }
indicator c_okx { from ev; where line == "L1"; value sum(x where ok); by team; every day }
indicator c_ratio { value c_ng / c_okx; by team; every day }
indicator c_sum { value coalesce(c_okx, 0) + c_ng; by team; every day }
indicator c_ng3 { from ev; value count(where result == NG); by team; every day; sample at least 3 }
indicator c_insufficient { value c_ng3 + coalesce(c_okx, 0); by team; every day }
indicator c_x2 { from ev; value count(x); by team; every day; evidence at least 2 }
indicator c_unsupported { value c_x2 * 2; by team; every day }
)";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "day", kD1AsOfSecs);
  const std::string parts =
      "WITH a AS (SELECT team, p, SUM(CASE WHEN result = 'NG' THEN 1 ELSE 0 END) AS v, COUNT(*) AS n, "
      "          SUM(CASE WHEN x IS NOT NULL THEN 1 ELSE 0 END) AS nx, " +
      evidence_sql("x IS NOT NULL") + " AS evx, " +
      evidence_sql("result = 'NG' OR (line = 'L1' AND ok AND x IS NOT NULL)") +
      " AS ev FROM e GROUP BY team, p), "
      "b AS (SELECT team, p, SUM(CASE WHEN ok THEN x END) AS v FROM e WHERE line = 'L1' GROUP BY team, p) ";
  const std::string join = " FROM a LEFT JOIN b ON a.team IS b.team AND a.p = b.p";
  // b's groups are a subset of a's (same rows, a narrower `where`), so a's groups are the union.
  REQUIRE(db.scalar("SELECT COUNT(*) FROM (SELECT team, p FROM e WHERE line = 'L1' GROUP BY team, p)").get<int64_t>() <
          db.scalar("SELECT COUNT(*) FROM (SELECT team, p FROM e GROUP BY team, p)").get<int64_t>());
  compare_sql(r, db, "c_ratio", {"team"}, parts + "SELECT a.team, a.p, a.v * 1.0 / b.v, NULL, a.ev, 'ok'" + join);
  compare_sql(r, db, "c_sum", {"team"}, parts + "SELECT a.team, a.p, COALESCE(b.v, 0) + a.v, NULL, a.ev, 'ok'" + join);
  compare_sql(r, db, "c_insufficient", {"team"},
              parts +
                  "SELECT a.team, a.p, a.v + COALESCE(b.v, 0), NULL, a.ev, CASE WHEN a.n < 3 THEN 'insufficient' ELSE "
                  "'ok' END" +
                  join);
  compare_sql(
      r, db, "c_unsupported", {"team"},
      parts + "SELECT a.team, a.p, a.nx * 2, NULL, a.evx, CASE WHEN a.evx < 2 THEN 'unsupported' ELSE 'ok' END" + join);
  // by hand: T2 on 07-02 has L1 rows but no ok row with an x among them (R06 x null, R07 not ok)
  Json t2 = {{"team", "T2"}};
  CHECK(r.value("c_okx", t2, "2025-07-02")["value"].is_null());
  CHECK(r.value("c_ratio", t2, "2025-07-02")["value"].is_null());
  CHECK(r.value("c_sum", t2, "2025-07-02")["value"] == 2.0);  // NG: R07 and R09; c_okx null -> 0
  CHECK(r.value("c_ratio", {{"team", nullptr}}, "2025-07-01")["value"] == 0.0);  // no NG / R12's 3
}

TEST_CASE("`by x in S`: every listed entity in every period", "[eval][by]") {
  auto rows = d1();
  std::string rules = std::string(kShanghai) + kEventSource + R"(
source teams { team: string required }
indicator l_count { from ev; where team is not null; value count(); by team in teams; every day }
indicator l_sum { from ev; where team is not null; value sum(x); by team in teams; every day }
indicator l_share { from ev; where team is not null; value share(ok); by team in teams; every day }
indicator l_cd { from ev; where team is not null; value count_distinct(line) + count(x); by team in teams; every day }
indicator l_all { from ev; where team is not null; value count(where ok); by team in teams }
)";
  Run r = run(rules, {{"ev", events_csv(rows)}, {"teams", "team\nT1\nT2\nT9\n"}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  auto listed = [&](const std::string& grain, const std::string& aggs, const std::string& value) {
    make_view(db, grain, kD1AsOfSecs);
    return "WITH t(team) AS (VALUES ('T1'), ('T2'), ('T9')), d AS (SELECT DISTINCT p FROM e WHERE team IS NOT NULL), "
           "g AS (SELECT team, p, COUNT(*) AS n, " +
           aggs +
           " FROM e WHERE team IS NOT NULL GROUP BY team, p) "
           "SELECT t.team, d.p, " +
           value +
           ", COALESCE(g.n, 0), COALESCE(g.ev, 0) FROM t CROSS JOIN d LEFT JOIN g ON g.team = t.team AND g.p = d.p";
  };
  // Days 07-01 .. 07-03 all have rows, so "every period" is those three whatever its reach.
  size_t n = compare_sql(r, db, "l_count", {"team"}, listed("day", evidence_sql("1") + " AS ev", "COALESCE(g.n, 0)"));
  CHECK(n == 9);
  compare_sql(r, db, "l_sum", {"team"},
              listed("day", "SUM(x) AS v, " + evidence_sql("x IS NOT NULL") + " AS ev", "g.v"));
  compare_sql(r, db, "l_share", {"team"},
              listed("day", "AVG(CASE WHEN ok THEN 1.0 ELSE 0.0 END) AS v, " + evidence_sql("1") + " AS ev", "g.v"));
  compare_sql(
      r, db, "l_cd", {"team"},
      listed("day",
             "COUNT(DISTINCT line) + COUNT(x) AS v, " + evidence_sql("line IS NOT NULL OR x IS NOT NULL") + " AS ev",
             "COALESCE(g.v, 0)"));
  compare_sql(
      r, db, "l_all", {"team"},
      listed("all", "SUM(CASE WHEN ok THEN 1 ELSE 0 END) AS v, " + evidence_sql("ok") + " AS ev", "COALESCE(g.v, 0)"));
  // by hand: T9 has no rows at all, T1 none on 07-02
  auto t9 = r.value("l_count", {{"team", "T9"}}, "2025-07-02");
  CHECK(t9["value"] == 0.0);
  CHECK(t9["rows"] == 0);
  CHECK(t9["evidence"] == 0);
  CHECK(r.value("l_sum", {{"team", "T1"}}, "2025-07-02")["value"].is_null());
  CHECK(r.value("l_share", {{"team", "T9"}}, "2025-07-01")["value"].is_null());
}

TEST_CASE("evidence at least N -> unsupported, sample at least N -> insufficient", "[eval][evidence]") {
  auto rows = d1();
  std::string rules = std::string(kShanghai) + kEventSource + R"(
indicator s_ev { from ev; value count(); by team; every day; evidence at least 3 }
indicator s_sample { from ev; value count(); by team; every day; sample at least 3 }
indicator s_ev_ng { from ev; value count(where result == NG); by team; every day; evidence at least 1 }
indicator s_sample_where { from ev; where line is not null; value sum(x); by team; every day; sample at least 2 }
indicator s_ev_sum { from ev; value sum(x where ok) + count(where result == NG); by team; evidence at least 3 }
)";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "day", kD1AsOfSecs);
  auto status = [](const std::string& ev, const std::string& rows_, const std::string& ev_min,
                   const std::string& sample_min) {
    return "CASE WHEN " + ev + " < " + ev_min + " THEN 'unsupported' WHEN " + rows_ + " < " + sample_min +
           " THEN 'insufficient' ELSE 'ok' END";
  };
  std::string ev_all = evidence_sql("1");
  compare_sql(r, db, "s_ev", {"team"},
              "SELECT team, p, COUNT(*), COUNT(*), " + ev_all + ", " + status(ev_all, "COUNT(*)", "3", "0") +
                  " FROM e GROUP BY team, p");
  compare_sql(r, db, "s_sample", {"team"},
              "SELECT team, p, COUNT(*), COUNT(*), " + ev_all + ", " + status(ev_all, "COUNT(*)", "0", "3") +
                  " FROM e GROUP BY team, p");
  std::string ev_ng = evidence_sql("result = 'NG'");
  compare_sql(r, db, "s_ev_ng", {"team"},
              "SELECT team, p, SUM(CASE WHEN result = 'NG' THEN 1 ELSE 0 END), COUNT(*), " + ev_ng + ", " +
                  status(ev_ng, "COUNT(*)", "1", "0") + " FROM e GROUP BY team, p");
  std::string ev_x = evidence_sql("x IS NOT NULL");
  compare_sql(r, db, "s_sample_where", {"team"},
              "SELECT team, p, SUM(x), COUNT(*), " + ev_x + ", " + status(ev_x, "COUNT(*)", "0", "2") +
                  " FROM e WHERE line IS NOT NULL GROUP BY team, p");
  make_view(db, "all", kD1AsOfSecs);
  std::string ev_sum = evidence_sql("(ok AND x IS NOT NULL) OR result = 'NG'");
  compare_sql(
      r, db, "s_ev_sum", {"team"},
      "SELECT team, p, SUM(CASE WHEN ok THEN x END) + SUM(CASE WHEN result = 'NG' THEN 1 ELSE 0 END), COUNT(*), " +
          ev_sum + ", " + status(ev_sum, "COUNT(*)", "3", "0") + " FROM e GROUP BY team");
  // by hand: T1 on 07-01 has 5 rows, 4 with an id, 1 NG row with an id (R02; row 3 is NG without one)
  auto ng = r.value("s_ev_ng", {{"team", "T1"}}, "2025-07-01");
  CHECK(ng["evidence"] == 1);
  CHECK(ng["status"] == "ok");
  auto t2 = r.value("s_ev_ng", {{"team", nullptr}}, "2025-07-01");  // R12 only, not NG
  CHECK(t2["evidence"] == 0);
  CHECK(t2["status"] == "unsupported");
}

TEST_CASE("values in base units: durations in seconds, timestamps with the zone's offset, declared units",
          "[eval][units]") {
  auto rows = d1();
  std::string rules = std::string(kShanghai) + kEventSource + R"(
indicator u_avg_took { from ev; value avg(took); by team; every day }
indicator u_sum_took { from ev; value sum(took) + 30m; by team }
indicator u_ratio { from ev; value count(where result == NG) / count(); unit percent }
indicator u_first_at { from ev; value min(at); by team }
indicator u_last_at { from ev; value last(at); by team }
)";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kD1AsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "day", kD1AsOfSecs);
  compare_sql(r, db, "u_avg_took", {"team"},
              "SELECT team, p, AVG(took), COUNT(*), " + evidence_sql("took IS NOT NULL") + " FROM e GROUP BY team, p");
  make_view(db, "all", kD1AsOfSecs);
  compare_sql(
      r, db, "u_sum_took", {"team"},
      "SELECT team, p, SUM(took) + 1800, COUNT(*), " + evidence_sql("took IS NOT NULL") + " FROM e GROUP BY team");
  // by hand: T1 on 07-03 took 120, 121, 600, 3660 s -> 1125.25 s
  CHECK(r.value("u_avg_took", {{"team", "T1"}}, "2025-07-03")["value"] == 1125.25);
  auto ratio = r.value("u_ratio", Json::object(), "all");
  CHECK(ratio["unit"] == "percent");
  CHECK(same_value(ratio["value"], 7.0 / 17.0));  // NG: R02, row 3, R07, R09, R13, R15, R16
  CHECK(r.value("u_first_at", {{"team", "T1"}}, "all")["value"] == "2025-07-01T08:00:00+08:00");
  CHECK(r.value("u_last_at", {{"team", "T1"}}, "all")["value"] == "2025-07-03T12:00:00+08:00");
  CHECK(r.value("u_first_at", {{"team", nullptr}}, "all")["value"] == "2025-07-01T12:00:00+08:00");
}

TEST_CASE("quarantine: every kind of bad row, with its reason, and read == accepted + quarantined", "[eval][ingest]") {
  std::string rules = std::string(kShanghai) + R"(
source q {
  time      at
  evidence  id
  id:      string required
  at:      timestamp required
  n:       int
  x:       number
  ok:      bool
  result:  enum(OK, NG)
  d:       date
  took:    duration
}
indicator q_count { from q; value count(); by result }
indicator q_values { from q; value sum(n) + sum(x) + count(where ok) + days(sum(took)) }
)";
  // line 1 is the header
  std::string csv =
      "id,at,n,x,ok,result,d,took,extra\n"
      "G1,2025-07-01T08:00,1,1.5,true,OK,2025-07-01,90s,whatever\n"  // 2: accepted (an extra column is ignored)
      ",2025-07-01T08:00,1,1.5,true,OK,2025-07-01,90s,x\n"  // 3: missing required id
      "B2,2025-07-01T08:00,1,abc,true,OK,2025-07-01,90s,x\n"  // 4: bad number
      "B3,2025-07-01T08:00,1.5,1,true,OK,2025-07-01,90s,x\n"  // 5: bad int
      "B4,2025-07-01T08:00,1,1,maybe,OK,2025-07-01,90s,x\n"  // 6: bad bool
      "B5,2025-13-01T08:00,1,1,true,OK,2025-07-01,90s,x\n"  // 7: bad timestamp
      "B6,2025-07-01T08:00,1,1,true,MAYBE,2025-07-01,90s,x\n"  // 8: unknown enum member
      "B7,2025-07-01T08:00,1,1,true,OK,2025-07-01,90s\n"  // 9: 8 fields
      "B8,2025-07-01T08:00,1,1,true,OK,2025-07-01,90s,x,y\n"  // 10: 10 fields
      "G2,2025-07-01 09:00,,,,,,,\n"  // 11: accepted, nulls
      "B9,,1,1,true,OK,2025-07-01,90s,x\n"  // 12: missing required at
      "B10,2025-07-01T08:00,1,1,true,OK,2025-02-30,90s,x\n"  // 13: bad date
      "B11,2025-07-01T08:00,1,1,true,OK,2025-07-01,2min,x\n"  // 14: bad duration
      "B12,2025-07-01T08:00,1,1,true,OK,2025-07-01,7000000000000w,x\n";  // 15: 134 billion years
  Run r = run(rules, {{"q", csv}}, "2025-07-02T00:00");
  auto ingest = r.of("ingest", "q");
  REQUIRE(ingest.size() == 1);
  CHECK(ingest[0]["read"] == 14);
  CHECK(ingest[0]["accepted"] == 2);
  CHECK(ingest[0]["quarantined"] == 12);
  CHECK(ingest[0]["read"].get<int64_t>() ==
        ingest[0]["accepted"].get<int64_t>() + ingest[0]["quarantined"].get<int64_t>());
  struct Want {
    uint64_t line;
    std::vector<std::string> mentions;  // the reason names the column and quotes the value
  };
  const std::vector<Want> want = {
      {3, {"`id`", "required"}},
      {4, {"`x`", "abc", "number"}},
      {5, {"`n`", "1.5", "integer"}},
      {6, {"`ok`", "maybe", "bool"}},
      {7, {"`at`", "2025-13-01T08:00", "timestamp"}},
      {8, {"`result`", "MAYBE"}},
      {9, {"fields", "8"}},
      {10, {"fields", "10"}},
      {12, {"`at`", "required"}},
      {13, {"`d`", "2025-02-30", "date"}},
      {14, {"`took`", "2min", "duration"}},
      {15, {"`took`", "7000000000000w", "too long"}},
  };
  REQUIRE(r.data.quarantine.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const auto& q = r.data.quarantine[i];
    INFO("line " << want[i].line << ": " << q.reason << " | raw " << q.raw);
    CHECK(q.source == "q");
    CHECK(q.row_number == static_cast<int64_t>(want[i].line));
    CHECK_FALSE(q.raw.empty());
    for (auto& m : want[i].mentions) CHECK(q.reason.find(m) != std::string::npos);
  }
  // Only the accepted rows are evaluated.
  CHECK(r.value("q_count", {{"result", "OK"}}, "all")["value"] == 1.0);
  CHECK(r.value("q_count", {{"result", nullptr}}, "all")["value"] == 1.0);
  CHECK(r.indicator("q_count").size() == 2);
  CHECK(r.value("q_values", Json::object(), "all")["value"] == 1 + 1.5 + 1 + 90.0 / 86400);  // G1's values
}

TEST_CASE("scalar functions over generated data, by team and day", "[eval][functions][random]") {
  auto rows = random_events(kSeed + 2, kRandomRows);
  std::vector<Fn> fns;
  for (auto& f : kFunctions)
    if (std::string(f.sql).find("id IN") == std::string::npos) fns.push_back(f);  // those name D1's rows
  fns.push_back({"f_matches_gen", Fold::Tri, "matches(note, \"^T[A-Z][0-9]+$\")", "note = 'TX123456'"});
  fns.push_back(
      {"f_matches_space", Fold::Tri, "matches(note, \"\\\\s\")", "instr(note, ' ') > 0 OR instr(note, char(10)) > 0"});
  std::string rules = std::string(kShanghai) + kEventSource;
  for (auto& f : fns)
    rules +=
        "indicator " + std::string(f.name) + " {\n  from ev\n  value " + fold_perf(f) + "\n  by team\n  every day\n}\n";
  Run r = run(rules, {{"ev", events_csv(rows)}}, kRandomAsOf);
  Db db;
  load_events(db, rows);
  make_view(db, "day", kRandomAsOfSecs);
  // every weekday and every hour of the day occur
  CHECK(db.scalar("SELECT COUNT(DISTINCT strftime('%w', lt)) FROM e").get<int64_t>() == 7);
  CHECK(db.scalar("SELECT COUNT(DISTINCT strftime('%H', lt)) FROM e").get<int64_t>() == 24);
  for (auto& f : fns)
    compare_sql(r, db, f.name, {"team"},
                "SELECT team, p, " + fold_sql(f) + ", COUNT(*), " + evidence_sql("(" + f.sql + ") IS NOT NULL") +
                    " FROM e GROUP BY team, p");
}

TEST_CASE(
    "`by x in S` every hour across Berlin's daylight-saving changes: each local hour once, the repeated one twice",
    "[eval][by][dst]") {
  std::string rules = R"(project t { timezone "Europe/Berlin" }
)" + std::string(kEventSource) +
                      R"(
source teams { team: string required }
indicator h { from ev; value count(); by team in teams; every hour }
)";
  std::string csv =
      "id,at,team\n"
      "s1,2025-03-29T23:10:00Z,T1\n"  // 00:10 CET
      "s2,2025-03-30T01:10:00Z,T1\n"  // 03:10 CEST (02:xx does not exist)
      "a1,2025-10-25T22:10:00Z,T1\n"  // 00:10 CEST
      "a2,2025-10-26T00:10:00Z,T1\n"  // 02:10 CEST
      "a3,2025-10-26T02:10:00Z,T1\n";  // 03:10 CET
  Run r = run(rules, {{"ev", csv}, {"teams", "team\nT1\nT9\n"}}, "2025-12-01T00:00:00Z");
  // By hand: the hours from the first row's to the last one's.
  std::vector<std::string> spring = {"2025-03-30T00", "2025-03-30T01", "2025-03-30T03"};
  std::vector<std::string> autumn = {"2025-10-26T00", "2025-10-26T01", "2025-10-26T02+02:00", "2025-10-26T02+01:00",
                                     "2025-10-26T03"};
  std::set<std::string> with_rows = {"2025-03-30T00", "2025-03-30T03", "2025-10-26T00", "2025-10-26T02+02:00",
                                     "2025-10-26T03"};
  std::vector<Expected> expected;  // around the two changes; T9 is listed but has no rows
  for (auto& team : {"T1", "T9"}) {
    for (auto& p : spring)
      expected.push_back({{{"team", team}}, p, (team == std::string("T1") && with_rows.count(p)) ? 1 : 0, {}, {}, {}});
    for (auto& p : autumn)
      expected.push_back({{{"team", team}}, p, (team == std::string("T1") && with_rows.count(p)) ? 1 : 0, {}, {}, {}});
  }
  auto all = r.indicator("h");
  // from 2025-03-30T00 (CET) to 2025-10-26T03 (CET): 2025-03-29T23:00Z .. 2025-10-26T02:00Z is
  // 210 days and 3 hours = 5043 hours, plus the last -> 5044 periods per team
  CHECK(all.size() == 2 * 5044);
  std::vector<Record> picked;
  std::set<std::string> wanted;
  for (auto& p : spring) wanted.insert(p);
  for (auto& p : autumn) wanted.insert(p);
  Run view;  // the records around the two changes
  for (auto& rec : all)
    if (wanted.count(rec["period"].get<std::string>())) view.records.push_back(rec);
  compare(view, "h", expected);
}

TEST_CASE("a date column as the time column: each row at its date's local midnight", "[eval][periods]") {
  // docs/language-reference.md: the `time` column decides the period a row falls in; a date is its local
  // midnight in the project zone (Asia/Shanghai, +08:00), so it lands in hour 00 of that day, not 08 (UTC
  // midnight).
  std::string rules = std::string(kShanghai) + R"(
source s { time day; evidence id; id: string required; day: date required; x: number }
indicator daily { from s; value sum(x); every day }
indicator weekly { from s; value sum(x); every week }
indicator hourly { from s; value sum(x); every hour }
)";
  // 2025-11-10 is a Monday (ISO week 46); 11-16 is Sunday (W46); 11-17 Monday (W47).
  std::string csv = "id,day,x\nA,2025-11-10,1\nB,2025-11-11,2\nC,2025-11-16,4\nD,2025-11-17,8\nE,2025-11-18,16\n";
  // as_of Monday 11-17 00:00 local: D (11-17 00:00) is not after it and counts; E (11-18) is ignored.
  Run r = run(rules, {{"s", csv}}, "2025-11-17T00:00");
  REQUIRE(r.indicator("daily").size() == 4);
  CHECK(r.value("daily", Json::object(), "2025-11-10")["value"] == 1.0);
  CHECK(r.value("daily", Json::object(), "2025-11-11")["value"] == 2.0);
  CHECK(r.value("daily", Json::object(), "2025-11-16")["value"] == 4.0);
  CHECK(r.value("daily", Json::object(), "2025-11-17")["value"] == 8.0);
  REQUIRE(r.indicator("weekly").size() == 2);
  CHECK(r.value("weekly", Json::object(), "2025-W46")["value"] == 7.0);
  CHECK(r.value("weekly", Json::object(), "2025-W47")["value"] == 8.0);
  CHECK(r.indicator("hourly")[0]["period"] == "2025-11-10T00");
}
