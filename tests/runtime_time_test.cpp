// Tests for runtime/time: zones, parsing and formatting, period buckets and calendar arithmetic.
//
// Every expected value was worked out from the calendar by hand. Day numbers used throughout (days since
// 1970-01-01):
//   2000-01-01 = 10957 (30 years, 7 leap days 1972..1996)
//   2025-01-01 = 20089 (10957 + 25*365 + 7 leap days 2000..2024), a Wednesday
//   2025-07-01 = 20270 (+ 31+28+31+30+31+30 = 181), a Tuesday
//   2025-03-30 = 20177 (+ 31+28+29), a Sunday: Europe/Berlin springs forward at 01:00Z (02:00 -> 03:00)
//   2025-10-26 = 20387 (+ 273 days Jan..Sep + 25), a Sunday: Berlin falls back at 01:00Z (03:00 -> 02:00)
// 1970-01-01 (day 0) was a Thursday, so weekday (Monday = 0) is (days + 3) mod 7.
#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <vector>

#include "runtime/time/time.h"

using namespace jixiao::rt;

namespace {

constexpr int32_t k20250101 = 20089;
constexpr int32_t k20250330 = 20177;
constexpr int32_t k20250701 = 20270;
constexpr int32_t k20251026 = 20387;

// A UTC instant from a day number and a UTC time of day.
constexpr Micros utc(int64_t day, int64_t h, int64_t m = 0, int64_t s = 0) {
  return day * kMicrosPerDay + h * kMicrosPerHour + m * kMicrosPerMinute + s * kMicrosPerSecond;
}

TimeZone zone(const char* name) {
  const auto tz = TimeZone::find(name);
  REQUIRE(tz.has_value());
  return *tz;
}

const Micros kBase = utc(k20250701, 8);  // 2025-07-01T08:00:00Z

}  // namespace

TEST_CASE("dates parse to days since the epoch and back", "[time][calendar]") {
  CHECK(parse_date("1970-01-01") == 0);
  CHECK(parse_date("1969-12-31") == -1);
  CHECK(parse_date("2000-01-01") == 10957);
  CHECK(parse_date("2000-02-29") == 10957 + 31 + 28);  // 2000 is a leap year (divisible by 400)
  CHECK(parse_date("2024-02-29") == k20250101 - 366 + 31 + 28);
  CHECK(parse_date("2025-01-01") == k20250101);
  CHECK(parse_date("2025-07-01") == k20250701);
  CHECK(parse_date("2025-12-31") == k20250101 + 364);

  CHECK(format_date(0) == "1970-01-01");
  CHECK(format_date(-1) == "1969-12-31");
  CHECK(format_date(k20250701) == "2025-07-01");
  CHECK(format_date(k20251026) == "2025-10-26");

  const CivilDate c = civil_from_days(k20250701);
  CHECK(c.year == 2025);
  CHECK(c.month == 7u);
  CHECK(c.day == 1u);
  CHECK(days_from_civil(2025, 7, 1) == k20250701);
  CHECK(days_from_civil(1969, 12, 31) == -1);

  for (const char* bad :
       {"2025-13-01", "2025-00-10", "2025-07-00", "2025-07-45", "2025-02-29", "2025-02-30", "1900-02-29", "2025-04-31",
        "2025-7-1", "2025/07/01", "2025-07-01 ", " 2025-07-01", "2025-07-01T00:00", "", "abcd-ef-gh", "20250701"}) {
    INFO(bad);
    CHECK_FALSE(parse_date(bad).has_value());
  }
}

TEST_CASE("weekdays count from Monday", "[time][calendar]") {
  CHECK(weekday_of(0) == 3);  // 1970-01-01 Thursday
  CHECK(weekday_of(-1) == 2);  // 1969-12-31 Wednesday
  CHECK(weekday_of(k20250101) == 2);  // Wednesday
  CHECK(weekday_of(k20250701) == 1);  // Tuesday
  CHECK(weekday_of(k20250330) == 6);  // Sunday
  CHECK(weekday_of(k20250330 + 1) == 0);  // Monday 2025-03-31
}

