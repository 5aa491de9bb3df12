// Tests for runtime/calendar: working time, deadlines in working time and in working days.
//
// Every expected value was worked out by hand from the calendar; the reasoning is the comment beside it.
// Dates used (days since 1970-01-01; 1970-01-01 was a Thursday, so weekday (Monday = 0) is (days+3) mod 7):
//   2025-01-01 = 20089 (Wed); 2025-09-01 = 20089 + 243 = 20332 (Mon)
//   2025-09-28 = 20359 (Sun, make-up day)   2025-10-01 = 20362 (Wed, first holiday)
//   2025-10-08 = 20369 (Wed, last holiday)  2025-10-11 = 20372 (Sat, make-up day)
//   2025-01-06 = 20094 (Mon); 2025-03-30 = 20177 (Sun, Berlin springs forward at 01:00Z, 02:00 -> 03:00)
//   2025-10-26 = 20387 (Sun, Berlin falls back at 01:00Z, 03:00 -> 02:00)
// Asia/Shanghai is UTC+8 all year; Europe/Berlin is UTC+1 (CET) in winter and UTC+2 (CEST) in summer.
#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "runtime/calendar/calendar.h"
#include "runtime/time/time.h"

using namespace jixiao::rt;

namespace {

constexpr int32_t k20250101 = 20089;
constexpr int32_t k20250928 = 20359;
constexpr int32_t k20251001 = 20362;
constexpr int32_t k20251008 = 20369;
constexpr int32_t k20251011 = 20372;
constexpr int32_t k20250106 = 20094;
constexpr int32_t k20250330 = 20177;
constexpr int32_t k20251026 = 20387;

constexpr Micros H = kMicrosPerHour;
constexpr Micros M = kMicrosPerMinute;

TimeZone zone(const char* name) {
  const auto tz = TimeZone::find(name);
  REQUIRE(tz.has_value());
  return *tz;
}

// An instant from a timestamp as the language writes it (local to `tz` unless it carries an offset).
Micros at(const TimeZone& tz, const char* text) {
  const auto t = parse_timestamp(text, tz);
  REQUIRE(t.has_value());
  return *t;
}

std::vector<WorkingHours> days_hours(int first, int last, std::initializer_list<std::pair<int, int>> ranges) {
  std::vector<WorkingHours> out;
  for (int d = first; d <= last; ++d)
    for (auto [from, to] : ranges) out.push_back({d, from, to});
  return out;
}

// cn_workdays: mon-fri 09:00-12:00, 13:00-18:00 (8h a day), National Day 2025-10-01..08,
// make-up days Sunday 2025-09-28 and Saturday 2025-10-11.
BusinessCalendar china() {
  BusinessCalendar c;
  c.tz = zone("Asia/Shanghai");
  c.hours = days_hours(0, 4, {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}});
  c.holidays = {{k20251001, k20251008}};
  c.makeup_workdays = {k20250928, k20251011};
  return c;
}

// Europe/Berlin, mon-fri 09:00-17:00 (8h a day), no holidays.
BusinessCalendar berlin() {
  BusinessCalendar c;
  c.tz = zone("Europe/Berlin");
  c.hours = days_hours(0, 4, {{9 * 60, 17 * 60}});
  return c;
}

// Europe/Berlin with Sunday hours only, to put working hours on the days the clocks change.
BusinessCalendar berlin_sunday(int from, int to) {
  BusinessCalendar c;
  c.tz = zone("Europe/Berlin");
  c.hours = {{6, from, to}};
  return c;
}

}  // namespace

TEST_CASE("calendar: the day numbers used here", "[calendar]") {
  CHECK(parse_date("2025-01-01") == k20250101);
  CHECK(parse_date("2025-09-28") == k20250928);
  CHECK(parse_date("2025-10-01") == k20251001);
  CHECK(parse_date("2025-10-08") == k20251008);
  CHECK(parse_date("2025-10-11") == k20251011);
  CHECK(parse_date("2025-01-06") == k20250106);
  CHECK(parse_date("2025-03-30") == k20250330);
  CHECK(parse_date("2025-10-26") == k20251026);
  CHECK(weekday_of(k20250928) == 6);
  CHECK(weekday_of(k20251011) == 5);
  CHECK(weekday_of(k20250106) == 0);
}

