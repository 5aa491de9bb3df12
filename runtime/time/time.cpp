// Instants, zones, periods and calendar arithmetic (see time.h).
//
// Zone data: Debian's libdate-tz is built with USE_OS_TZDB=1. It never downloads anything: it scans
// /usr/share/zoneinfo (a fixed path; TZDIR is not consulted) and reads the compiled TZif files there.
// In that mode it only knows the transitions listed in the file and ignores the POSIX TZ rule in the
// file's footer, and Debian's TZif files list transitions up to 2037 only: asked about 2038 or later,
// date/tz answers with the offset in force after the last listed transition (America/New_York stays on
// EST forever). So each zone is copied once into a compact table of (begin, offset) intervals, and that
// table is extended from the footer rule up to kRuleHorizonYear. The table also makes lookups cheap: a
// binary search over integers, with no locking, no exceptions and no strings.
#include "runtime/time/time.h"

#include "stdlib/time_range.h"

#include <date/tz.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <vector>

namespace jixiao::rt {
namespace {

constexpr Micros kMinMicros = std::numeric_limits<Micros>::min();
constexpr Micros kMaxMicros = std::numeric_limits<Micros>::max();
constexpr int64_t kSecondsPerDay = 86'400;
// Zone rules are extended from the TZif footer up to this year; later instants keep the last offset.
constexpr int64_t kRuleHorizonYear = 2500;

// ---- integer and calendar helpers -------------------------------------------------------------------

constexpr int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
constexpr int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

Micros sat_add(Micros a, Micros b) {
  Micros r;
  return __builtin_add_overflow(a, b, &r) ? (b > 0 ? kMaxMicros : kMinMicros) : r;
}
Micros sat_sub(Micros a, Micros b) {
  Micros r;
  return __builtin_sub_overflow(a, b, &r) ? (b < 0 ? kMaxMicros : kMinMicros) : r;
}

constexpr bool is_leap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }
constexpr unsigned days_in_month(int64_t y, unsigned m) {
  constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html),
// written out here on int64 so that the hot paths need no chrono types.
constexpr int64_t civil_to_days(int64_t y, unsigned m, unsigned d) {
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
constexpr Ymd days_to_civil(int64_t z) {
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
constexpr int weekday_mon0(int64_t days) { return static_cast<int>(floor_mod(days + 3, 7)); }

// Moves a date by whole months, clamping the day to the target month's length.
int64_t add_months_days(int64_t days, int64_t n) {
  const Ymd c = days_to_civil(days);
  const int64_t months = c.y * 12 + (c.m - 1) + n;
  const int64_t y = floor_div(months, 12);
  const auto m = static_cast<unsigned>(floor_mod(months, 12) + 1);
  return civil_to_days(y, m, std::min(c.d, days_in_month(y, m)));
}

// ---- text helpers -----------------------------------------------------------------------------------

// Exactly `n` ASCII digits at `p` (the caller checked the length); -1 when one is not a digit.
int read_digits(const char* p, int n) {
  int v = 0;
  for (int k = 0; k < n; ++k) {
    const unsigned c = static_cast<unsigned char>(p[k]) - unsigned('0');
    if (c > 9) return -1;
    v = v * 10 + static_cast<int>(c);
  }
  return v;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void append_uint(std::string& out, uint64_t v, int min_width = 1) {
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
void append_year(std::string& out, int64_t y) {
  if (y < 0) {
    out += '-';
    append_uint(out, static_cast<uint64_t>(-y), 4);
  } else {
    if (y > 9999) out += '+';
    append_uint(out, static_cast<uint64_t>(y), 4);
  }
}

void append_date(std::string& out, int64_t days) {
  const Ymd c = days_to_civil(days);
  append_year(out, c.y);
  out += '-';
  append_uint(out, c.m, 2);
  out += '-';
  append_uint(out, c.d, 2);
}

// `+08:00`, `-04:00`, `+00:00`; seconds only for the odd historical offset (LMT +08:05:43).
void append_offset(std::string& out, int32_t offset_seconds) {
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

// ---- POSIX TZ rule from the TZif footer (RFC 8536 section 3.3) --------------------------------------

struct PosixRule {
  enum class Kind { Julian1, Julian0, MonthWeekDay } kind = Kind::MonthWeekDay;
  int day = 0;  // Jn: 1..365 (Feb 29 never counted); n: 0..365
  int month = 0, week = 0, wday = 0;  // Mm.w.d: week 5 = last, wday 0 = Sunday
  int32_t time = 2 * 3600;  // seconds after local midnight, may be negative or beyond 24h
};

struct PosixTz {
  int32_t std_offset = 0;  // seconds east of UTC (POSIX writes them west-positive)
  int32_t dst_offset = 0;
  PosixRule start, end;  // start of daylight time (in standard time), its end (in daylight time)
};

class PosixParser {
 public:
  explicit PosixParser(std::string_view s) : s_(s) {}

  // nullopt when malformed or when the zone has no daylight saving (nothing to extend).
  std::optional<PosixTz> parse() {
    PosixTz tz;
    std::optional<int32_t> off;
    if (!name() || !(off = hms(24))) return std::nullopt;
    tz.std_offset = -*off;
    if (at_end() || !name()) return std::nullopt;
    tz.dst_offset = tz.std_offset + 3600;
    if (!at_end() && peek() != ',') {
      if (!(off = hms(24))) return std::nullopt;
      tz.dst_offset = -*off;
    }
    if (!eat(',') || !rule(tz.start) || !eat(',') || !rule(tz.end) || !at_end()) return std::nullopt;
    return tz;
  }

 private:
  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  std::optional<int> number(int max_digits) {
    int v = 0, n = 0;
    while (n < max_digits && is_digit(peek())) v = v * 10 + (s_[i_++] - '0'), ++n;
    if (n == 0) return std::nullopt;
    return v;
  }
  bool name() {
    if (eat('<')) {
      const size_t close = s_.find('>', i_);
      if (close == std::string_view::npos || close == i_) return false;
      i_ = close + 1;
      return true;
    }
    const size_t from = i_;
    while ((peek() >= 'A' && peek() <= 'Z') || (peek() >= 'a' && peek() <= 'z')) ++i_;
    return i_ - from >= 3;
  }
  // [+-]hh[:mm[:ss]] in seconds.
  std::optional<int32_t> hms(int max_hours) {
    const bool negative = eat('-');
    if (!negative) eat('+');
    const auto h = number(3);
    if (!h || *h > max_hours) return std::nullopt;
    int32_t v = *h * 3600;
    if (eat(':')) {
      const auto m = number(2);
      if (!m || *m > 59) return std::nullopt;
      v += *m * 60;
      if (eat(':')) {
        const auto sec = number(2);
        if (!sec || *sec > 59) return std::nullopt;
        v += *sec;
      }
    }
    return negative ? -v : v;
  }
  bool rule(PosixRule& r) {
    if (eat('M')) {
      const auto m = number(2);
      if (!m || *m < 1 || *m > 12 || !eat('.')) return false;
      const auto w = number(1);
      if (!w || *w < 1 || *w > 5 || !eat('.')) return false;
      const auto d = number(1);
      if (!d || *d > 6) return false;
      r.kind = PosixRule::Kind::MonthWeekDay;
      r.month = *m, r.week = *w, r.wday = *d;
    } else if (eat('J')) {
      const auto n = number(3);
      if (!n || *n < 1 || *n > 365) return false;
      r.kind = PosixRule::Kind::Julian1;
      r.day = *n;
    } else {
      const auto n = number(3);
      if (!n || *n > 365) return false;
      r.kind = PosixRule::Kind::Julian0;
      r.day = *n;
    }
    if (eat('/')) {
      const auto t = hms(167);  // RFC 8536 allows -167..167 hours
      if (!t) return false;
      r.time = *t;
    }
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

// The local date (days since epoch) on which a rule fires in year `y`.
int64_t rule_day(const PosixRule& r, int64_t y) {
  const int64_t jan1 = civil_to_days(y, 1, 1);
  switch (r.kind) {
    case PosixRule::Kind::Julian1: return jan1 + r.day - 1 + (is_leap(y) && r.day >= 60 ? 1 : 0);
    case PosixRule::Kind::Julian0: return jan1 + r.day;
    case PosixRule::Kind::MonthWeekDay: {
      const int64_t first = civil_to_days(y, static_cast<unsigned>(r.month), 1);
      const int first_wday = (weekday_mon0(first) + 1) % 7;  // 0 = Sunday here
      int64_t day = first + (r.wday - first_wday + 7) % 7 + int64_t(r.week - 1) * 7;
      while (day >= first + days_in_month(y, static_cast<unsigned>(r.month))) day -= 7;
      return day;
    }
  }
  return jan1;
}

// The footer of a TZif (version 2+) file: the text between its last two newlines.
std::optional<std::string> read_tzif_footer(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 6 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' || data.back() != '\n') {
    return std::nullopt;
  }
  const size_t open = data.rfind('\n', data.size() - 2);
  if (open == std::string::npos) return std::nullopt;
  return data.substr(open + 1, data.size() - open - 2);
}

}  // namespace

// ---- TimeZone ---------------------------------------------------------------------------------------

struct TimeZone::Impl {
  std::string name;
  std::vector<Micros> begins;  // begins[0] == INT64_MIN, strictly increasing
  std::vector<int32_t> offsets;  // seconds east of UTC in force on [begins[i], begins[i+1])

  size_t index_at(Micros utc) const {
    if (utc >= begins.back()) return begins.size() - 1;
    return static_cast<size_t>(std::upper_bound(begins.begin(), begins.end(), utc) - begins.begin()) - 1;
  }
  Micros end_of(size_t i) const { return i + 1 < begins.size() ? begins[i + 1] : kMaxMicros; }

  void append(Micros begin, int32_t offset) {
    if (!offsets.empty() && offsets.back() == offset) return;  // only offset changes matter here
    begins.push_back(begin);
    offsets.push_back(offset);
  }

  // Local time -> instant. Intervals whose local ranges contain `local` are candidates; the earliest wins
  // (ambiguous times). When none does, `local` lies in a gap after the last interval whose local range
  // starts at or before it: `gap_to_transition` gives the transition instant, otherwise the time is read
  // with the offset before the gap, which moves it forward by the gap's length.
  Micros from_local(Micros local, bool gap_to_transition) const {
    // Offsets stay well within a day, so only intervals near `local` - 1 day .. `local` + 1 day matter.
    size_t i = index_at(sat_sub(local, kMicrosPerDay));
    const Micros stop = sat_add(local, kMicrosPerDay);
    std::optional<size_t> last_started;
    for (; i < begins.size() && begins[i] <= stop; ++i) {
      const Micros utc = sat_sub(local, int64_t(offsets[i]) * kMicrosPerSecond);
      if (utc < begins[i]) continue;  // `local` is before this interval's local range
      if (utc < end_of(i)) return utc;
      last_started = i;
    }
    if (!last_started) return sat_sub(local, int64_t(offsets[index_at(local)]) * kMicrosPerSecond);
    if (gap_to_transition) return end_of(*last_started);
    return sat_sub(local, int64_t(offsets[*last_started]) * kMicrosPerSecond);
  }
};

namespace {

std::shared_ptr<const TimeZone::Impl> make_utc() {
  auto z = std::make_shared<TimeZone::Impl>();
  z->name = "UTC";
  z->append(kMinMicros, 0);
  return z;
}

const std::shared_ptr<const TimeZone::Impl>& utc_impl() {
  static const std::shared_ptr<const TimeZone::Impl> utc = make_utc();
  return utc;
}

// Continues the table after its last transition with the rule in the zone file's footer.
void extend_with_rule(TimeZone::Impl& z, const PosixTz& rule) {
  const Micros last = z.begins.back();
  const int64_t first_year = last == kMinMicros ? 1970 : days_to_civil(floor_div(last, kMicrosPerDay)).y;
  std::vector<std::pair<Micros, int32_t>> changes;
  for (int64_t y = first_year; y <= kRuleHorizonYear; ++y) {
    const int64_t on = rule_day(rule.start, y) * kSecondsPerDay + rule.start.time - rule.std_offset;
    const int64_t off = rule_day(rule.end, y) * kSecondsPerDay + rule.end.time - rule.dst_offset;
    changes.emplace_back(on * kMicrosPerSecond, rule.dst_offset);
    changes.emplace_back(off * kMicrosPerSecond, rule.std_offset);
  }
  std::sort(changes.begin(), changes.end());
  for (const auto& [at, offset] : changes) {
    if (at > z.begins.back()) z.append(at, offset);
  }
}

// Copies a zone from date/tz into an interval table. Throws what date/tz throws (unknown name, bad file).
std::shared_ptr<const TimeZone::Impl> load_zone(std::string_view name) {
  const date::time_zone* zone = date::locate_zone(name);
  auto z = std::make_shared<TimeZone::Impl>();
  z->name = std::string(zone->name());

  const date::sys_seconds first = date::sys_days(date::year::min() / date::January / 1);
  const date::sys_seconds last = date::sys_days(date::year::max() / date::December / 31);
  date::sys_seconds t = first;
  // date/tz reports the stretches between consecutive transitions; a zone has a few hundred at most.
  for (int guard = 0; guard < 100'000; ++guard) {
    const date::sys_info info = zone->get_info(t);
    const Micros begin = info.begin <= first ? kMinMicros : info.begin.time_since_epoch().count() * kMicrosPerSecond;
    z->append(begin, static_cast<int32_t>(info.offset.count()));
    if (info.end >= last || info.end <= t) break;
    t = info.end;
  }

  // Debian's date/tz reads the zone files under /usr/share/zoneinfo (see the top of this file).
  if (const auto footer = read_tzif_footer("/usr/share/zoneinfo/" + z->name)) {
    if (const auto rule = PosixParser(*footer).parse()) extend_with_rule(*z, *rule);
  }
  return z;
}

}  // namespace

std::optional<TimeZone> TimeZone::find(std::string_view name) {
  if (name == "UTC") return utc();
  // "localtime" in the zoneinfo folder is a link to the machine's /etc/localtime: results would then
  // depend on the machine, so it is not a zone name here.
  if (name.empty() || name == "localtime") return std::nullopt;

  // Zones are immutable once built; keep them so that finding the same name twice is cheap.
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Impl>, std::less<>> loaded;
  const std::lock_guard lock(mutex);
  auto it = loaded.find(name);
  if (it == loaded.end()) {
    try {
      it = loaded.emplace(std::string(name), load_zone(name)).first;
    } catch (const std::exception&) {
      return std::nullopt;  // unknown name, missing tz database or unreadable zone file
    }
  }
  TimeZone tz;
  tz.impl_ = it->second;
  return tz;
}

TimeZone TimeZone::utc() {
  TimeZone tz;
  tz.impl_ = utc_impl();
  return tz;
}

const TimeZone::Impl& TimeZone::rep() const { return impl_ ? *impl_ : *utc_impl(); }

const std::string& TimeZone::name() const { return rep().name; }

int32_t TimeZone::offset_at(Micros utc) const {
  const Impl& z = rep();
  return z.offsets[z.index_at(utc)];
}

TimeZone::OffsetInterval TimeZone::interval_at(Micros utc) const {
  const Impl& z = rep();
  const size_t i = z.index_at(utc);
  return {z.begins[i], z.end_of(i), z.offsets[i]};
}

Micros TimeZone::from_local(Micros local) const { return rep().from_local(local, false); }
Micros TimeZone::start_of_local(Micros local) const { return rep().from_local(local, true); }

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

std::string format_timestamp(Micros utc, const TimeZone& tz) {
  const int32_t offset = tz.offset_at(utc);
  const Micros local = utc + int64_t(offset) * kMicrosPerSecond;
  const int64_t days = floor_div(local, kMicrosPerDay);
  const Micros in_day = local - days * kMicrosPerDay;

  std::string out;
  out.reserve(32);
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
  return out;
}

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
