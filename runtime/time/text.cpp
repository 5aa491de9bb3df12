// Timestamps, dates and durations read from and written as text (see time.h).
#include "runtime/time/time.h"

#include <algorithm>
#include <limits>
#include <string>

#include "runtime/time/civil.h"
#include "stdlib/time_range.h"

namespace jixiao::rt {

using namespace detail;

// ---- parsing ----------------------------------------------------------------------------------------

namespace {

// `YYYY-MM-DD` at the start of `s` (at least 10 characters), validated.
std::optional<int64_t> parse_date_prefix(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const int y = read_digits(s.data(), 4);
  const int m = read_digits(s.data() + 5, 2);
  const int d = read_digits(s.data() + 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > static_cast<int>(days_in_month(y, unsigned(m)))) { return std::nullopt; }
  return civil_to_days(y, unsigned(m), unsigned(d));
}

}  // namespace

std::optional<Micros> parse_timestamp(std::string_view s, const TimeZone& tz, bool* in_gap) {
  if (in_gap) *in_gap = false;
  const auto days = parse_date_prefix(s);
  if (!days) return std::nullopt;
  Micros local = *days * kMicrosPerDay;
  // A bare date in a timestamp column is the local midnight that starts it.
  if (s.size() == 10) return tz.start_of_local(local);

  // [T ]hh:mm
  if (s.size() < 16 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':') return std::nullopt;
  const int hh = read_digits(s.data() + 11, 2);
  const int mi = read_digits(s.data() + 14, 2);
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59) return std::nullopt;
  local += hh * kMicrosPerHour + mi * kMicrosPerMinute;
  size_t i = 16;

  // [:ss[.fraction]]; fraction digits beyond microseconds are dropped (data systems write nanoseconds).
  if (i < s.size() && s[i] == ':') {
    if (s.size() < i + 3) return std::nullopt;
    const int ss = read_digits(s.data() + i + 1, 2);
    if (ss < 0 || ss > 59) return std::nullopt;
    local += ss * kMicrosPerSecond;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      ++i;
      const size_t from = i;
      Micros fraction = 0;
      for (; i < s.size() && is_digit(s[i]); ++i) {
        if (i - from < 6) fraction = fraction * 10 + (s[i] - '0');
      }
      const size_t n = i - from;
      if (n == 0 || n > 9) return std::nullopt;
      for (size_t k = n; k < 6; ++k) fraction *= 10;
      local += fraction;
    }
  }

  if (i == s.size()) {
    const Micros at = tz.from_local(local);
    if (in_gap) *in_gap = tz.to_local(at) != local;
    return at;
  }

  // Z | +hh:mm | +hhmm | +hh (and -)
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return local;
  if (s[i] != '+' && s[i] != '-') return std::nullopt;
  const bool west = s[i] == '-';
  const size_t rest = s.size() - i - 1;
  const char* p = s.data() + i + 1;
  int oh = -1, om = 0;
  if (rest == 2 || rest == 4 || (rest == 5 && p[2] == ':')) {
    oh = read_digits(p, 2);
    if (rest > 2) om = read_digits(p + rest - 2, 2);
  }
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
  const Micros offset = oh * kMicrosPerHour + om * kMicrosPerMinute;
  return west ? local + offset : local - offset;
}

std::optional<int32_t> parse_date(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  const auto days = parse_date_prefix(text);
  if (!days) return std::nullopt;
  return static_cast<int32_t>(*days);
}