TEST_CASE("calendar: working days", "[calendar]") {
  const BusinessCalendar c = china();
  CHECK(is_working_day(c, k20250928 - 6));  // Mon 2025-09-22
  CHECK(!is_working_day(c, k20250928 - 8));  // Sat 2025-09-20: weekend
  CHECK(!is_working_day(c, k20250928 - 7));  // Sun 2025-09-21: weekend
  CHECK(!is_working_day(c, k20250928 - 1));  // Sat 2025-09-27: weekend, not a make-up day
  CHECK(is_working_day(c, k20250928));  // Sun 2025-09-28: make-up day
  CHECK(!is_working_day(c, k20251001));  // Wed, holiday
  CHECK(!is_working_day(c, k20251001 + 5));  // Mon 2025-10-06, holiday wins over weekday
  CHECK(!is_working_day(c, k20251008));  // last day of the range is included
  CHECK(is_working_day(c, k20251008 + 1));  // Thu 2025-10-09
  CHECK(is_working_day(c, k20251011));  // Sat 2025-10-11: make-up day
  CHECK(!is_working_day(c, k20251011 + 1));  // Sun 2025-10-12

  // A make-up day inside a holiday range stays a holiday.
  BusinessCalendar both = china();
  both.makeup_workdays.push_back(k20251001 + 3);  // Sat 2025-10-04
  CHECK(!is_working_day(both, k20251001 + 3));
}

TEST_CASE("calendar: working time between two instants (China)", "[calendar]") {
  const BusinessCalendar c = china();
  const TimeZone& tz = c.tz;
  auto between = [&](const char* a, const char* b) { return working_time_between(c, at(tz, a), at(tz, b)); };

  // Inside one morning: 10:00 -> 11:30 is 1h30.
  CHECK(between("2025-09-22 10:00", "2025-09-22 11:30") == 90 * M);
  // Across lunch: 11:00-12:00 (1h) + 13:00-14:00 (1h).
  CHECK(between("2025-09-22 11:00", "2025-09-22 14:00") == 2 * H);
  // Entirely inside lunch.
  CHECK(between("2025-09-22 12:10", "2025-09-22 12:50") == 0);
  // A whole working day, midnight to midnight: 3h + 5h.
  CHECK(between("2025-09-22 00:00", "2025-09-23 00:00") == 8 * H);
  // Weekend (Sat 2025-09-20 10:00 -> Sun 2025-09-21 17:00): nothing.
  CHECK(between("2025-09-20 10:00", "2025-09-21 17:00") == 0);
  // Friday 17:00 -> Monday 10:00: Fri 17-18 (1h) + Mon 09-10 (1h).
  CHECK(between("2025-09-19 17:00", "2025-09-22 10:00") == 2 * H);
  // The make-up Sunday 2025-09-28 works Monday's hours: 09:00 -> 18:00 is 8h.
  CHECK(between("2025-09-28 09:00", "2025-09-28 18:00") == 8 * H);
  CHECK(between("2025-09-28 08:00", "2025-09-28 12:30") == 3 * H);
  // A holiday (Fri 2025-10-03) has no hours.
  CHECK(between("2025-10-03 00:00", "2025-10-04 00:00") == 0);
  // Across National Day: Tue 09-30 17:00-18:00 (1h), Oct 1-8 nothing, Thu 10-09 09:00-10:00 (1h).
  CHECK(between("2025-09-30 17:00", "2025-10-09 10:00") == 2 * H);
  // Sat 2025-09-27 .. Sun 2025-10-12 whole: working dates 09-28 (make-up), 09-29, 09-30, 10-09, 10-10,
  // 10-11 (make-up) = 6 x 8h.
  CHECK(between("2025-09-27 00:00", "2025-10-13 00:00") == 48 * H);
  // Zero length and reversed intervals.
  CHECK(between("2025-09-22 10:00", "2025-09-22 10:00") == 0);
  CHECK(between("2025-09-22 11:00", "2025-09-22 10:00") == 0);
  // An instant with an offset: 2025-09-22T02:00Z is 10:00 in Shanghai, so 10:00 -> 11:00 = 1h.
  CHECK(between("2025-09-22T02:00:00Z", "2025-09-22 11:00") == 1 * H);
  // Microsecond edges: the last micro of the morning counts, the first of lunch does not.
  const Micros noon = at(tz, "2025-09-22 12:00");
  CHECK(working_time_between(c, noon - 1, noon + 1) == 1);
}

