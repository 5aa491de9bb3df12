// Instants, time zones, periods and calendar arithmetic for the runtime.
//
// An instant is int64 microseconds since the Unix epoch (UTC). A `date` column is int32 days since
// 1970-01-01. Time-zone rules come from the system tz database (/usr/share/zoneinfo) through Howard
// Hinnant's date/tz; zone.cpp explains how rules after 2037 are obtained. Calendar functions assume
// instants a little inside the int64 range (about +-290,000 years); the parsers produce years 0000-9999.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "stdlib/grain.h"

namespace jixiao::rt {

using Micros = int64_t;
inline constexpr Micros kMicrosPerSecond = 1'000'000;
inline constexpr Micros kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr Micros kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr Micros kMicrosPerDay = 24 * kMicrosPerHour;

// A named IANA time zone ("UTC", "Asia/Shanghai", "Europe/Berlin"). Cheap to copy.
class TimeZone {
 public:
  // nullopt when the name is not in the tz database.
  static std::optional<TimeZone> find(std::string_view name);
  static TimeZone utc();

  const std::string& name() const;
  // Offset from UTC in seconds at an instant.
  int32_t offset_at(Micros utc) const;
  // The instant of a local wall-clock time. In a gap (spring forward) the time is moved forward by the
  // gap; when ambiguous (autumn) the earlier instant is taken.
  Micros from_local(Micros local) const;
  // Local wall-clock micros ("local epoch") of an instant.
  Micros to_local(Micros utc) const { return utc + int64_t(offset_at(utc)) * kMicrosPerSecond; }
  // The first instant whose local time is at or after `local`: like from_local, except that a time in a
  // gap gives the instant of the transition. Period boundaries (local midnights) use this, so that a
  // period starts at the first instant that belongs to it.
  Micros start_of_local(Micros local) const;

  // A stretch of time over which the zone's offset does not change: [begin, end), offset in seconds.
  // The first stretch begins at INT64_MIN and the last ends at INT64_MAX. Callers that look up many
  // instants in time order (period buckets, ingestion) keep one and test it before asking again.
  struct OffsetInterval {
    Micros begin = 0;
    Micros end = 0;
    int32_t offset = 0;
    bool contains(Micros utc) const { return utc >= begin && utc < end; }
  };
  OffsetInterval interval_at(Micros utc) const;

  struct Impl;

 private:
  const Impl& rep() const;  // a default-constructed TimeZone behaves as UTC
  std::shared_ptr<const Impl> impl_;
};

// Parses the timestamp forms of docs/language-reference.md (data): `2025-07-01T08:00:00Z`,
// `2025-07-01T16:00:00+08:00`, `2025-07-01 16:00`, `2025-07-01T08:30`, optional seconds and fraction.
// Without an offset the time is local to `tz`. nullopt when malformed or out of range (month 13 ...).
// A bare date is the local midnight that starts it. A local time that the zone skips (the hour the clocks
// jump forward over) is read with the offset before the gap, moving it forward; `in_gap`, when given, is
// set so that ingest can refuse it instead.
std::optional<Micros> parse_timestamp(std::string_view text, const TimeZone& tz, bool* in_gap = nullptr);
// `2025-07-01` -> days since epoch; nullopt when malformed.
std::optional<int32_t> parse_date(std::string_view text);
// Durations as written in rules and data: `90s`, `15m`, `2h`, `3d`, `1w`, `1h30m`; also a plain number
// of seconds in data files. nullopt when malformed, a unit is unknown or the duration is beyond the
// language's time range (stdlib/time_range.h; then *too_long is set).
std::optional<Micros> parse_duration(std::string_view text, bool* too_long = nullptr);

// ISO 8601 with the zone's offset at that instant: `2025-07-01T09:00:00+08:00` (Z is never used).
std::string format_timestamp(Micros utc, const TimeZone& tz);
std::string format_date(int32_t days);
// The same texts appended to `out`, for writers that produce millions of them.
void append_timestamp(std::string& out, Micros utc, const TimeZone& tz);
void append_date_text(std::string& out, int32_t days);
// `2h 30m`, `45s`, `3d 4h`, `0s`; negative durations get a leading `-`.
std::string format_duration(Micros d);

using stdlib::Grain;
using stdlib::grain_name;
using stdlib::parse_grain;

// Weekday numbering: 0 = Monday ... 6 = Sunday.
struct Period {
  Micros start = 0;  // first instant of the period (UTC)
  Micros end = 0;  // first instant after it
  std::string label;  // 2025-07-01, 2025-W27, 2025-07, 2025-Q3, 2025, 2025-07-01T08 ... (docs/language-reference.md)
};

// Assigns instants to periods of one grain in one zone. Keeps a small cache of the current zone
// offset so that sorted input costs integer arithmetic per row (docs/architecture.md, execution model).
// Periods are the stretches between the instants where local periods begin, so they partition time:
// a day in Europe/Berlin can last 23 or 25 hours, and a repeated autumn hour is two hour periods.
// Because of that cache a bucketer is not thread-safe: use one per thread.
class PeriodBucketer {
 public:
  PeriodBucketer(Grain grain, TimeZone tz, int week_start = 0);
  // A bucket key that orders like time: the period's start instant (All -> 0). Inline so that the
  // common case (same period as the previous row) is two comparisons in the caller's loop.
  Micros bucket(Micros utc) {
    if (utc >= hit_begin_ && utc < hit_end_) return hit_bucket_;
    return bucket_slow(utc);
  }
  // The period holding `utc`: its bucket and the instants [begin, end) it covers (All: every instant).
  struct Span {
    Micros bucket, begin, end;
  };
  Span span(Micros utc) {
    Micros b = bucket(utc);
    return Span{b, hit_begin_, hit_end_};
  }
  Period period_of_bucket(Micros bucket_start) const;
  Period period_of(Micros utc) { return period_of_bucket(bucket(utc)); }
  // Start of the period `n` periods after (negative: before) the one starting at `bucket_start`.
  Micros shift(Micros bucket_start, int64_t n) const;

 private:
  Micros bucket_slow(Micros utc);
  int64_t first_day_of_period(int64_t local_day) const;  // Day .. Year grains
  int64_t advance_first_day(int64_t first_day, int64_t n) const;  // n periods on, Day .. Year grains
  Period hour_period(Micros bucket_start) const;
  Micros shift_hours(Micros bucket_start, int64_t n) const;

  Grain grain_;
  TimeZone tz_;
  int week_start_;
  // The period of the last instant bucketed: instants in [hit_begin_, hit_end_) map to hit_bucket_.
  Micros hit_begin_ = 0;
  Micros hit_end_ = 0;
  Micros hit_bucket_ = 0;
  // The zone's offset interval holding the last instant that missed the period cache.
  TimeZone::OffsetInterval offsets_{};
};

// Proleptic Gregorian calendar dates <-> days since 1970-01-01.
struct CivilDate {
  int32_t year = 1970;
  unsigned month = 1;  // 1 .. 12
  unsigned day = 1;  // 1 .. 31
};
CivilDate civil_from_days(int32_t days);
int32_t days_from_civil(int32_t year, unsigned month, unsigned day);  // no validation: 2025-02-31 = 03-03

// Adds `n` calendar months to a local date, clamping to the month's end (2025-05-31 - 3 months =
// 2025-02-28).
int32_t add_months(int32_t days, int64_t n);
int weekday_of(int32_t days);  // 0 = Monday

}  // namespace jixiao::rt
