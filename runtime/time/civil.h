// Integer calendar arithmetic and the digits of ISO 8601 text, shared by the files of runtime/time
// (zones, parsing and formatting, periods). Internal to jx_time: other code uses time.h.
#pragma once
#include <cstdint>
#include <limits>
#include <string>

#include "runtime/time/time.h"

namespace jixiao::rt::detail {

inline constexpr Micros kMinMicros = std::numeric_limits<Micros>::min();
inline constexpr Micros kMaxMicros = std::numeric_limits<Micros>::max();
inline constexpr int64_t kSecondsPerDay = 86'400;

// ---- integer and calendar helpers -------------------------------------------------------------------

inline constexpr int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline constexpr int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

inline Micros sat_add(Micros a, Micros b) {
  Micros r;
  return __builtin_add_overflow(a, b, &r) ? (b > 0 ? kMaxMicros : kMinMicros) : r;
}
inline Micros sat_sub(Micros a, Micros b) {
  Micros r;
  return __builtin_sub_overflow(a, b, &r) ? (b < 0 ? kMaxMicros : kMinMicros) : r;
}

inline constexpr bool is_leap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }
inline constexpr unsigned days_in_month(int64_t y, unsigned m) {
  constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html),
// written out here on int64 so that the hot paths need no chrono types.
inline constexpr int64_t civil_to_days(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Ymd {
  int64_t y;
  unsigned m, d;
};
inline constexpr Ymd days_to_civil(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

static_assert(civil_to_days(1970, 1, 1) == 0);
static_assert(civil_to_days(2000, 1, 1) == 10957);
static_assert(days_to_civil(-1).y == 1969 && days_to_civil(-1).m == 12 && days_to_civil(-1).d == 31);

// 0 = Monday; 1970-01-01 was a Thursday.
inline constexpr int weekday_mon0(int64_t days) { return static_cast<int>(floor_mod(days + 3, 7)); }

// Moves a date by whole months, clamping the day to the target month's length.
inline int64_t add_months_days(int64_t days, int64_t n) {
  const Ymd c = days_to_civil(days);
  const int64_t months = c.y * 12 + (c.m - 1) + n;
  const int64_t y = floor_div(months, 12);
  const auto m = static_cast<unsigned>(floor_mod(months, 12) + 1);
  return civil_to_days(y, m, std::min(c.d, days_in_month(y, m)));
}

// ---- text helpers -----------------------------------------------------------------------------------

// Exactly `n` ASCII digits at `p` (the caller checked the length); -1 when one is not a digit.
inline int read_digits(const char* p, int n) {
  int v = 0;
  for (int k = 0; k < n; ++k) {
    const unsigned c = static_cast<unsigned char>(p[k]) - unsigned('0');
    if (c > 9) return -1;
    v = v * 10 + static_cast<int>(c);
  }
  return v;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

inline void append_uint(std::string& out, uint64_t v, int min_width = 1) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (int k = n; k < min_width; ++k) out += '0';
  while (n > 0) out += buf[--n];
}

// Four-digit years as ISO 8601 writes them; outside 0000..9999 with a sign (the expanded form).
inline void append_year(std::string& out, int64_t y) {
  if (y < 0) {
    out += '-';
    append_uint(out, static_cast<uint64_t>(-y), 4);
  } else {
    if (y > 9999) out += '+';
    append_uint(out, static_cast<uint64_t>(y), 4);
  }
}

inline void append_date(std::string& out, int64_t days) {
  const Ymd c = days_to_civil(days);
  append_year(out, c.y);
  out += '-';
  append_uint(out, c.m, 2);
  out += '-';
  append_uint(out, c.d, 2);
}

// `+08:00`, `-04:00`, `+00:00`; seconds only for the odd historical offset (LMT +08:05:43).
inline void append_offset(std::string& out, int32_t offset_seconds) {
  out += offset_seconds < 0 ? '-' : '+';
  const auto a = static_cast<uint32_t>(offset_seconds < 0 ? -int64_t(offset_seconds) : offset_seconds);
  append_uint(out, a / 3600, 2);
  out += ':';
  append_uint(out, a / 60 % 60, 2);
  if (a % 60 != 0) {
    out += ':';
    append_uint(out, a % 60, 2);
  }
}

}  // namespace jixiao::rt::detail