TEST_CASE("calendar: deadlines in working time (China)", "[calendar]") {
  const BusinessCalendar c = china();
  const TimeZone& tz = c.tz;
  auto add = [&](const char* start, Micros work) { return add_working_time(c, at(tz, start), work); };
  auto t = [&](const char* text) { return std::optional<Micros>(at(tz, text)); };

  // 2h from inside the morning: 10:00 + 2h = 12:00, the end of the morning (the earliest instant).
  CHECK(add("2025-09-22 10:00", 2 * H) == t("2025-09-22 12:00"));
  // 2h from 11:00: 11-12 (1h), lunch, 13-14 (1h).
  CHECK(add("2025-09-22 11:00", 2 * H) == t("2025-09-22 14:00"));
  // Clocks that start outside working hours start at the next working moment:
  CHECK(add("2025-09-22 08:00", 2 * H) == t("2025-09-22 11:00"));  // before 09:00: 09:00 + 2h
  CHECK(add("2025-09-22 12:30", 2 * H) == t("2025-09-22 15:00"));  // lunch: 13:00 + 2h
  CHECK(add("2025-09-22 19:00", 2 * H) == t("2025-09-23 11:00"));  // evening: Tue 09:00 + 2h
  CHECK(add("2025-09-20 10:00", 2 * H) == t("2025-09-22 11:00"));  // Saturday: Mon 09:00 + 2h
  // A deadline at the end of the day is the end of the day, not the next morning.
  CHECK(add("2025-09-19 17:00", 1 * H) == t("2025-09-19 18:00"));
  // 8h: a whole day from 09:00; from 10:00 it is 10-12 (2h) + 13-18 (5h) + Tue 09-10 (1h).
  CHECK(add("2025-09-22 09:00", 8 * H) == t("2025-09-22 18:00"));
  CHECK(add("2025-09-22 10:00", 8 * H) == t("2025-09-23 10:00"));
  // 8h across National Day: Tue 09-30 14-18 (4h), Oct 1-8 off, Thu 10-09 09-12 (3h) + 13-14 (1h).
  CHECK(add("2025-09-30 14:00", 8 * H) == t("2025-10-09 14:00"));
  // 8h into the make-up Sunday: Fri 09-26 15-18 (3h), Sat off, Sun 09-28 09-12 (3h) + 13-15 (2h).
  CHECK(add("2025-09-26 15:00", 8 * H) == t("2025-09-28 15:00"));
  // 8h into the make-up Saturday: Fri 10-10 13-18 (5h), Sat 10-11 09-12 (3h).
  CHECK(add("2025-10-10 13:00", 8 * H) == t("2025-10-11 12:00"));
  // A clock started during the holiday waits for Thu 10-09 09:00.
  CHECK(add("2025-10-02 10:00", 2 * H) == t("2025-10-09 11:00"));
  // Zero work gives the start itself, even outside working hours.
  CHECK(add("2025-09-20 10:00", 0) == t("2025-09-20 10:00"));
  // Negative work has no answer.
  CHECK(add("2025-09-22 10:00", -1) == std::nullopt);
  // Round trips: the working time up to the deadline is the work.
  const Micros s = at(tz, "2025-09-26 15:00");
  CHECK(working_time_between(c, s, *add_working_time(c, s, 8 * H)) == 8 * H);
}

