// Business calendars (see calendar.h for the rules).
//
// The walk goes date by date in local dates, but in runs: a holiday range is one step, and a stretch of
// ordinary dates over which the zone's offset does not change (a "plain" run) is handled with integer
// arithmetic: there the hours of date d are simply [d + from - offset, d + to - offset), and a whole
// week of them holds week_total_ of working time. Dates that are make-up days or that contain (or border
// on) an offset change are "exact": their intervals go through TimeZone::start_of_local one by one.
#include "runtime/calendar/calendar.h"

#include <algorithm>
#include <limits>

namespace jixiao::rt {
namespace {

constexpr Micros kMaxMicros = std::numeric_limits<Micros>::max();
// Dates whose midnights (give or take a day of offset) are representable instants.
constexpr int64_t kLastDay = kMaxMicros / kMicrosPerDay - 2;
constexpr int64_t kFirstDay = -kLastDay;
constexpr int kMinutesPerDay = 24 * 60;

constexpr int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int weekday_of_day(int64_t day) { return static_cast<int>(day - floor_div(day + 3, 7) * 7 + 3); }

int64_t local_day_of(const TimeZone& tz, Micros t) {
  return std::clamp(floor_div(tz.to_local(t), kMicrosPerDay), kFirstDay, kLastDay);
}

Micros clamp_to_micros(__int128 v) { return v > kMaxMicros ? kMaxMicros : static_cast<Micros>(v); }

}  // namespace

WorkSchedule::WorkSchedule(const BusinessCalendar& cal) : tz_(cal.tz) {
  for (const WorkingHours& h : cal.hours) {
    if (h.weekday < 0 || h.weekday > 6) continue;
    const int from = std::clamp(h.from_minute, 0, kMinutesPerDay);
    const int to = std::clamp(h.to_minute, 0, kMinutesPerDay);
    if (from < to) week_[h.weekday].push_back({from, to});
  }
  for (int w = 0; w < 7; ++w) {
    auto& v = week_[w];
    std::sort(v.begin(), v.end(), [](const Minutes& x, const Minutes& y) { return x.from < y.from; });
    std::vector<Minutes> merged;
    for (const Minutes& m : v) {
      if (!merged.empty() && m.from <= merged.back().to) {
        merged.back().to = std::max(merged.back().to, m.to);
      } else {
        merged.push_back(m);
      }
    }
    v = std::move(merged);
    for (const Minutes& m : v) nominal_[w] += int64_t(m.to - m.from) * kMicrosPerMinute;
    week_total_ += nominal_[w];
    week_workdays_ += v.empty() ? 0 : 1;
  }

  for (const auto& [first, last] : cal.holidays) {
    if (first <= last) holidays_.emplace_back(first, last);
  }
  std::sort(holidays_.begin(), holidays_.end());
  std::vector<std::pair<int64_t, int64_t>> merged;
  for (const auto& h : holidays_) {
    if (!merged.empty() && h.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, h.second);
    } else {
      merged.push_back(h);
    }
  }
  holidays_ = std::move(merged);

  for (int32_t d : cal.makeup_workdays) {
    if (!in_holiday(d)) makeups_.push_back(d);
  }
  std::sort(makeups_.begin(), makeups_.end());
  makeups_.erase(std::unique(makeups_.begin(), makeups_.end()), makeups_.end());
}

bool WorkSchedule::in_holiday(int64_t day) const {
  auto it = std::upper_bound(holidays_.begin(), holidays_.end(), day,
                             [](int64_t d, const std::pair<int64_t, int64_t>& h) { return d < h.first; });
  return it != holidays_.begin() && std::prev(it)->second >= day;
}

bool WorkSchedule::is_makeup(int64_t day) const { return std::binary_search(makeups_.begin(), makeups_.end(), day); }

int64_t WorkSchedule::next_exception(int64_t day) const {
  int64_t next = kLastDay + 1;
  auto h = std::lower_bound(holidays_.begin(), holidays_.end(), day,
                            [](const std::pair<int64_t, int64_t>& r, int64_t d) { return r.first < d; });
  if (h != holidays_.end()) next = std::min(next, h->first);
  auto m = std::lower_bound(makeups_.begin(), makeups_.end(), day);
  if (m != makeups_.end()) next = std::min(next, *m);
  return next;
}

const std::vector<WorkSchedule::Minutes>& WorkSchedule::hours_of(int64_t day) const {
  static const std::vector<Minutes> kNone;
  if (in_holiday(day)) return kNone;
  if (is_makeup(day)) return week_[0];
  return week_[weekday_of_day(day)];
}

