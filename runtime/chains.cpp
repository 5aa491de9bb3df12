#include "runtime/chains.h"

#include <algorithm>
#include <deque>
#include <map>
#include <stdexcept>

#include "runtime/eval.h"

namespace jixiao::rt {

using plan::ChainPlan;
using plan::NodePlan;
using plan::PlanOp;

std::vector<BusinessCalendar> build_calendars(const plan::ProgramPlan& plan, const TimeZone& project_tz) {
  std::vector<BusinessCalendar> out;
  for (const auto& c : plan.calendars) {
    BusinessCalendar bc;
    bc.tz = project_tz;
    if (!c.timezone.empty()) {
      auto tz = TimeZone::find(c.timezone);
      if (!tz) throw std::runtime_error("calendar `" + c.name + "`: unknown time zone " + c.timezone);
      bc.tz = *tz;
    }
    for (auto& h : c.hours) bc.hours.push_back(WorkingHours{h.weekday, h.from_minute, h.to_minute});
    for (auto& [first, last] : c.holidays) {
      auto a = parse_date(first), b = parse_date(last);
      if (a && b) bc.holidays.emplace_back(*a, *b);
    }
    for (auto& w : c.workdays)
      if (auto d = parse_date(w)) bc.makeup_workdays.push_back(*d);
    out.push_back(std::move(bc));
  }
  return out;
}

namespace {

// Time as the chain counts it: plain elapsed time, or working time under a calendar.
class ChainClock {
 public:
  explicit ChainClock(const BusinessCalendar* cal) {
    if (cal) schedule_.emplace(*cal);
  }
  Micros between(Micros a, Micros b) const {
    if (!schedule_) return b - a;
    return b >= a ? schedule_->working_time_between(a, b) : -schedule_->working_time_between(b, a);
  }
  // The deadline instant; nullopt without `within`, or when a calendar has no working time at all.
  std::optional<Micros> due(Micros start, const NodePlan& n) const {
    if (n.within_workdays) {
      if (!schedule_) return start + *n.within_workdays * kMicrosPerDay;
      return schedule_->add_workdays(start, *n.within_workdays);
    }
    if (!n.within) return std::nullopt;
    if (!schedule_) return start + *n.within;
    return schedule_->add_working_time(start, *n.within);
  }
  // The deadline as a working duration, to compare with a node's duration or elapsed time.
  std::optional<Micros> limit(Micros start, const NodePlan& n) const {
    if (n.within) return n.within;
    if (n.within_workdays) {
      auto d = due(start, n);
      if (d) return between(start, *d);
    }
    return std::nullopt;
  }

