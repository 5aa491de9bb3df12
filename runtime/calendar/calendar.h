// Business calendars: working time between instants, deadlines in working time and in working days.
//
// The rules (docs/calendars.md), as this file implements them:
//
// Working days and hours
// - Hours are local wall-clock intervals [from, to) of a local date, minutes 0 .. 1440 (24:00 ends the
//   day). A weekday may have several intervals; overlapping or touching ones are merged, an interval with
//   to <= from is empty, and a weekday outside 0 .. 6 is ignored.
// - The hours of a local date: none when a holiday range (inclusive at both ends) contains it, else
//   Monday's hours when it is a make-up workday (whatever its own weekday: a make-up day listed on a
//   Wednesday has Monday's hours instead of Wednesday's), else the hours of its weekday. So a holiday
//   wins over both a make-up day and the weekday. A holiday range whose last day is before its first is
//   empty.
// - A working day (is_working_day) is a date whose hours are not empty.
//
// Daylight saving (the hours are wall-clock times)
// - The interval [from, to) of date d is the instants from the first instant whose local time is at or
//   after d+from to the first instant whose local time is at or after d+to (TimeZone::start_of_local, as
//   for period boundaries). So on a spring-forward day 01:00-05:00 lasts 3h, hours entirely inside the
//   skipped hour last 0 and 02:30-04:00 starts when the clocks jump (03:00, lasting 1h); on an autumn
//   day 01:00-05:00 lasts 5h (the repeated hour counts twice), and an end inside the repeated hour is
//   its first occurrence (01:00-02:30 lasts 1h30).
//
// Working time
// - working_time_between(a, b) is the length of the working instants in [a, b); 0 when b <= a.
// - add_working_time(start, w) is the earliest instant t >= start with working_time_between(start, t)
//   == w. A clock that starts outside working hours so starts at the next working moment, and a deadline
//   that falls at the end of an interval is that end (Friday 17:00 + 1h is Friday 18:00, not Monday
//   09:00). w == 0 gives `start` itself, even outside working hours.
//
// Working days (`within 3 workdays`: "the same working moment three working days later")
// - s = the first working moment at or after `start` (start itself inside working hours; an instant at
//   the end of an interval is not inside it). D0 = the date whose hours hold s, and e = the working
//   time of D0 before s (0 <= e < the working time of D0).
// - DN = the n-th working day after D0, counting only dates with working time (a working day whose
//   hours all fall into a skipped spring-forward hour is passed over).
// - The result is the earliest instant of DN by which e of DN's working time has passed: e == 0 is DN's
//   first working moment, and an e that ends at a break is the break's start (the end of the interval
//   before it, as add_working_time). When DN has e or less working time (a shorter day), the result is
//   the end of DN's last working interval.
// - n == 0 gives s. Under uniform hours the working time from start to the result is n full days.
//   Examples with 09:00-12:00, 13:00-18:00: Tuesday 10:30 + 3 is Friday 10:30; Tuesday 12:00 and 12:30
//   (lunch) and 13:00 have e = 3h and give Friday 12:00; Tuesday 19:00 moves to Wednesday 09:00 and gives
//   Monday 09:00.
//
// No working time: add_working_time and add_workdays return nullopt when the result does not exist: the
// calendar has no working hours at all (or no working time is left after start), the result would be
// past the range of instants, or the argument is negative (w < 0, n < 0). They never loop without end.
//
// Cost: the day-by-day walk jumps over stretches of dates with neither holiday nor make-up day nor
// offset change by whole weeks, so a call costs O(log) per holiday range, make-up day and zone offset
// change inside the span, whatever its length. Building a WorkSchedule sorts the calendar's lists; build
// one per calendar when asking many questions (the free functions build one per call, about 1us for a
// calendar like cn_workdays). Instants are assumed to lie a little inside the int64 range, as in time.h.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "runtime/time/time.h"

namespace jixiao::rt {

struct WorkingHours {
  int weekday;  // 0 = Monday .. 6 = Sunday
  int from_minute;  // local minutes after midnight, 0 .. 1440
  int to_minute;
};

struct BusinessCalendar {
  TimeZone tz;
  std::vector<WorkingHours> hours;  // several intervals per weekday allowed
  std::vector<std::pair<int32_t, int32_t>> holidays;  // inclusive ranges of local dates (days since epoch)
  std::vector<int32_t> makeup_workdays;  // dates that work with an ordinary Monday's hours
};

// A BusinessCalendar prepared for queries: the rules above, with sorted lists and per-weekday totals.
class WorkSchedule {
 public:
  explicit WorkSchedule(const BusinessCalendar& cal);

  Micros working_time_between(Micros a, Micros b) const;
  std::optional<Micros> add_working_time(Micros start, Micros work) const;
  std::optional<Micros> add_workdays(Micros start, int64_t n) const;
  bool is_working_day(int32_t local_day) const;

  // A working interval as instants, [begin, end).
  struct Span {
    Micros begin;
    Micros end;
  };
  // The working intervals of a local date, in time order, empty ones left out.
  std::vector<Span> day_spans(int64_t day) const;

 private:
  struct Minutes {
    int from;
    int to;
  };
  // A stretch of dates [first, end) that the walk handles in one step.
  struct Run {
    enum Kind { Holiday, Plain, Exact } kind;
    int64_t first;
    int64_t end;
    Micros offset;  // Plain: the zone's offset over the whole stretch, in micros
  };
  struct Hit {
    Micros at;  // the instant at which the working time is reached
    int64_t day;  // the date whose hours hold the last micro of it
  };

  Run run_at(int64_t day) const;
  const std::vector<Minutes>& hours_of(int64_t day) const;
  bool in_holiday(int64_t day) const;
  bool is_makeup(int64_t day) const;
  int64_t next_exception(int64_t day) const;  // first holiday or make-up date at or after `day`
  Micros nominal_sum(int64_t first, int64_t end) const;  // working time of plain dates [first, end)
  std::optional<Hit> advance(Micros start, Micros work) const;  // work > 0

  TimeZone tz_;
  std::array<std::vector<Minutes>, 7> week_;  // merged, sorted intervals per weekday
  std::array<Micros, 7> nominal_{};  // working time of each weekday without offset change
  Micros week_total_ = 0;
  int week_workdays_ = 0;  // weekdays with hours
  std::vector<std::pair<int64_t, int64_t>> holidays_;  // merged, sorted, inclusive
  std::vector<int64_t> makeups_;  // sorted, unique, no holiday among them
};

Micros working_time_between(const BusinessCalendar& cal, Micros a, Micros b);
std::optional<Micros> add_working_time(const BusinessCalendar& cal, Micros start, Micros work);
std::optional<Micros> add_workdays(const BusinessCalendar& cal, Micros start, int64_t n);
bool is_working_day(const BusinessCalendar& cal, int32_t local_day);

}  // namespace jixiao::rt