bool WorkSchedule::is_working_day(int32_t local_day) const { return !hours_of(local_day).empty(); }

std::vector<WorkSchedule::Span> WorkSchedule::day_spans(int64_t day) const {
  std::vector<Span> out;
  const Micros midnight = day * kMicrosPerDay;
  for (const Minutes& m : hours_of(day)) {
    const Micros b = tz_.start_of_local(midnight + m.from * kMicrosPerMinute);
    const Micros e = tz_.start_of_local(midnight + m.to * kMicrosPerMinute);
    if (b < e) out.push_back({b, e});
  }
  return out;
}

WorkSchedule::Run WorkSchedule::run_at(int64_t day) const {
  auto h = std::upper_bound(holidays_.begin(), holidays_.end(), day,
                            [](int64_t d, const std::pair<int64_t, int64_t>& r) { return d < r.first; });
  if (h != holidays_.begin() && std::prev(h)->second >= day) {
    return {Run::Holiday, day, std::min(std::prev(h)->second + 1, kLastDay + 1), 0};
  }
  if (is_makeup(day)) return {Run::Exact, day, day + 1, 0};

  // Plain when every local time of the date, midnight to midnight inclusive, is read with one offset:
  // then start_of_local(x) == x - offset for all of them (see calendar.h on start_of_local).
  const Micros midnight = day * kMicrosPerDay;
  const Micros first_instant = tz_.start_of_local(midnight);
  const TimeZone::OffsetInterval iv = tz_.interval_at(first_instant);
  const Micros offset = int64_t(iv.offset) * kMicrosPerSecond;
  if (first_instant != midnight - offset || midnight + kMicrosPerDay - offset >= iv.end) {
    return {Run::Exact, day, day + 1, 0};
  }
  // Dates d with (d + 1) * day - offset < iv.end, that is d < floor((iv.end - 1 + offset) / day).
  int64_t end = kLastDay + 1;
  Micros limit = 0;
  if (!__builtin_add_overflow(iv.end - 1, offset, &limit)) end = std::min(end, floor_div(limit, kMicrosPerDay));
  end = std::min(end, next_exception(day + 1));
  return {Run::Plain, day, end, offset};
}

Micros WorkSchedule::nominal_sum(int64_t first, int64_t end) const {
  const int64_t n = end - first;
  __int128 total = static_cast<__int128>(n / 7) * week_total_;
  const int w = weekday_of_day(first);
  for (int k = 0; k < n % 7; ++k) total += nominal_[(w + k) % 7];
  return clamp_to_micros(total);
}

Micros WorkSchedule::working_time_between(Micros a, Micros b) const {
  if (b <= a) return 0;
  __int128 total = 0;
  for (int64_t d = std::max(local_day_of(tz_, a) - 1, kFirstDay); d <= kLastDay;) {
    if (tz_.start_of_local(d * kMicrosPerDay) >= b) break;  // later dates' hours start later still
    const Run r = run_at(d);
    d = r.end;
    if (r.kind == Run::Holiday) continue;
    if (r.kind == Run::Exact) {
      for (const Span& s : day_spans(r.first)) {
        const Micros lo = std::max(s.begin, a), hi = std::min(s.end, b);
        if (lo < hi) total += hi - lo;
      }
      continue;
    }
    for (int64_t x = r.first; x < r.end;) {
      const Micros m0 = x * kMicrosPerDay - r.offset;  // the date's first instant
      if (m0 >= b) return clamp_to_micros(total);
      if (m0 >= a && m0 <= b - kMicrosPerDay) {
        // Dates from x on that lie wholly inside [a, b): (y + 1) * day - offset <= b.
        Micros lim = 0;
        int64_t y = r.end;
        if (!__builtin_add_overflow(b, r.offset, &lim)) y = std::min(y, floor_div(lim, kMicrosPerDay));
        total += nominal_sum(x, y);
        x = y;
        continue;
      }
      for (const Minutes& m : week_[weekday_of_day(x)]) {
        const Micros lo = std::max(m0 + m.from * kMicrosPerMinute, a);
        const Micros hi = std::min(m0 + m.to * kMicrosPerMinute, b);
        if (lo < hi) total += hi - lo;
      }
      ++x;
    }
  }
  return clamp_to_micros(total);
}