 private:
  std::optional<WorkSchedule> schedule_;
};

const char* kStatusOnTime = "on_time";
const char* kStatusLate = "late";
const char* kStatusPending = "pending";
const char* kStatusOverdue = "overdue";
const char* kStatusSkipped = "skipped";
const char* kStatusNotStarted = "not_started";

bool band_holds(const plan::BandPlan& b, Micros elapsed) {
  switch (b.op) {
    case PlanOp::Lt: return elapsed < b.bound;
    case PlanOp::Le: return elapsed <= b.bound;
    case PlanOp::Gt: return elapsed > b.bound;
    case PlanOp::Ge: return elapsed >= b.bound;
    case PlanOp::Eq: return elapsed == b.bound;
    default: return elapsed != b.bound;
  }
}


std::string text_of(const Column& c, size_t row) {
  if (!c.valid[row]) return {};
  switch (c.kind) {
    case ColumnKind::String: case ColumnKind::Enum: return c.dict[c.codes[row]];
    case ColumnKind::Number: {
      std::string s = std::to_string(c.f64[row]);
      return s;
    }
    default: return std::to_string(c.i64[row]);
  }
}

}  // namespace

std::optional<Micros> step_limit(const plan::ChainPlan& chain, const plan::NodePlan& node, Micros started,
                                 const std::vector<BusinessCalendar>& calendars) {
  ChainClock clock(chain.calendar >= 0 ? &calendars[chain.calendar] : nullptr);
  return clock.limit(started, node);
}

std::optional<std::string> step_band(const plan::ChainPlan& chain, const plan::NodePlan& node, Micros elapsed) {
  for (auto& b : node.own_bands ? node.bands : chain.bands)
    if (band_holds(b, elapsed)) return b.name;
  return std::nullopt;
}

std::vector<ChainStats> compute_chains(const plan::ProgramPlan& plan, std::vector<Table>& tables, const TimeZone& tz,
                                       const std::vector<BusinessCalendar>& calendars, Micros as_of) {
  std::vector<ChainStats> stats;
  for (const ChainPlan& cp : plan.chains) {
    ChainStats st;
    if (cp.from_table < 0 || cp.case_column < 0 || cp.step_column < 0 || cp.table < 0) {
      stats.push_back(st);
      continue;
    }
    const Table& src = tables[cp.from_table];
    const plan::TablePlan& sp = plan.tables[cp.from_table];
    Table& out = tables[cp.table];
    out = Table::empty(out.spec);
    ChainClock clock(cp.calendar >= 0 ? &calendars[cp.calendar] : nullptr);
    EventTimes event_times(src, sp.time_column, tz);
    const Column& time = *event_times.get();
    const Column& case_col = src.columns[cp.case_column];
    const Column& step_col = src.columns[cp.step_column];

    // Which node each event reaches: its own `when`, else the step value equals the node's name.
    size_t n = src.rows();
    std::vector<std::vector<uint8_t>> matches(cp.nodes.size(), std::vector<uint8_t>(n, 0));
    TableLeaves leaves(src, sp);
    std::deque<std::string> arena;
    EvalContext ctx{&tz, &arena};
    for (size_t k = 0; k < cp.nodes.size(); ++k) {
      const NodePlan& node = cp.nodes[k];
      if (!node.when.empty()) {
        Vec cond;
        for (size_t begin = 0; begin < n; begin += 2048) {
          size_t len = std::min<size_t>(2048, n - begin);
          evaluate(node.when, leaves, begin, len, ctx, cond);
          for (size_t r = 0; r < len; ++r) matches[k][begin + r] = cond.valid[r] && cond.i64[r];
        }
      } else {
        std::string step_text;
        for (size_t r = 0; r < n; ++r) matches[k][r] = step_col.valid[r] && text_of(step_col, r) == node.name;
      }
    }

    // Events by case, in event time order (ties: the row read first); events after as_of are ignored.
    std::map<std::string, std::vector<uint32_t>> by_case;
    for (size_t r = 0; r < n; ++r) {
      if (!time.valid[r] || time.i64[r] > as_of || !case_col.valid[r]) continue;
      by_case[text_of(case_col, r)].push_back(static_cast<uint32_t>(r));
    }
    const Column* evidence = sp.evidence_column >= 0 ? &src.columns[sp.evidence_column] : nullptr;
    const Column* actor = sp.actor_column >= 0 ? &src.columns[sp.actor_column] : nullptr;

    for (auto& [case_id, rows] : by_case) {
      std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) { return time.i64[a] < time.i64[b]; });
      size_t nodes = cp.nodes.size();
      std::vector<int64_t> entry_row(nodes, -1);
      for (size_t k = 0; k < nodes; ++k)
        for (uint32_t r : rows)
          if (matches[k][r]) { entry_row[k] = r; break; }
      for (size_t k = 0; k < nodes; ++k) {
        const NodePlan& node = cp.nodes[k];
        std::optional<Micros> started, entered, due, duration, elapsed;
        int64_t source_row = -1;  // whose evidence and actor the row carries
        const char* status;
        if (entry_row[k] >= 0) {
          entered = time.i64[entry_row[k]];
          source_row = entry_row[k];
          int prev = -1;
          for (int j = static_cast<int>(k) - 1; j >= 0; --j)
            if (entry_row[j] >= 0) { prev = j; break; }
          started = prev >= 0 ? time.i64[entry_row[prev]] : *entered;
          if (*entered < *started) {  // reached before the node its clock starts from
            ++st.out_of_order;
            started = entered;
          }
          duration = clock.between(*started, *entered);
          elapsed = duration;
          auto limit = clock.limit(*started, node);
          status = limit && *duration > *limit ? kStatusLate : kStatusOnTime;
          due = clock.due(*started, node);
        } else {
          bool later_reached = false;
          for (size_t j = k + 1; j < nodes; ++j) later_reached = later_reached || entry_row[j] >= 0;
          if (later_reached) {
            status = kStatusSkipped;
          } else if (k > 0 && entry_row[k - 1] >= 0) {
            started = time.i64[entry_row[k - 1]];
            source_row = entry_row[k - 1];
            elapsed = clock.between(*started, std::max(as_of, *started));
            due = clock.due(*started, node);
            auto limit = clock.limit(*started, node);
            status = limit && *elapsed > *limit ? kStatusOverdue : kStatusPending;
          } else {
            status = kStatusNotStarted;
          }
        }
        // The band: the first whose bound holds for elapsed (the node's own bands replace the chain's).
        std::optional<std::string> band;
        if (elapsed) band = step_band(cp, node, *elapsed);

        auto put_time = [](Column& c, const std::optional<Micros>& v) { if (v) c.push_int(*v); else c.push_null(); };
        auto put_text = [](Column& c, const std::optional<std::string>& v) { if (v) c.push_string(*v); else c.push_null(); };
        Column* cols = out.columns.data();
        // case column keeps the source's type when it is not text
        if (cols[0].kind == ColumnKind::String) cols[0].push_string(case_id);
        else if (cols[0].kind == ColumnKind::Number) cols[0].push_number(case_col.f64[rows[0]]);
        else cols[0].push_int(case_col.i64[rows[0]]);
        cols[1].push_string(node.name);
        put_text(cols[2], node.owner.empty() ? std::nullopt : std::optional<std::string>(node.owner));
        put_text(cols[3], node.charge.empty() ? std::nullopt : std::optional<std::string>(node.charge));
        put_time(cols[4], started);
        put_time(cols[5], entered);
        put_time(cols[6], due);
        put_time(cols[7], duration);
        put_time(cols[8], elapsed);
        cols[9].push_string(status);
        put_text(cols[10], band);
        std::optional<std::string> ev, who;
        if (source_row >= 0 && evidence && evidence->valid[source_row]) ev = text_of(*evidence, source_row);
        if (source_row >= 0 && actor && actor->valid[source_row]) who = text_of(*actor, source_row);
        put_text(cols[11], ev);
        put_text(cols[12], who);
        out.row_number.push_back(source_row >= 0 ? src.row_number[source_row] : 0);
      }
    }
    stats.push_back(st);
  }
  return stats;
}

}  // namespace jixiao::rt