TEST_CASE("adding months clamps to the end of the month", "[time][calendar]") {
  const auto d = [](const char* s) { return *parse_date(s); };
  CHECK(add_months(d("2025-05-31"), -3) == d("2025-02-28"));  // docs/language-reference.md's example
  CHECK(add_months(d("2024-01-31"), 1) == d("2024-02-29"));  // leap year
  CHECK(add_months(d("2025-01-31"), 1) == d("2025-02-28"));
  CHECK(add_months(d("2025-03-31"), 1) == d("2025-04-30"));
  CHECK(add_months(d("2025-12-15"), 1) == d("2026-01-15"));  // across the year
  CHECK(add_months(d("2025-01-15"), -1) == d("2024-12-15"));
  CHECK(add_months(d("2024-02-29"), 12) == d("2025-02-28"));
  CHECK(add_months(d("2025-08-31"), -18) == d("2024-02-29"));  // Aug 2025 - 18 months = Feb 2024
  CHECK(add_months(d("2025-07-01"), 0) == d("2025-07-01"));
  CHECK(add_months(d("2025-07-01"), 120) == d("2035-07-01"));
}

TEST_CASE("time zones are found by IANA name", "[time][zone]") {
  CHECK(TimeZone::utc().name() == "UTC");
  CHECK(zone("UTC").name() == "UTC");
  CHECK(zone("Asia/Shanghai").name() == "Asia/Shanghai");
  CHECK(zone("Europe/Berlin").name() == "Europe/Berlin");
  CHECK_FALSE(TimeZone::find("Mars/Olympus_Mons").has_value());
  CHECK_FALSE(TimeZone::find("").has_value());
  CHECK_FALSE(TimeZone::find("europe/berlin").has_value());
  CHECK_FALSE(TimeZone::find("../../etc/passwd").has_value());
  CHECK_FALSE(TimeZone::find("localtime").has_value());  // the machine's zone: not reproducible
  CHECK(TimeZone{}.name() == "UTC");  // a default TimeZone is UTC
}

TEST_CASE("offsets follow the zone's rules", "[time][zone]") {
  const TimeZone berlin = zone("Europe/Berlin");
  CHECK(TimeZone::utc().offset_at(kBase) == 0);
  CHECK(zone("Asia/Shanghai").offset_at(kBase) == 8 * 3600);
  CHECK(zone("Asia/Shanghai").offset_at(utc(k20250101, 0)) == 8 * 3600);  // no daylight saving
  CHECK(zone("America/New_York").offset_at(kBase) == -4 * 3600);  // EDT
  CHECK(zone("Asia/Kolkata").offset_at(kBase) == 5 * 3600 + 1800);
  CHECK(berlin.offset_at(utc(k20250101, 12)) == 3600);
  CHECK(berlin.offset_at(kBase) == 7200);

  // The changes themselves, to the microsecond.
  CHECK(berlin.offset_at(utc(k20250330, 1) - 1) == 3600);
  CHECK(berlin.offset_at(utc(k20250330, 1)) == 7200);
  CHECK(berlin.offset_at(utc(k20251026, 1) - 1) == 7200);
  CHECK(berlin.offset_at(utc(k20251026, 1)) == 3600);

  const TimeZone::OffsetInterval summer = berlin.interval_at(kBase);
  CHECK(summer.begin == utc(k20250330, 1));
  CHECK(summer.end == utc(k20251026, 1));
  CHECK(summer.offset == 7200);
  CHECK(TimeZone::utc().interval_at(kBase).begin == std::numeric_limits<Micros>::min());
  CHECK(TimeZone::utc().interval_at(kBase).end == std::numeric_limits<Micros>::max());

  CHECK(berlin.to_local(kBase) == utc(k20250701, 10));
}

TEST_CASE("offsets after 2037 follow the zone's continuing rule", "[time][zone]") {
  // The zone files list transitions up to 2037 only; later ones come from the rule in the file's footer.
  // 2040-01-01 = 25567 (70 years after 1970, 17 leap days 1972..2036); 2040 is a leap year, so
  // 2040-03-01 = 25567 + 31 + 29 = 25627, a Thursday ((25627 + 3) mod 7 = 3). March 31 is then a
  // Saturday and the last Sunday of March 2040 is the 25th = day 25651: Berlin changes at 01:00Z.
  const int64_t k20400701 = 25567 + 182;
  CHECK(zone("America/New_York").offset_at(utc(k20400701, 12)) == -4 * 3600);
  CHECK(zone("America/New_York").offset_at(utc(25567 + 14, 12)) == -5 * 3600);
  const TimeZone berlin = zone("Europe/Berlin");
  CHECK(berlin.offset_at(utc(25651, 1) - 1) == 3600);
  CHECK(berlin.offset_at(utc(25651, 1)) == 7200);
  CHECK(berlin.offset_at(utc(k20400701, 12)) == 7200);
  CHECK(zone("Asia/Shanghai").offset_at(utc(k20400701, 12)) == 8 * 3600);
}