std::optional<WorkSchedule::Hit> WorkSchedule::advance(Micros start, Micros work) const {
  if (week_total_ == 0) return std::nullopt;  // no hours on any weekday, so none on make-up days either
  Micros remaining = work;
  for (int64_t d = std::max(local_day_of(tz_, start) - 1, kFirstDay); d <= kLastDay;) {
    const Run r = run_at(d);
    d = r.end;
    if (r.kind == Run::Holiday) continue;
    if (r.kind == Run::Exact) {
      for (const Span& s : day_spans(r.first)) {
        const Micros from = std::max(s.begin, start);
        if (s.end <= from) continue;
        if (remaining <= s.end - from) return Hit{from + remaining, r.first};
        remaining -= s.end - from;
      }
      continue;
    }
    for (int64_t x = r.first; x < r.end;) {
      const Micros m0 = x * kMicrosPerDay - r.offset;
      if (m0 >= start && remaining > week_total_ && r.end - x >= 7) {
        // Whole weeks, keeping some work back so that the instant is found by the date walk below.
        const int64_t weeks = std::min((remaining - 1) / week_total_, (r.end - x) / 7);
        remaining -= weeks * week_total_;
        x += 7 * weeks;
        continue;
      }
      for (const Minutes& m : week_[weekday_of_day(x)]) {
        const Micros from = std::max(m0 + m.from * kMicrosPerMinute, start);
        const Micros to = m0 + m.to * kMicrosPerMinute;
        if (to <= from) continue;
        if (remaining <= to - from) return Hit{from + remaining, x};
        remaining -= to - from;
      }
      ++x;
    }
  }
  return std::nullopt;
}

std::optional<Micros> WorkSchedule::add_working_time(Micros start, Micros work) const {
  if (work < 0) return std::nullopt;
  if (work == 0) return start;
  const auto hit = advance(start, work);
  if (!hit) return std::nullopt;
  return hit->at;
}

std::optional<Micros> WorkSchedule::add_workdays(Micros start, int64_t n) const {
  if (n < 0) return std::nullopt;
  // The first working moment s: the earliest instant by which 1us of work is done, less that 1us.
  const auto first = advance(start, 1);
  if (!first) return std::nullopt;
  const Micros s = first->at - 1;
  if (n == 0) return s;

  Micros elapsed = 0;  // e: D0's working time before s
  for (const Span& sp : day_spans(first->day)) {
    if (s < sp.end) {
      elapsed += s - sp.begin;
      break;
    }
    elapsed += sp.end - sp.begin;
  }

  // DN: the n-th date after D0 with working time.
  int64_t left = n;
  std::optional<int64_t> target;
  for (int64_t d = first->day + 1; d <= kLastDay && !target;) {
    const Run r = run_at(d);
    d = r.end;
    if (r.kind == Run::Holiday) continue;
    if (r.kind == Run::Exact) {
      if (!day_spans(r.first).empty() && --left == 0) target = r.first;
      continue;
    }
    for (int64_t x = r.first; x < r.end && !target;) {
      if (left > week_workdays_ && r.end - x >= 7) {
        const int64_t weeks = std::min((left - 1) / week_workdays_, (r.end - x) / 7);
        left -= weeks * week_workdays_;
        x += 7 * weeks;
        continue;
      }
      if (!week_[weekday_of_day(x)].empty() && --left == 0) target = x;
      ++x;
    }
  }
  if (!target) return std::nullopt;

  // The earliest instant of DN by which e of its working time has passed: e == 0 is DN's first working
  // moment, an e that ends at a break is the break's start (Friday 12:00, not 13:00 after lunch).
  const std::vector<Span> spans = day_spans(*target);
  for (const Span& sp : spans) {
    if (elapsed <= sp.end - sp.begin) return sp.begin + elapsed;
    elapsed -= sp.end - sp.begin;
  }
  return spans.back().end;  // DN is shorter than e: its close
}

Micros working_time_between(const BusinessCalendar& cal, Micros a, Micros b) {
  if (b <= a) return 0;
  return WorkSchedule(cal).working_time_between(a, b);
}

std::optional<Micros> add_working_time(const BusinessCalendar& cal, Micros start, Micros work) {
  if (work == 0) return start;
  return WorkSchedule(cal).add_working_time(start, work);
}

std::optional<Micros> add_workdays(const BusinessCalendar& cal, Micros start, int64_t n) {
  return WorkSchedule(cal).add_workdays(start, n);
}

bool is_working_day(const BusinessCalendar& cal, int32_t local_day) {
  return WorkSchedule(cal).is_working_day(local_day);
}

}  // namespace jixiao::rt