TEST_CASE("calendar: deadlines in working days (China)", "[calendar]") {
  const BusinessCalendar c = china();
  const TimeZone& tz = c.tz;
  auto add = [&](const char* start, int64_t n) { return add_workdays(c, at(tz, start), n); };
  auto t = [&](const char* text) { return std::optional<Micros>(at(tz, text)); };

  // Mon 10:30 + 3: Tue, Wed, Thu -> Thu 10:30.
  CHECK(add("2025-09-22 10:30", 3) == t("2025-09-25 10:30"));
  // Thu 09-25 10:30 + 3: Fri 09-26 (1), Sat off, Sun 09-28 make-up (2), Mon 09-29 (3).
  CHECK(add("2025-09-25 10:30", 3) == t("2025-09-29 10:30"));
  // Fri 09-26 16:00 + 3: Sun 09-28 (1), Mon 09-29 (2), Tue 09-30 (3).
  CHECK(add("2025-09-26 16:00", 3) == t("2025-09-30 16:00"));
  // Mon 09-29 15:00 + 3: Tue 09-30 (1), Oct 1-8 holidays, Thu 10-09 (2), Fri 10-10 (3).
  CHECK(add("2025-09-29 15:00", 3) == t("2025-10-10 15:00"));
  // ... and the working time up to it is 3 x 8h: Mon 15-18 (3h), Tue 8h, Thu 8h, Fri 09-12 + 13-15 (5h).
  CHECK(working_time_between(c, at(tz, "2025-09-29 15:00"), at(tz, "2025-10-10 15:00")) == 24 * H);
  // Tue 09-30 10:00 + 3: Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 make-up (3).
  CHECK(add("2025-09-30 10:00", 3) == t("2025-10-11 10:00"));
  // Starts outside working hours move to the next working moment first:
  // lunch: 12:30 keeps the 3h before the break -> Thu 12:00, the earliest instant by which 3h of
  // Thursday's working time has passed (the break's start, not 13:00 after it).
  CHECK(add("2025-09-22 12:30", 3) == t("2025-09-25 12:00"));
  // 12:00 (the break's start) and 13:00 (its end) have the same 3h before them: the same answer.
  CHECK(add("2025-09-22 12:00", 3) == t("2025-09-25 12:00"));
  CHECK(add("2025-09-22 13:00", 3) == t("2025-09-25 12:00"));
  // one working microsecond past the break: Thu 13:00:00.000001.
  CHECK(add_workdays(c, at(tz, "2025-09-22 13:00") + 1, 3) == std::optional<Micros>(at(tz, "2025-09-25 13:00") + 1));
  // ... and the working time from the start to the deadline is 3 x 8h.
  CHECK(working_time_between(c, at(tz, "2025-09-22 12:30"), at(tz, "2025-09-25 12:00")) == 24 * H);
  // evening: Mon 19:00 -> Tue 09:00 -> Wed (1), Thu (2), Fri (3) 09:00.
  CHECK(add("2025-09-22 19:00", 3) == t("2025-09-26 09:00"));
  // 18:00 is the end of the afternoon, so not a working moment: the same as the evening.
  CHECK(add("2025-09-22 18:00", 3) == t("2025-09-26 09:00"));
  // before work: 07:00 -> Mon 09:00 -> Thu 09:00.
  CHECK(add("2025-09-22 07:00", 3) == t("2025-09-25 09:00"));
  // Saturday 09-20 -> Mon 09-22 09:00 -> Thu 09-25 09:00.
  CHECK(add("2025-09-20 10:00", 3) == t("2025-09-25 09:00"));
  // Saturday 09-27 (no make-up) -> Sun 09-28 09:00 (make-up) -> Mon 09-29 (1), Tue 09-30 (2), Thu 10-09 (3).
  CHECK(add("2025-09-27 10:00", 3) == t("2025-10-09 09:00"));
  // during the holiday: Fri 10-03 -> Thu 10-09 09:00 -> Fri 10-10 (1), Sat 10-11 (2), Mon 10-13 (3).
  CHECK(add("2025-10-03 10:00", 3) == t("2025-10-13 09:00"));
  // The last micro of the day stays on its day: 17:59:59.999999 -> Thu 17:59:59.999999.
  CHECK(add_workdays(c, at(tz, "2025-09-22 18:00") - 1, 3) == std::optional<Micros>(at(tz, "2025-09-25 18:00") - 1));
  // n = 0 is the first working moment at or after the start.
  CHECK(add("2025-09-22 10:30", 0) == t("2025-09-22 10:30"));
  CHECK(add("2025-09-20 10:30", 0) == t("2025-09-22 09:00"));
  // Negative n has no answer.
  CHECK(add("2025-09-22 10:30", -1) == std::nullopt);
}

TEST_CASE("calendar: a working day shorter than the elapsed part keeps its close", "[calendar]") {
  // mon-fri 09:00-18:00 (9h), sat 09:00-12:00 (3h), UTC.
  BusinessCalendar c;
  c.hours = days_hours(0, 4, {{9 * 60, 18 * 60}});
  c.hours.push_back({5, 9 * 60, 12 * 60});
  const TimeZone utc = TimeZone::utc();
  // Thu 2025-09-25 16:00 is 7h into Thursday. +1: Fri 16:00. +2: Saturday has only 3h, so its close 12:00.
  CHECK(add_workdays(c, at(utc, "2025-09-25 16:00"), 1) == std::optional<Micros>(at(utc, "2025-09-26 16:00")));
  CHECK(add_workdays(c, at(utc, "2025-09-25 16:00"), 2) == std::optional<Micros>(at(utc, "2025-09-27 12:00")));
  // 2h into Thursday fits into Saturday: Sat 11:00. +3: Mon 2025-09-29 11:00.
  CHECK(add_workdays(c, at(utc, "2025-09-25 11:00"), 2) == std::optional<Micros>(at(utc, "2025-09-27 11:00")));
  CHECK(add_workdays(c, at(utc, "2025-09-25 11:00"), 3) == std::optional<Micros>(at(utc, "2025-09-29 11:00")));
}

