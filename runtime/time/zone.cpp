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

#include <date/tz.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <vector>

#include "runtime/time/civil.h"

namespace jixiao::rt {

using namespace detail;

namespace {

// Zone rules are extended from the TZif footer up to this year; later instants keep the last offset.
constexpr int64_t kRuleHorizonYear = 2500;

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

}  // namespace jixiao::rt
