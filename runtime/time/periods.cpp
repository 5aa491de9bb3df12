// Periods (buckets of a grain in a zone, their labels and spans) and civil-date arithmetic (see time.h).
#include "runtime/time/time.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "runtime/time/civil.h"

namespace jixiao::rt {

using namespace detail;

// ---- grains and periods -----------------------------------------------------------------------------

namespace {

// True when the local hour starting at `local_hour` also occurs outside the offset interval holding
// `start`, i.e. the wall clock shows that hour twice (the autumn change). Looks at the intervals within
// two days either side, which covers every real offset change.
bool local_hour_repeats(const TimeZone& tz, Micros start, Micros local_hour) {
  const Micros own = tz.interval_at(start).begin;
  const Micros stop = sat_add(local_hour, 2 * kMicrosPerDay);
  Micros t = sat_sub(local_hour, 2 * kMicrosPerDay);
  while (true) {
    const TimeZone::OffsetInterval iv = tz.interval_at(t);
    if (iv.begin != own) {
      const Micros offset = int64_t(iv.offset) * kMicrosPerSecond;
      const Micros lo = std::max(local_hour - offset, iv.begin);
      const Micros hi = std::min(local_hour + kMicrosPerHour - offset, iv.end);
      if (lo < hi) return true;
    }
    if (iv.end >= stop) return false;
    t = iv.end;
  }
}

}  // namespace

PeriodBucketer::PeriodBucketer(Grain grain, TimeZone tz, int week_start)
    : grain_(grain), tz_(std::move(tz)), week_start_(((week_start % 7) + 7) % 7) {
  if (grain_ == Grain::All) {
    hit_begin_ = kMinMicros;
    hit_end_ = kMaxMicros;
    hit_bucket_ = 0;
  }
}

int64_t PeriodBucketer::first_day_of_period(int64_t local_day) const {
  switch (grain_) {
    case Grain::Week: return local_day - (weekday_mon0(local_day) - week_start_ + 7) % 7;
    case Grain::Month:
    case Grain::Quarter:
    case Grain::Year: {
      const Ymd c = days_to_civil(local_day);
      unsigned m = 1;
      if (grain_ == Grain::Month) m = c.m;
      if (grain_ == Grain::Quarter) m = (c.m - 1) / 3 * 3 + 1;
      return civil_to_days(c.y, m, 1);
    }
    default: return local_day;
  }
}

int64_t PeriodBucketer::advance_first_day(int64_t first_day, int64_t n) const {
  switch (grain_) {
    case Grain::Week: return first_day + 7 * n;
    case Grain::Month: return add_months_days(first_day, n);
    case Grain::Quarter: return add_months_days(first_day, 3 * n);
    case Grain::Year: return add_months_days(first_day, 12 * n);
    default: return first_day + n;
  }
}

Micros PeriodBucketer::bucket_slow(Micros utc) {
  if (grain_ == Grain::All) return 0;  // only INT64_MAX itself misses the all-covering cache
  if (!offsets_.contains(utc)) offsets_ = tz_.interval_at(utc);
  const Micros local = utc + int64_t(offsets_.offset) * kMicrosPerSecond;

  Micros start, end;
  if (grain_ == Grain::Hour) {
    // An hour starts at the local hour mark, or at the offset change when that falls inside the hour
    // (so each pass over a repeated autumn hour is its own period, and half-hour shifts work too).
    const Micros hour_mark = utc - floor_mod(local, kMicrosPerHour);
    start = std::max(hour_mark, offsets_.begin);
    end = std::min(sat_add(hour_mark, kMicrosPerHour), offsets_.end);
  } else {
    int64_t first = first_day_of_period(floor_div(local, kMicrosPerDay));
    int64_t next = advance_first_day(first, 1);
    start = tz_.start_of_local(first * kMicrosPerDay);
    end = tz_.start_of_local(next * kMicrosPerDay);
    // Periods are the stretches between the instants their local boundaries map to. Only where clocks
    // go back across midnight can an instant's local date disagree with the stretch holding it; step to
    // the stretch so that buckets always partition time.
    while (utc >= end) {
      start = end;
      next = advance_first_day(next, 1);
      end = tz_.start_of_local(next * kMicrosPerDay);
    }
    while (utc < start) {
      end = start;
      first = advance_first_day(first, -1);
      start = tz_.start_of_local(first * kMicrosPerDay);
    }
  }
  hit_begin_ = start;
  hit_end_ = end;
  hit_bucket_ = start;
  return start;
}

Period PeriodBucketer::hour_period(Micros bucket_start) const {
  const TimeZone::OffsetInterval iv = tz_.interval_at(bucket_start);
  const Micros local = bucket_start + int64_t(iv.offset) * kMicrosPerSecond;
  const Micros local_hour = local - floor_mod(local, kMicrosPerHour);
  Period p;
  p.start = bucket_start;
  p.end = std::min(sat_add(bucket_start - (local - local_hour), kMicrosPerHour), iv.end);
  const int64_t day = floor_div(local_hour, kMicrosPerDay);
  append_date(p.label, day);
  p.label += 'T';
  append_uint(p.label, static_cast<uint64_t>((local_hour - day * kMicrosPerDay) / kMicrosPerHour), 2);
  if (local_hour_repeats(tz_, bucket_start, local_hour)) append_offset(p.label, iv.offset);
  return p;
}

Period PeriodBucketer::period_of_bucket(Micros bucket_start) const {
  if (grain_ == Grain::All) return {kMinMicros, kMaxMicros, "all"};
  if (grain_ == Grain::Hour) return hour_period(bucket_start);

  const int64_t first = first_day_of_period(floor_div(tz_.to_local(bucket_start), kMicrosPerDay));
  Period p;
  p.start = bucket_start;
  p.end = tz_.start_of_local(advance_first_day(first, 1) * kMicrosPerDay);
  const Ymd c = days_to_civil(first);
  switch (grain_) {
    case Grain::Day: append_date(p.label, first); break;
    case Grain::Week:
      if (week_start_ != 0) {
        append_date(p.label, first);  // weeks not starting on Monday are named by their first day
      } else {
        // ISO 8601: a week belongs to the year of its Thursday, and week 1 holds the year's first Thursday.
        const int64_t thursday = first + 3;
        const int64_t iso_year = days_to_civil(thursday).y;
        append_year(p.label, iso_year);
        p.label += "-W";
        append_uint(p.label, static_cast<uint64_t>((thursday - civil_to_days(iso_year, 1, 1)) / 7 + 1), 2);
      }
      break;
    case Grain::Month:
      append_year(p.label, c.y);
      p.label += '-';
      append_uint(p.label, c.m, 2);
      break;
    case Grain::Quarter:
      append_year(p.label, c.y);
      p.label += "-Q";
      append_uint(p.label, (c.m - 1) / 3 + 1);
      break;
    default:  // Year
      append_year(p.label, c.y);
      break;
  }
  return p;
}

Micros PeriodBucketer::shift_hours(Micros s, int64_t n) const {
  // Steps period by period, but crosses whole hours inside one offset interval in a single jump.
  while (n > 0) {
    const TimeZone::OffsetInterval iv = tz_.interval_at(s);
    const Micros past_mark = floor_mod(s + int64_t(iv.offset) * kMicrosPerSecond, kMicrosPerHour);
    const int64_t whole = iv.end == kMaxMicros ? n : std::min(n, (iv.end - s) / kMicrosPerHour);
    if (past_mark == 0 && whole > 0) {
      s += whole * kMicrosPerHour;
      n -= whole;
    } else {
      s = std::min(s - past_mark + kMicrosPerHour, iv.end);
      --n;
    }
  }
  while (n < 0) {
    const TimeZone::OffsetInterval iv = tz_.interval_at(s - 1);
    const Micros offset = int64_t(iv.offset) * kMicrosPerSecond;
    const int64_t whole = iv.begin == kMinMicros ? -n : std::min(-n, (s - iv.begin) / kMicrosPerHour);
    if (floor_mod(s + offset, kMicrosPerHour) == 0 && whole > 0) {
      s -= whole * kMicrosPerHour;
      n += whole;
    } else {
      s = std::max(s - 1 - floor_mod(s - 1 + offset, kMicrosPerHour), iv.begin);
      ++n;
    }
  }
  return s;
}

Micros PeriodBucketer::shift(Micros bucket_start, int64_t n) const {
  if (grain_ == Grain::All) return 0;
  if (grain_ == Grain::Hour) return shift_hours(bucket_start, n);
  const int64_t first = first_day_of_period(floor_div(tz_.to_local(bucket_start), kMicrosPerDay));
  return tz_.start_of_local(advance_first_day(first, n) * kMicrosPerDay);
}

// ---- calendar ---------------------------------------------------------------------------------------

CivilDate civil_from_days(int32_t days) {
  const Ymd c = days_to_civil(days);
  return {static_cast<int32_t>(c.y), c.m, c.d};
}

int32_t days_from_civil(int32_t year, unsigned month, unsigned day) {
  return static_cast<int32_t>(civil_to_days(year, month, day));
}

int32_t add_months(int32_t days, int64_t n) { return static_cast<int32_t>(add_months_days(days, n)); }

int weekday_of(int32_t days) { return weekday_mon0(days); }

}  // namespace jixiao::rt