TEST_CASE("calendar: hours are merged and cleaned", "[calendar]") {
  BusinessCalendar c;  // UTC
  // Monday: 09:00-12:00 and 11:00-13:00 overlap (09:00-13:00, 4h); 13:00-14:00 touches it (5h in all);
  // 15:00-15:00 and 17:00-16:00 are empty; weekday 9 is ignored; 22:00-24:00 ends at midnight (2h).
  c.hours = {{0, 9 * 60, 12 * 60},  {0, 11 * 60, 13 * 60}, {0, 13 * 60, 14 * 60}, {0, 15 * 60, 15 * 60},
             {0, 17 * 60, 16 * 60}, {9, 0, 600},           {0, 22 * 60, 24 * 60}};
  const TimeZone utc = TimeZone::utc();
  CHECK(working_time_between(c, at(utc, "2025-09-22 00:00"), at(utc, "2025-09-29 00:00")) == 7 * H);
  // 23:30 + 1h: 30 minutes to midnight, then nothing until next Monday 09:00 + 30m.
  CHECK(add_working_time(c, at(utc, "2025-09-22 23:30"), 1 * H) == std::optional<Micros>(at(utc, "2025-09-29 09:30")));
}

TEST_CASE("calendar: make-up days and holiday ranges, odd cases", "[calendar]") {
  // UTC; Monday 09:00-10:00 (1h), Wednesday 09:00-18:00 (9h).
  BusinessCalendar c;
  c.hours = {{0, 9 * 60, 10 * 60}, {2, 9 * 60, 18 * 60}};
  const TimeZone utc = TimeZone::utc();
  // A make-up day listed on Wednesday 2025-09-24 has Monday's hours instead of its own: 1h, not 9h.
  c.makeup_workdays = {k20250928 - 4};
  CHECK(working_time_between(c, at(utc, "2025-09-24 00:00"), at(utc, "2025-09-25 00:00")) == 1 * H);
  // A reversed holiday range (10-08..10-01) is empty: Wed 2025-10-01 keeps its 9h.
  c.holidays = {{k20251008, k20251001}};
  CHECK(working_time_between(c, at(utc, "2025-10-01 00:00"), at(utc, "2025-10-02 00:00")) == 9 * H);
  // Overlapping and touching ranges merge: 09-29..09-30 and 10-01..10-01 and 09-30..09-30 cover Mon-Wed.
  c.holidays = {{k20251001 - 2, k20251001 - 1}, {k20251001, k20251001}, {k20251001 - 1, k20251001 - 1}};
  CHECK(working_time_between(c, at(utc, "2025-09-29 00:00"), at(utc, "2025-10-06 00:00")) == 0);
  CHECK(working_time_between(c, at(utc, "2025-09-29 00:00"), at(utc, "2025-10-07 00:00")) == 1 * H);
}

TEST_CASE("calendar: no working hours never loops", "[calendar]") {
  BusinessCalendar c = china();
  c.hours.clear();
  const Micros s = at(c.tz, "2025-09-22 10:00");
  CHECK(working_time_between(c, s, s + 1000 * kMicrosPerDay) == 0);
  CHECK(add_working_time(c, s, 1) == std::nullopt);
  CHECK(add_working_time(c, s, 0) == std::optional<Micros>(s));
  CHECK(add_workdays(c, s, 1) == std::nullopt);
  CHECK(add_workdays(c, s, 0) == std::nullopt);  // not even a first working moment
  CHECK(!is_working_day(c, k20250928));  // a make-up day has Monday's hours: none
  // Work past the range of instants has no answer either (and takes no time to find out).
  CHECK(add_working_time(china(), s, std::numeric_limits<Micros>::max()) == std::nullopt);
  CHECK(add_workdays(china(), s, std::numeric_limits<int64_t>::max()) == std::nullopt);
}