TEST_CASE("local times map to instants through gaps and repeats", "[time][zone]") {
  const TimeZone berlin = zone("Europe/Berlin");
  CHECK(berlin.from_local(utc(k20250701, 10)) == kBase);
  // 2025-03-30 02:30 does not exist in Berlin: moved forward by the gap to 03:30 CEST = 01:30Z.
  CHECK(berlin.from_local(utc(k20250330, 2, 30)) == utc(k20250330, 1, 30));
  // ... whereas a period boundary in the gap starts at the change itself.
  CHECK(berlin.start_of_local(utc(k20250330, 2, 30)) == utc(k20250330, 1));
  // 2025-10-26 02:30 happens twice (CEST at 00:30Z, CET at 01:30Z): the earlier instant.
  CHECK(berlin.from_local(utc(k20251026, 2, 30)) == utc(k20251026, 0, 30));
  CHECK(berlin.start_of_local(utc(k20251026, 2, 30)) == utc(k20251026, 0, 30));
  // Just outside the gap and the repeat.
  CHECK(berlin.from_local(utc(k20250330, 3)) == utc(k20250330, 1));
  CHECK(berlin.from_local(utc(k20250330, 1, 59)) == utc(k20250330, 0, 59));
  CHECK(berlin.from_local(utc(k20251026, 3)) == utc(k20251026, 2));
  CHECK(berlin.from_local(utc(k20251026, 1, 59)) == utc(k20251026 - 1, 23, 59));
  CHECK(zone("Asia/Shanghai").from_local(utc(k20250701, 16)) == kBase);
  CHECK(TimeZone::utc().from_local(kBase) == kBase);
}