std::optional<Micros> parse_duration(std::string_view s, bool* too_long) {
  if (too_long) *too_long = false;
  auto out_of_range = [&] {
    if (too_long) *too_long = true;
    return std::nullopt;
  };
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  if (i == s.size()) return std::nullopt;

  // Components: a number (digits with an optional fraction) followed by a unit, units in decreasing
  // order and each at most once (`1h30m`, or `1h 30m` as format_duration writes it). A lone number
  // without a unit is seconds: ingestion passes only JSON and SQLite numbers that way, and quarantines
  // a bare number written as text (runtime/ingest/row_builder.cpp, docs/decisions.md).
  __int128 total = 0;
  int last_rank = 5;  // w=4 d=3 h=2 m=1 s=0
  bool first = true;
  while (true) {
    __int128 whole = 0;
    const size_t from = i;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      whole = whole * 10 + (s[i] - '0');
      if (whole >= stdlib::kTimeLimitMicros) return out_of_range();
    }
    if (i == from) return std::nullopt;
    // Up to 18 fraction digits are kept; further ones are far below a microsecond for every unit.
    __int128 frac = 0, scale = 1;
    if (i < s.size() && s[i] == '.') {
      const size_t frac_from = ++i;
      for (; i < s.size() && is_digit(s[i]); ++i) {
        if (i - frac_from < 18) frac = frac * 10 + (s[i] - '0'), scale *= 10;
      }
      if (i == frac_from) return std::nullopt;
    }
    Micros unit = 0;
    int rank = -1;
    if (i == s.size() && first) {
      unit = kMicrosPerSecond;  // plain number of seconds
    } else {
      if (i == s.size()) return std::nullopt;  // `1h30`: a number without its unit
      switch (s[i++]) {
        case 'w': rank = 4, unit = 7 * kMicrosPerDay; break;
        case 'd': rank = 3, unit = kMicrosPerDay; break;
        case 'h': rank = 2, unit = kMicrosPerHour; break;
        case 'm': rank = 1, unit = kMicrosPerMinute; break;
        case 's': rank = 0, unit = kMicrosPerSecond; break;
        default: return std::nullopt;
      }
      if (rank >= last_rank) return std::nullopt;
      last_rank = rank;
    }
    total += whole * unit + (frac * unit + scale / 2) / scale;  // fraction rounded to the microsecond
    if (total >= stdlib::kTimeLimitMicros) return out_of_range();
    first = false;
    if (i == s.size()) break;
    if (rank < 0) return std::nullopt;
    if (s[i] == ' ') ++i;  // one space may separate components
    if (i == s.size() || !is_digit(s[i])) return std::nullopt;
  }
  return static_cast<Micros>(negative ? -total : total);
}

// ---- formatting -------------------------------------------------------------------------------------

void append_timestamp(std::string& out, Micros utc, const TimeZone& tz) {
  const int32_t offset = tz.offset_at(utc);
  const Micros local = utc + int64_t(offset) * kMicrosPerSecond;
  const int64_t days = floor_div(local, kMicrosPerDay);
  const Micros in_day = local - days * kMicrosPerDay;

  append_date(out, days);
  out += 'T';
  append_uint(out, static_cast<uint64_t>(in_day / kMicrosPerHour), 2);
  out += ':';
  append_uint(out, static_cast<uint64_t>(in_day / kMicrosPerMinute % 60), 2);
  out += ':';
  append_uint(out, static_cast<uint64_t>(in_day / kMicrosPerSecond % 60), 2);
  const auto fraction = static_cast<uint64_t>(in_day % kMicrosPerSecond);
  if (fraction != 0) {
    out += '.';
    if (fraction % 1000 == 0) {
      append_uint(out, fraction / 1000, 3);  // milliseconds when that is exact
    } else {
      append_uint(out, fraction, 6);
    }
  }
  append_offset(out, offset);
}

std::string format_timestamp(Micros utc, const TimeZone& tz) {
  std::string out;
  out.reserve(32);
  append_timestamp(out, utc, tz);
  return out;
}

void append_date_text(std::string& out, int32_t days) { append_date(out, days); }

std::string format_date(int32_t days) {
  std::string out;
  out.reserve(10);
  append_date(out, days);
  return out;
}

std::string format_duration(Micros d) {
  if (d == 0) return "0s";
  std::string out;
  if (d < 0) out += '-';
  // Unsigned magnitude so that INT64_MIN has one too.
  uint64_t rest = d < 0 ? uint64_t(0) - static_cast<uint64_t>(d) : static_cast<uint64_t>(d);
  bool written = false;
  const auto part = [&](uint64_t unit, char suffix) {
    const uint64_t n = rest / unit;
    rest %= unit;
    if (n == 0) return;
    if (written) out += ' ';
    append_uint(out, n);
    out += suffix;
    written = true;
  };
  part(uint64_t(kMicrosPerDay), 'd');
  part(uint64_t(kMicrosPerHour), 'h');
  part(uint64_t(kMicrosPerMinute), 'm');
  if (rest != 0) {
    if (written) out += ' ';
    append_uint(out, rest / uint64_t(kMicrosPerSecond));
    uint64_t fraction = rest % uint64_t(kMicrosPerSecond);
    if (fraction != 0) {
      int width = 6;
      while (fraction % 10 == 0) fraction /= 10, --width;
      out += '.';
      append_uint(out, fraction, width);
    }
    out += 's';
  }
  return out;
}

}  // namespace jixiao::rt