TEST_CASE("calendar: long spans", "[calendar]") {
  // China's hours, no holidays. From Mon 2025-01-06 09:00 +08:00, 5200 weeks of 40h end on the Friday
  // of the 5200th week at 18:00: date 20094 + 5200*7 - 3 = 56491, 18:00 +08:00 = 10:00Z.
  BusinessCalendar c = china();
  c.holidays.clear();
  c.makeup_workdays.clear();
  const Micros start = at(c.tz, "2025-01-06 09:00");
  const Micros end = 56491 * kMicrosPerDay + 10 * H;
  CHECK(add_working_time(c, start, 5200 * 40 * H) == std::optional<Micros>(end));
  CHECK(working_time_between(c, start, end) == 5200 * 40 * H);
  // 5200 weeks of 5 working days: the Monday after that Friday, 09:00 +08:00 = 01:00Z.
  CHECK(add_workdays(c, start, 5200 * 5) == std::optional<Micros>((56491 + 3) * kMicrosPerDay + 1 * H));

  // Europe/Berlin across both 2025 changes (Sundays, no hours): Mon 2025-01-06 00:00 CET (23:00Z the day
  // before) to Mon 2026-01-05 00:00 CET is 52 weeks of 40h.
  const BusinessCalendar b = berlin();
  CHECK(working_time_between(b, at(b.tz, "2025-01-05T23:00:00Z"), at(b.tz, "2026-01-04T23:00:00Z")) == 2080 * H);
  // 2080h from Mon 09:00 CET (08:00Z) ends Fri 2026-01-02 17:00 CET (16:00Z).
  CHECK(add_working_time(b, at(b.tz, "2025-01-06T08:00:00Z"), 2080 * H) ==
        std::optional<Micros>(at(b.tz, "2026-01-02T16:00:00Z")));
  // 260 working days from Mon 09:00 CET: 52 weeks on, Mon 2026-01-05 09:00 CET (08:00Z).
  CHECK(add_workdays(b, at(b.tz, "2025-01-06T08:00:00Z"), 260) ==
        std::optional<Micros>(at(b.tz, "2026-01-05T08:00:00Z")));
}

TEST_CASE("calendar: Europe/Berlin across the spring-forward weekend", "[calendar]") {
  const BusinessCalendar c = berlin();
  const TimeZone& tz = c.tz;
  auto t = [&](const char* text) { return std::optional<Micros>(at(tz, text)); };
  // Fri 2025-03-28 16:00 CET (15:00Z) to Mon 2025-03-31 10:00 CEST (08:00Z): 1h + 1h. The hours follow the
  // wall clock, so Monday's 09:00 is 07:00Z while Friday's was 08:00Z.
  CHECK(working_time_between(c, at(tz, "2025-03-28T15:00:00Z"), at(tz, "2025-03-31T08:00:00Z")) == 2 * H);
  CHECK(working_time_between(c, at(tz, "2025-03-31T06:59:00Z"), at(tz, "2025-03-31T07:01:00Z")) == 1 * M);
  CHECK(add_working_time(c, at(tz, "2025-03-28T15:00:00Z"), 2 * H) == t("2025-03-31T08:00:00Z"));
  // Fri 10:00 CET + 1 working day: Mon 10:00 CEST = 08:00Z (not 09:00Z).
  CHECK(add_workdays(c, at(tz, "2025-03-28T09:00:00Z"), 1) == t("2025-03-31T08:00:00Z"));
  // + 5: Fri 2025-04-04 10:00 CEST = 08:00Z.
  CHECK(add_workdays(c, at(tz, "2025-03-28T09:00:00Z"), 5) == t("2025-04-04T08:00:00Z"));
  // The week Mon 2025-03-24 00:00 CET (03-23 23:00Z) to Mon 03-31 00:00 CEST (03-30 22:00Z): 5 x 8h.
  CHECK(working_time_between(c, at(tz, "2025-03-23T23:00:00Z"), at(tz, "2025-03-30T22:00:00Z")) == 40 * H);
}