TEST_CASE("timestamps parse in all documented forms", "[time][parse]") {
  const TimeZone u = TimeZone::utc();
  const TimeZone shanghai = zone("Asia/Shanghai");
  const TimeZone berlin = zone("Europe/Berlin");

  // With an offset the zone does not matter.
  for (const TimeZone& tz : {u, shanghai, berlin}) {
    CHECK(parse_timestamp("2025-07-01T08:00:00Z", tz) == kBase);
    CHECK(parse_timestamp("2025-07-01T16:00:00+08:00", tz) == kBase);
    CHECK(parse_timestamp("2025-07-01T16:00:00+0800", tz) == kBase);
    CHECK(parse_timestamp("2025-07-01T16:00:00+08", tz) == kBase);
    CHECK(parse_timestamp("2025-07-01T04:00:00-04:00", tz) == kBase);
    CHECK(parse_timestamp("2025-07-01T13:30+05:30", tz) == kBase);
    CHECK(parse_timestamp("2025-07-01T08:00Z", tz) == kBase);
    CHECK(parse_timestamp("2025-07-01 08:00:00Z", tz) == kBase);
    CHECK(parse_timestamp("2025-07-01t08:00:00z", tz) == kBase);
    CHECK(parse_timestamp("2025-07-02T00:00:00+16:00", tz) == kBase);
  }

  // Without an offset the time is local to the zone.
  CHECK(parse_timestamp("2025-07-01 16:00", shanghai) == kBase);
  CHECK(parse_timestamp("2025-07-01T16:00:00", shanghai) == kBase);
  CHECK(parse_timestamp("2025-07-01T08:30", u) == kBase + 30 * kMicrosPerMinute);
  CHECK(parse_timestamp("2025-07-01T10:00", berlin) == kBase);
  CHECK(parse_timestamp("2025-03-30T02:30", berlin) == utc(k20250330, 1, 30));  // gap: 03:30 CEST
  CHECK(parse_timestamp("2025-10-26T02:30", berlin) == utc(k20251026, 0, 30));  // repeat: earlier
  CHECK(parse_timestamp("2025-10-26T02:30+01:00", berlin) == utc(k20251026, 1, 30));
  // A bare date is the local midnight: 2025-07-01 00:00 in Shanghai is 2025-06-30 16:00Z.
  CHECK(parse_timestamp("2025-07-01", shanghai) == utc(k20250701 - 1, 16));

  // Fractions of a second, down to microseconds; nanoseconds are dropped.
  CHECK(parse_timestamp("2025-07-01T08:00:00.5Z", u) == kBase + 500'000);
  CHECK(parse_timestamp("2025-07-01T08:00:00.123456Z", u) == kBase + 123'456);
  CHECK(parse_timestamp("2025-07-01T08:00:00.000001Z", u) == kBase + 1);
  CHECK(parse_timestamp("2025-07-01T08:00:00.123456789Z", u) == kBase + 123'456);
  CHECK(parse_timestamp("2025-07-01T16:00:00.250+08:00", u) == kBase + 250'000);
  CHECK(parse_timestamp("1969-12-31T23:59:59.5Z", u) == -500'000);
  CHECK(parse_timestamp("1970-01-01T00:00:00Z", u) == 0);
}

TEST_CASE("malformed timestamps are rejected", "[time][parse]") {
  const TimeZone u = TimeZone::utc();
  for (const char* bad : {"",
                          "garbage",
                          "2025-07-01T",
                          "2025-07-01T08",
                          "2025-07-01T08:0",
                          "2025-13-01T08:00",
                          "2025-00-01T08:00",
                          "2025-07-45T08:00",
                          "2025-02-30T08:00",
                          "2025-02-29T08:00",
                          "2025-07-01T24:00",
                          "2025-07-01T25:00",
                          "2025-07-01T08:60",
                          "2025-07-01T08:00:60",
                          "2025-07-01T8:00",
                          "2025-7-01T08:00",
                          "2025-07-01X08:00",
                          "2025-07-01T08:00:00Zjunk",
                          "2025-07-01T08:00:00+08:00 ",
                          " 2025-07-01T08:00",
                          "2025-07-01T08:00:00.",
                          "2025-07-01T08:00:00.Z",
                          "2025-07-01T08:00:00.1234567890Z",
                          "2025-07-01T08:00:0",
                          "2025-07-01T08:00:00+8",
                          "2025-07-01T08:00:00+08:",
                          "2025-07-01T08:00:00+08:0",
                          "2025-07-01T08:00:00+24:00",
                          "2025-07-01T08:00:00+08:60",
                          "2025-07-01T08:00:00 +08:00",
                          "2025-07-01T08:30.5",
                          "2025-07-01T08:00:00ZZ",
                          "2025-07-01 ",
                          "2025-07-01T08:00:00+08:00:00"}) {
    INFO(bad);
    CHECK_FALSE(parse_timestamp(bad, u).has_value());
  }
}

TEST_CASE("timestamps format as ISO 8601 with the zone's offset", "[time][format]") {
  const TimeZone u = TimeZone::utc();
  CHECK(format_timestamp(kBase, u) == "2025-07-01T08:00:00+00:00");
  CHECK(format_timestamp(utc(k20250701, 1), zone("Asia/Shanghai")) == "2025-07-01T09:00:00+08:00");
  CHECK(format_timestamp(kBase, zone("America/New_York")) == "2025-07-01T04:00:00-04:00");
  CHECK(format_timestamp(kBase, zone("Asia/Kolkata")) == "2025-07-01T13:30:00+05:30");
  CHECK(format_timestamp(kBase + 500'000, u) == "2025-07-01T08:00:00.500+00:00");
  CHECK(format_timestamp(kBase + 123'456, u) == "2025-07-01T08:00:00.123456+00:00");
  CHECK(format_timestamp(kBase + 1, u) == "2025-07-01T08:00:00.000001+00:00");
  CHECK(format_timestamp(-500'000, u) == "1969-12-31T23:59:59.500+00:00");
  CHECK(format_timestamp(0, u) == "1970-01-01T00:00:00+00:00");

  const TimeZone berlin = zone("Europe/Berlin");
  CHECK(format_timestamp(utc(k20251026, 0, 30), berlin) == "2025-10-26T02:30:00+02:00");
  CHECK(format_timestamp(utc(k20251026, 1, 30), berlin) == "2025-10-26T02:30:00+01:00");
  CHECK(format_timestamp(utc(k20250330, 1), berlin) == "2025-03-30T03:00:00+02:00");

  // Whatever is formatted parses back to the same instant, through both changes of 2025.
  for (Micros t = utc(k20250330, -3); t < utc(k20250330, 4); t += 7 * kMicrosPerMinute + 13) {
    CHECK(parse_timestamp(format_timestamp(t, berlin), u) == t);
  }
  for (Micros t = utc(k20251026, -3); t < utc(k20251026, 4); t += 7 * kMicrosPerMinute + 13) {
    CHECK(parse_timestamp(format_timestamp(t, berlin), u) == t);
  }
}

TEST_CASE("durations parse in rule and data forms", "[time][parse]") {
  CHECK(parse_duration("90s") == 90 * kMicrosPerSecond);
  CHECK(parse_duration("15m") == 15 * kMicrosPerMinute);
  CHECK(parse_duration("2h") == 2 * kMicrosPerHour);
  CHECK(parse_duration("3d") == 3 * kMicrosPerDay);
  CHECK(parse_duration("1w") == 7 * kMicrosPerDay);
  CHECK(parse_duration("1h30m") == 90 * kMicrosPerMinute);
  CHECK(parse_duration("1h 30m") == 90 * kMicrosPerMinute);  // as format_duration writes it
  CHECK(parse_duration("1d2h3m4s") == kMicrosPerDay + 2 * kMicrosPerHour + 3 * kMicrosPerMinute + 4 * kMicrosPerSecond);
  CHECK(parse_duration("1.5h") == 90 * kMicrosPerMinute);
  CHECK(parse_duration("0.25s") == 250'000);
  CHECK(parse_duration("0s") == 0);
  CHECK(parse_duration("-90s") == -90 * kMicrosPerSecond);
  // Plain numbers are seconds.
  CHECK(parse_duration("90") == 90 * kMicrosPerSecond);
  CHECK(parse_duration("1.5") == 1'500'000);
  CHECK(parse_duration("0.000001") == 1);
  CHECK(parse_duration("0.0000005") == 1);  // rounded to the nearest microsecond
  CHECK(parse_duration("-3") == -3 * kMicrosPerSecond);
  CHECK(parse_duration("3.3333333333333335") == 3'333'333);

  for (const char* bad :
       {"",          "-",   "+",   "h",       "2min", "2ms", "1x",  "1h1h", "30m1h", "1h30",
        "1.h",       ".5h", "1 h", "1h  30m", "1h ",  " 1h", "1e3", "1,5h", "--1s",  "99999999999999999999s",
        "999999999w"}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad).has_value());
  }
}

TEST_CASE("durations format in d h m s", "[time][format]") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(45 * kMicrosPerSecond) == "45s");
  CHECK(format_duration(150 * kMicrosPerMinute) == "2h 30m");
  CHECK(format_duration(26 * kMicrosPerHour) == "1d 2h");
  CHECK(format_duration(kMicrosPerDay + kMicrosPerHour + kMicrosPerMinute + kMicrosPerSecond) == "1d 1h 1m 1s");
  CHECK(format_duration(14 * kMicrosPerDay) == "14d");
  CHECK(format_duration(-90 * kMicrosPerMinute) == "-1h 30m");
  CHECK(format_duration(1'500'000) == "1.5s");
  CHECK(format_duration(500'000) == "0.5s");
  CHECK(format_duration(kMicrosPerMinute + 1) == "1m 0.000001s");
  CHECK(format_duration(std::numeric_limits<Micros>::min()).front() == '-');
  for (const Micros d :
       {Micros(0), Micros(1), Micros(-1), 5400 * kMicrosPerSecond, -kMicrosPerDay - 7, Micros(123'456'789'012)}) {
    CHECK(parse_duration(format_duration(d)) == d);
  }
}

TEST_CASE("grain words", "[time][period]") {
  CHECK(parse_grain("hour") == Grain::Hour);
  CHECK(parse_grain("days") == Grain::Day);
  CHECK(parse_grain("week") == Grain::Week);
  CHECK(parse_grain("months") == Grain::Month);
  CHECK(parse_grain("quarters") == Grain::Quarter);
  CHECK(parse_grain("year") == Grain::Year);
  CHECK_FALSE(parse_grain("Month").has_value());
  CHECK_FALSE(parse_grain("minute").has_value());
  CHECK_FALSE(parse_grain("all").has_value());
  CHECK_FALSE(parse_grain("").has_value());
  CHECK(std::string(grain_name(Grain::Quarter)) == "quarter");
  CHECK(std::string(grain_name(Grain::Hour)) == "hour");
  CHECK(std::string(grain_name(Grain::All)) == "all");
}

TEST_CASE("periods in Asia/Shanghai (no daylight saving)", "[time][period]") {
  const TimeZone sh = zone("Asia/Shanghai");
  // Local midnight of 2025-07-01 is 2025-06-30T16:00Z.
  PeriodBucketer day(Grain::Day, sh);
  CHECK(day.bucket(utc(k20250701 - 1, 16)) == utc(k20250701 - 1, 16));
  CHECK(day.bucket(kBase) == utc(k20250701 - 1, 16));
  CHECK(day.bucket(utc(k20250701 - 1, 15, 59, 59)) == utc(k20250701 - 2, 16));
  CHECK(day.period_of(kBase).label == "2025-07-01");
  CHECK(day.period_of(utc(k20250701 - 1, 15, 59, 59)).label == "2025-06-30");
  CHECK(day.period_of(kBase).end == utc(k20250701, 16));

  PeriodBucketer month(Grain::Month, sh);
  const Period july = month.period_of(kBase);
  CHECK(july.label == "2025-07");
  CHECK(july.start == utc(k20250701 - 1, 16));
  CHECK(july.end == utc(k20250701 + 31 - 1, 16));  // 2025-08-01 local

  // Quarter boundary: 2025-10-01 = day 20089 + 273 = 20362; local midnight is 16:00Z the day before.
  PeriodBucketer quarter(Grain::Quarter, sh);
  const Period q3 = quarter.period_of(kBase);
  CHECK(q3.label == "2025-Q3");
  CHECK(q3.start == utc(k20250701 - 1, 16));
  CHECK(q3.end == utc(20361, 16));
  CHECK(quarter.period_of(utc(20361, 15, 59, 59)).label == "2025-Q3");
  const Period q4 = quarter.period_of(utc(20361, 16));
  CHECK(q4.label == "2025-Q4");
  CHECK(q4.end == utc(k20250101 + 365 - 1, 16));  // 2026-01-01 local
  CHECK(quarter.shift(q3.start, -3) == utc(k20250101 - 92 - 1, 16));  // 2024-10-01: 92 days before 2025
  CHECK(quarter.period_of_bucket(quarter.shift(q3.start, -3)).label == "2024-Q4");

  // Year boundary: 2026-01-01 00:00 local = 2025-12-31T16:00Z = utc(20453, 16).
  PeriodBucketer year(Grain::Year, sh);
  CHECK(year.period_of(utc(20453, 16)).label == "2026");
  CHECK(year.period_of(utc(20453, 15, 59, 59)).label == "2025");
  CHECK(year.bucket(kBase) == utc(k20250101 - 1, 16));
  CHECK(year.shift(year.bucket(kBase), 1) == utc(20453, 16));

  PeriodBucketer hour(Grain::Hour, sh);
  const Period h = hour.period_of(kBase + 59 * kMicrosPerMinute);
  CHECK(h.start == kBase);
  CHECK(h.end == kBase + kMicrosPerHour);
  CHECK(h.label == "2025-07-01T16");
}

TEST_CASE("periods in UTC, with ISO weeks at year boundaries", "[time][period]") {
  const TimeZone u = TimeZone::utc();
  PeriodBucketer day(Grain::Day, u);
  CHECK(day.bucket(kBase) == utc(k20250701, 0));
  CHECK(day.period_of(kBase).end == utc(k20250701 + 1, 0));

  PeriodBucketer hour(Grain::Hour, u);
  CHECK(hour.period_of(kBase + 1).label == "2025-07-01T08");

  PeriodBucketer week(Grain::Week, u);
  // 2025-07-01 is a Tuesday; its ISO week runs from Monday 2025-06-30, whose Thursday 2025-07-03 is
  // day 183 of the year counting from 0: week 183 / 7 + 1 = 27.
  CHECK(week.bucket(kBase) == utc(k20250701 - 1, 0));
  CHECK(week.period_of(kBase).label == "2025-W27");
  // 2024-12-30 (Monday, day 20087): its Thursday is 2025-01-02, so the week is 2025-W01.
  CHECK(week.period_of(utc(20087, 0)).label == "2025-W01");
  CHECK(week.period_of(utc(k20250101, 12)).label == "2025-W01");
  CHECK(week.bucket(utc(k20250101, 12)) == utc(20087, 0));
  CHECK(week.period_of(utc(20087, 0)).end == utc(20094, 0));
  // 2024-12-29 (Sunday): the week of Monday 2024-12-23, Thursday 2024-12-26 = day 360 of leap 2024: W52.
  CHECK(week.period_of(utc(20086, 23, 59, 59)).label == "2024-W52");
  // 2021-01-01 = day 18628, a Friday: its Thursday is 2020-12-31, day 365 of leap 2020: 2020-W53.
  CHECK(week.period_of(utc(18628, 12)).label == "2020-W53");
  CHECK(week.bucket(utc(18628, 12)) == utc(18628 - 4, 0));  // Monday 2020-12-28
  CHECK(week.period_of(utc(18628 + 3, 0)).label == "2021-W01");  // Monday 2021-01-04
  CHECK(week.shift(utc(20087, 0), -1) == utc(20080, 0));
  CHECK(week.period_of_bucket(utc(20080, 0)).label == "2024-W52");

  // Weeks starting on Sunday are labelled by their first day: 2025-07-01 -> Sunday 2025-06-29.
  PeriodBucketer sunday(Grain::Week, u, 6);
  CHECK(sunday.bucket(kBase) == utc(k20250701 - 2, 0));
  CHECK(sunday.period_of(kBase).label == "2025-06-29");
  CHECK(sunday.period_of(utc(k20250701 - 2, 0)).label == "2025-06-29");
  CHECK(sunday.period_of(utc(k20250701 - 2, 0) - 1).label == "2025-06-22");
  PeriodBucketer wednesday(Grain::Week, u, 2);
  CHECK(wednesday.period_of(kBase).label == "2025-06-25");

  PeriodBucketer month(Grain::Month, u);
  CHECK(month.shift(utc(k20250101, 0), 1) == utc(k20250101 + 31, 0));
  // Dec 2025 + 3 months = 2026-03-01 = 20089 + 365 + 31 + 28.
  CHECK(month.shift(utc(k20250101 + 334, 0), 3) == utc(k20250101 + 365 + 31 + 28, 0));
  CHECK(month.period_of_bucket(utc(k20250101 + 365 + 31 + 28, 0)).label == "2026-03");
  CHECK(month.period_of_bucket(utc(k20250101 + 365 + 31, 0)).label == "2026-02");

  PeriodBucketer all(Grain::All, u);
  CHECK(all.bucket(kBase) == 0);
  CHECK(all.bucket(std::numeric_limits<Micros>::min()) == 0);
  CHECK(all.bucket(std::numeric_limits<Micros>::max()) == 0);
  CHECK(all.period_of(kBase).label == "all");
  CHECK(all.shift(0, 5) == 0);
}

TEST_CASE("periods in Europe/Berlin across the 2025 daylight-saving changes", "[time][period]") {
  const TimeZone berlin = zone("Europe/Berlin");

  // 2025-03-30 runs from 00:00 CET (2025-03-29T23:00Z) to 00:00 CEST (2025-03-30T22:00Z): 23 hours.
  PeriodBucketer day(Grain::Day, berlin);
  const Period spring = day.period_of(utc(k20250330, 12));
  CHECK(spring.label == "2025-03-30");
  CHECK(spring.start == utc(k20250330 - 1, 23));
  CHECK(spring.end == utc(k20250330, 22));
  CHECK(spring.end - spring.start == 23 * kMicrosPerHour);
  CHECK(day.shift(spring.start, 1) == utc(k20250330, 22));
  CHECK(day.shift(spring.start, -1) == utc(k20250330 - 2, 23));
  // 2025-10-26 runs from 00:00 CEST (10-25T22:00Z) to 00:00 CET (10-26T23:00Z): 25 hours.
  const Period autumn = day.period_of(utc(k20251026, 12));
  CHECK(autumn.start == utc(k20251026 - 1, 22));
  CHECK(autumn.end == utc(k20251026, 23));
  CHECK(autumn.end - autumn.start == 25 * kMicrosPerHour);

  // Hours on the spring day: local 01:00-02:00 CET is 00:00-01:00Z, then 03:00 CEST starts at 01:00Z.
  PeriodBucketer hour(Grain::Hour, berlin);
  CHECK(hour.bucket(utc(k20250330, 0, 30)) == utc(k20250330, 0));
  CHECK(hour.period_of(utc(k20250330, 0, 30)).label == "2025-03-30T01");
  CHECK(hour.period_of(utc(k20250330, 0, 30)).end == utc(k20250330, 1));
  CHECK(hour.bucket(utc(k20250330, 1, 30)) == utc(k20250330, 1));
  CHECK(hour.period_of(utc(k20250330, 1, 30)).label == "2025-03-30T03");
  CHECK(hour.shift(utc(k20250330, 0), 1) == utc(k20250330, 1));

  // Hours on the autumn day: 02:00-03:00 is shown twice, at 00:00Z (CEST) and 01:00Z (CET).
  const Period first = hour.period_of(utc(k20251026, 0, 30));
  CHECK(first.start == utc(k20251026, 0));
  CHECK(first.end == utc(k20251026, 1));
  CHECK(first.label == "2025-10-26T02+02:00");
  const Period second = hour.period_of(utc(k20251026, 1, 30));
  CHECK(second.start == utc(k20251026, 1));
  CHECK(second.end == utc(k20251026, 2));
  CHECK(second.label == "2025-10-26T02+01:00");
  CHECK(hour.period_of(utc(k20251026 - 1, 23, 30)).label == "2025-10-26T01");
  CHECK(hour.period_of(utc(k20251026, 2, 30)).label == "2025-10-26T03");
  // 01, 02 (CEST), 02 (CET), 03: three periods on from 01 is 03.
  CHECK(hour.shift(utc(k20251026 - 1, 23), 3) == utc(k20251026, 2));
  CHECK(hour.shift(utc(k20251026, 2), -3) == utc(k20251026 - 1, 23));
  CHECK(hour.shift(utc(k20250330, 0), 24) == utc(k20250330 + 1, 0));
  CHECK(hour.shift(utc(k20250330 + 1, 0), -24) == utc(k20250330, 0));

  // ISO week 13 of 2025: Monday 03-24 00:00 CET (03-23T23:00Z) to Monday 03-31 00:00 CEST (03-30T22:00Z).
  PeriodBucketer week(Grain::Week, berlin);
  const Period w13 = week.period_of(utc(k20250330, 12));
  CHECK(w13.label == "2025-W13");
  CHECK(w13.start == utc(k20250330 - 7, 23));
  CHECK(w13.end == utc(k20250330, 22));

  // March 2025: 03-01 00:00 CET (02-28T23:00Z, 2025-03-01 = day 20148) to 04-01 00:00 CEST (03-31T22:00Z).
  PeriodBucketer month(Grain::Month, berlin);
  const Period march = month.period_of(utc(k20250330, 12));
  CHECK(march.label == "2025-03");
  CHECK(march.start == utc(20147, 23));
  CHECK(march.end == utc(20178, 22));
  CHECK(month.shift(march.start, 1) == utc(20178, 22));
  CHECK(month.shift(march.start, -3) == utc(k20250101 - 31 - 1, 23));  // 2024-12-01 00:00 CET
}

TEST_CASE("hour periods with half-hour offsets and a half-hour change", "[time][period]") {
  // Asia/Kolkata is +05:30: 08:00Z is 13:30 local, in the hour that started at 07:30Z.
  PeriodBucketer kolkata(Grain::Hour, zone("Asia/Kolkata"));
  CHECK(kolkata.bucket(kBase) == utc(k20250701, 7, 30));
  CHECK(kolkata.period_of(kBase).label == "2025-07-01T13");

  // Australia/Lord_Howe ends daylight saving on Sunday 2025-04-06 at 02:00 +11 (2025-04-05T15:00Z,
  // day 20183 = 20089 + 31 + 28 + 31 + 4) by going back half an hour to 01:30 +10:30. Local 01:30-02:00
  // is shown twice: the hour 01 is split at the change, and both parts carry their offset.
  PeriodBucketer lh(Grain::Hour, zone("Australia/Lord_Howe"));
  const Period a = lh.period_of(utc(20183, 14, 40));
  CHECK(a.start == utc(20183, 14));
  CHECK(a.end == utc(20183, 15));
  CHECK(a.label == "2025-04-06T01+11:00");
  const Period b = lh.period_of(utc(20183, 15, 10));
  CHECK(b.start == utc(20183, 15));
  CHECK(b.end == utc(20183, 15, 30));
  CHECK(b.label == "2025-04-06T01+10:30");
  const Period c = lh.period_of(utc(20183, 15, 30));
  CHECK(c.start == utc(20183, 15, 30));
  CHECK(c.end == utc(20183, 16, 30));
  CHECK(c.label == "2025-04-06T02");
  CHECK(lh.shift(a.start, 1) == b.start);
  CHECK(lh.shift(a.start, 2) == c.start);
  CHECK(lh.shift(a.start, 3) == c.end);
  CHECK(lh.shift(c.end, -3) == a.start);
  CHECK(lh.shift(c.start, -1) == b.start);
}

TEST_CASE("buckets partition time and the cache never changes an answer", "[time][period]") {
  const std::vector<TimeZone> zones = {TimeZone::utc(), zone("Asia/Shanghai"), zone("Europe/Berlin"),
                                       zone("America/New_York"), zone("Australia/Lord_Howe")};
  const Grain grains[] = {Grain::Hour, Grain::Day, Grain::Week, Grain::Month, Grain::Quarter, Grain::Year};
  for (const TimeZone& tz : zones) {
    for (const Grain g : grains) {
      INFO(tz.name() << " " << grain_name(g));
      PeriodBucketer sorted(g, tz);
      PeriodBucketer backwards(g, tz);
      // Through the whole of 2025 in steps of 97 minutes, in both directions.
      std::vector<Micros> ts;
      for (Micros t = utc(k20250101 - 2, 0); t < utc(k20250101 + 367, 0); t += 97 * kMicrosPerMinute + 1) {
        ts.push_back(t);
      }
      std::vector<Micros> forward_buckets;
      for (const Micros t : ts) {
        const Micros b = sorted.bucket(t);
        forward_buckets.push_back(b);
        PeriodBucketer fresh(g, tz);
        REQUIRE(fresh.bucket(t) == b);
        const Period p = sorted.period_of_bucket(b);
        REQUIRE(p.start == b);
        REQUIRE(p.start <= t);
        REQUIRE(t < p.end);
        REQUIRE(sorted.shift(b, 1) == p.end);
        REQUIRE(sorted.shift(p.end, -1) == b);
        REQUIRE(fresh.bucket(p.end) == p.end);
        REQUIRE(fresh.bucket(p.end - 1) == b);
      }
      for (size_t i = ts.size(); i-- > 0;) REQUIRE(backwards.bucket(ts[i]) == forward_buckets[i]);
    }
  }
}