TEST_CASE("calendar: hours on the days the clocks change", "[calendar]") {
  const TimeZone tz = zone("Europe/Berlin");
  auto sunday = [&](int from, int to, const char* a, const char* b) {
    return working_time_between(berlin_sunday(from, to), at(tz, a), at(tz, b));
  };
  // Whole local days: 2025-03-23 is 23:00Z..23:00Z, 2025-03-30 is 23:00Z..22:00Z, 2025-10-26 is 22:00Z..23:00Z.
  // sun 01:00-05:00: an ordinary Sunday has 4h; on 03-30 01:00 CET = 00:00Z to 05:00 CEST = 03:00Z is 3h;
  // on 10-26 01:00 CEST = 10-25 23:00Z to 05:00 CET = 04:00Z is 5h.
  CHECK(sunday(60, 300, "2025-03-22T23:00:00Z", "2025-03-23T23:00:00Z") == 4 * H);
  CHECK(sunday(60, 300, "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z") == 3 * H);
  CHECK(sunday(60, 300, "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z") == 5 * H);
  // sun 02:15-02:45 lies in the skipped hour on 03-30: nothing.
  CHECK(sunday(135, 165, "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z") == 0);
  // sun 02:30-04:00 on 03-30 starts when the clocks jump (03:00 CEST = 01:00Z) and ends 04:00 CEST = 02:00Z.
  CHECK(sunday(150, 240, "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z") == 1 * H);
  // sun 01:00-02:30 on 10-26 ends at the first 02:30 (CEST, 00:30Z): from 10-25 23:00Z, 1h30.
  CHECK(sunday(60, 150, "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z") == 90 * M);
  // sun 02:30-03:30 on 10-26: first 02:30 (00:30Z) to 03:30 CET (02:30Z), 2h.
  CHECK(sunday(150, 210, "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z") == 2 * H);

  // A clock inside the changing hours: 01:30 CET (00:30Z) + 1h on 03-30 is 03:30 CEST = 01:30Z.
  CHECK(add_working_time(berlin_sunday(60, 300), at(tz, "2025-03-30T00:30:00Z"), 1 * H) ==
        std::optional<Micros>(at(tz, "2025-03-30T01:30:00Z")));
  // 02:15-02:45 only: 03-30 is a working day by its hours but has no working time, so a clock started
  // Saturday 03-29 runs on Sun 04-06 02:15 CEST (00:15Z): + 1 minute = 00:16Z.
  const BusinessCalendar gap = berlin_sunday(135, 165);
  CHECK(is_working_day(gap, k20250330));
  CHECK(add_working_time(gap, at(tz, "2025-03-29T12:00:00Z"), 1 * M) ==
        std::optional<Micros>(at(tz, "2025-04-06T00:16:00Z")));
  // ... and add_workdays passes it over: Sun 03-23 02:20 CET (01:20Z) is 5 minutes into the day; the next
  // working day with time is 04-06: 02:20 CEST = 00:20Z.
  CHECK(add_workdays(gap, at(tz, "2025-03-23T01:20:00Z"), 1) == std::optional<Micros>(at(tz, "2025-04-06T00:20:00Z")));
  // On the autumn day 01:00-05:00 holds 5h: 01:00 CEST (10-25 23:00Z) + 4h30 = 03:30Z = 04:30 CET.
  CHECK(add_working_time(berlin_sunday(60, 300), at(tz, "2025-10-25T23:00:00Z"), 270 * M) ==
        std::optional<Micros>(at(tz, "2025-10-26T03:30:00Z")));
}

// ---- differential checks against a plain date-by-date reading of the rules --------------------------

namespace {

// The rules of calendar.h written out as simply as possible: every date, every interval, one by one.
std::vector<std::pair<Micros, Micros>> reference_spans(const BusinessCalendar& c, int64_t day) {
  bool holiday = false, makeup = false;
  for (auto [f, l] : c.holidays) holiday = holiday || (f <= day && day <= l);
  for (int32_t m : c.makeup_workdays) makeup = makeup || m == day;
  std::vector<std::pair<Micros, Micros>> out;
  if (holiday) return out;
  const int wd = makeup ? 0 : weekday_of(static_cast<int32_t>(day));
  std::vector<std::pair<int, int>> mins;
  for (const WorkingHours& h : c.hours)
    if (h.weekday == wd && h.from_minute < h.to_minute) mins.emplace_back(h.from_minute, h.to_minute);
  std::sort(mins.begin(), mins.end());
  for (auto [f, t] : mins) {
    const Micros b = c.tz.start_of_local(day * kMicrosPerDay + f * M);
    const Micros e = c.tz.start_of_local(day * kMicrosPerDay + t * M);
    if (b >= e) continue;
    if (!out.empty() && b <= out.back().second) {
      out.back().second = std::max(out.back().second, e);
    } else {
      out.emplace_back(b, e);
    }
  }
  return out;
}

int64_t day_of(const BusinessCalendar& c, Micros t) {
  const Micros l = c.tz.to_local(t);
  return l >= 0 ? l / kMicrosPerDay : -((-l + kMicrosPerDay - 1) / kMicrosPerDay);
}

Micros reference_between(const BusinessCalendar& c, Micros a, Micros b) {
  Micros total = 0;
  for (int64_t d = day_of(c, a) - 2; d <= day_of(c, b) + 2; ++d)
    for (auto [s, e] : reference_spans(c, d)) total += std::max<Micros>(0, std::min(e, b) - std::max(s, a));
  return std::max<Micros>(total, 0);
}

std::optional<Micros> reference_workdays(const BusinessCalendar& c, Micros start, int64_t n) {
  int64_t d0 = day_of(c, start) - 2;
  std::optional<Micros> s;
  for (int k = 0; k < 3000 && !s; ++k, ++d0) {
    for (auto [b, e] : reference_spans(c, d0)) {
      if (e > start) {
        s = std::max(b, start);
        break;
      }
    }
  }
  if (!s) return std::nullopt;
  --d0;
  Micros e = 0;
  for (auto [b, en] : reference_spans(c, d0)) {
    if (*s < en) {
      e += *s - b;
      break;
    }
    e += en - b;
  }
  int64_t d = d0;
  for (int64_t left = n; left > 0;) {
    ++d;
    if (!reference_spans(c, d).empty()) --left;
  }
  if (n == 0) return s;
  // The earliest instant by which e of the day's working time has passed (an e that ends at a break is
  // the break's start).
  const auto spans = reference_spans(c, d);
  for (auto [b, en] : spans) {
    if (e <= en - b) return b + e;
    e -= en - b;
  }
  return spans.back().second;
}

}  // namespace

TEST_CASE("calendar: agrees with a date-by-date reading of the rules", "[calendar]") {
  std::mt19937_64 rng(20250330);
  auto uniform = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  const char* zones[] = {"Europe/Berlin", "Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "UTC"};
  for (int round = 0; round < 60; ++round) {
    BusinessCalendar c;
    c.tz = zone(zones[round % 5]);
    // Hours that often cover the 01:00-03:00 stretch where zones change their clocks.
    for (int k = uniform(0, 10); k > 0; --k) {
      const int from = static_cast<int>(uniform(0, 1439)), len = static_cast<int>(uniform(1, 600));
      c.hours.push_back({static_cast<int>(uniform(0, 6)), from, std::min(from + len, 1440)});
    }
    for (int k = uniform(0, 6); k > 0; --k) {
      const int32_t f = static_cast<int32_t>(uniform(k20250101 - 40, k20250101 + 800));
      c.holidays.emplace_back(f, f + static_cast<int32_t>(uniform(0, 12)));
    }
    for (int k = uniform(0, 6); k > 0; --k)
      c.makeup_workdays.push_back(static_cast<int32_t>(uniform(k20250101, k20250101 + 800)));
    const WorkSchedule ws(c);

    for (int q = 0; q < 40; ++q) {
      const Micros a = (k20250101 - 30) * kMicrosPerDay + uniform(0, 800) * kMicrosPerDay + uniform(0, 96) * 15 * M;
      const Micros b = a + uniform(-kMicrosPerDay, 300 * kMicrosPerDay);
      INFO("round " << round << " zone " << c.tz.name() << " a " << format_timestamp(a, c.tz) << " b "
                    << format_timestamp(b, c.tz));
      REQUIRE(ws.working_time_between(a, b) == (b <= a ? 0 : reference_between(c, a, b)));

      const Micros w = uniform(0, 60) * 30 * M + uniform(0, 3);
      const auto r = ws.add_working_time(a, w);
      REQUIRE(r.has_value() == (c.hours.size() > 0 || w == 0));
      if (r && w > 0) {
        REQUIRE(*r > a);
        REQUIRE(reference_between(c, a, *r) == w);  // the work is done at r ...
        REQUIRE(reference_between(c, a, *r - 1) == w - 1);  // ... and not a micro before
      }
      if (!c.hours.empty()) {
        const int64_t n = uniform(0, 12);
        REQUIRE(ws.add_workdays(a, n) == reference_workdays(c, a, n));
      }
    }
  }
}
