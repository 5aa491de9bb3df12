#include "runtime/chains.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "runtime/eval.h"

namespace jixiao::rt {

using plan::ChainPlan;
using plan::NodePlan;
using plan::PlanOp;

namespace {

// Fewer cases than this per thread are computed on one: a thread costs more than they do.
constexpr size_t kCasesPerThread = 16;

// Time as the chain counts it: plain elapsed time, or working time under a calendar.
class ChainClock {
 public:
  explicit ChainClock(const WorkSchedule* schedule) : schedule_(schedule) {}
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
  // The deadline (due()) and the same as a working duration from `start` (the limit), to compare with a
  // node's duration or elapsed time; the deadline reckoned once.
  void due_and_limit(Micros start, const NodePlan& n, std::optional<Micros>& due_at, std::optional<Micros>& lim) const {
    due_at = due(start, n);
    if (n.within)
      lim = n.within;
    else if (n.within_workdays && due_at)
      lim = between(start, *due_at);
    else
      lim.reset();
  }

 private:
  const WorkSchedule* schedule_;  // null: plain elapsed time
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
    case ColumnKind::String:
    case ColumnKind::Enum: return c.dict()[c.codes[row]];
    case ColumnKind::Number: return std::to_string(c.f64[row]);
    default: return std::to_string(c.i64[row]);
  }
}

// An output column's code for a small set of strings, looked up on first use: the column's dictionary
// grows in the same order as pushing the text row by row would grow it.
class Codes {
 public:
  explicit Codes(size_t n = 0) : codes_(n, -1) {}
  int32_t get(Column& c, size_t i, std::string_view s) {
    int32_t& code = codes_[i];
    if (code < 0) code = c.intern(s);
    return code;
  }

 private:
  std::vector<int32_t> codes_;
};

// The events of a chain's source by case: the rows of each case in row order, the cases ordered by the
// case's text (numbers and the like by their decimal text) as a std::map keyed by it orders them.
// Rows without time, after as_of or without a case belong to no case.
struct CaseGroups {
  size_t count = 0;
  std::vector<uint32_t> begin;  // count + 1 offsets into rows
  std::vector<uint32_t> rows;
  std::vector<uint32_t> key;  // per case: a dictionary code (text columns) or an index into texts
  std::vector<std::string> texts;  // the distinct texts of a non-text case column
  bool text = false;
};

CaseGroups group_cases(const Column& case_col, const Column& time, size_t n, Micros as_of) {
  constexpr uint32_t kNone = UINT32_MAX;
  CaseGroups g;
  g.text = dictionary_coded(case_col.kind);
  // 1. a key per row: its dictionary code, or the index of its distinct value (bit pattern)
  std::vector<uint32_t> row_key(n, kNone);
  std::vector<uint32_t> keys;  // the keys that occur
  if (g.text) {
    std::vector<uint8_t> seen(case_col.dict().size(), 0);
    for (size_t r = 0; r < n; ++r) {
      if (!time.valid[r] || time.i64[r] > as_of || !case_col.valid[r]) continue;
      auto code = static_cast<uint32_t>(case_col.codes[r]);
      row_key[r] = code;
      if (!seen[code]) {
        seen[code] = 1;
        keys.push_back(code);
      }
    }
  } else {
    std::unordered_map<uint64_t, uint32_t> ids;
    for (size_t r = 0; r < n; ++r) {
      if (!time.valid[r] || time.i64[r] > as_of || !case_col.valid[r]) continue;
      uint64_t bits;
      if (case_col.kind == ColumnKind::Number)
        std::memcpy(&bits, &case_col.f64[r], sizeof bits);
      else
        bits = static_cast<uint64_t>(case_col.i64[r]);
      auto [it, inserted] = ids.try_emplace(bits, static_cast<uint32_t>(g.texts.size()));
      if (inserted) {
        keys.push_back(it->second);
        g.texts.push_back(text_of(case_col, r));
      }
      row_key[r] = it->second;
    }
  }
  // 2. the keys in text order; keys of the same text (numbers printing alike) are one case
  auto text_of_key = [&](uint32_t k) -> const std::string& { return g.text ? case_col.dict()[k] : g.texts[k]; };
  auto less = [&](uint32_t a, uint32_t b) { return text_of_key(a) < text_of_key(b); };
  if (!std::is_sorted(keys.begin(), keys.end(), less)) std::sort(keys.begin(), keys.end(), less);
  std::vector<uint32_t> case_of_key(g.text ? case_col.dict().size() : g.texts.size(), kNone);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i == 0 || text_of_key(keys[i]) != text_of_key(keys[i - 1])) g.key.push_back(keys[i]);
    case_of_key[keys[i]] = static_cast<uint32_t>(g.key.size() - 1);
  }
  g.count = g.key.size();
  // 3. counting sort of the rows by case, keeping row order within a case
  g.begin.assign(g.count + 1, 0);
  for (size_t r = 0; r < n; ++r)
    if (row_key[r] != kNone) {
      row_key[r] = case_of_key[row_key[r]];
      ++g.begin[row_key[r] + 1];
    }
  for (size_t c = 0; c < g.count; ++c) g.begin[c + 1] += g.begin[c];
  g.rows.resize(g.begin[g.count]);
  std::vector<uint32_t> next(g.begin.begin(), g.begin.end() - 1);
  for (size_t r = 0; r < n; ++r)
    if (row_key[r] != kNone) g.rows[next[row_key[r]]++] = static_cast<uint32_t>(r);
  return g;
}

}  // namespace

std::optional<Micros> step_limit(const plan::ChainPlan& chain, const plan::NodePlan& node, Micros started,
                                 const std::vector<WorkSchedule>& calendars) {
  ChainClock clock(chain.calendar >= 0 ? &calendars[chain.calendar] : nullptr);
  std::optional<Micros> due, limit;
  clock.due_and_limit(started, node, due, limit);
  return limit;
}

std::optional<std::string> step_band(const plan::ChainPlan& chain, const plan::NodePlan& node, Micros elapsed) {
  for (auto& b : node.own_bands ? node.bands : chain.bands)
    if (band_holds(b, elapsed)) return b.name;
  return std::nullopt;
}

std::vector<ChainStats> compute_chains(const plan::ProgramPlan& plan, std::vector<Table>& tables, const TimeZone& tz,
                                       const std::vector<BusinessCalendar>& calendars, Micros as_of,
                                       KernelProvider* kernels, unsigned threads) {
  std::vector<ChainStats> stats;
  const std::vector<WorkSchedule> schedules = work_schedules(calendars);  // clocks and `work_between`
  for (size_t chain = 0; chain < plan.chains.size(); ++chain) {
    const ChainPlan& cp = plan.chains[chain];
    ChainStats st;
    if (cp.from_table < 0 || cp.case_column < 0 || cp.step_column < 0 || cp.table < 0) {
      stats.push_back(st);
      continue;
    }
    const Table& src = tables[cp.from_table];
    const plan::TablePlan& sp = plan.tables[cp.from_table];
    Table& out = tables[cp.table];
    out = Table::empty(out.spec);
    ChainClock clock(cp.calendar >= 0 ? &schedules[cp.calendar] : nullptr);
    EventTimes event_times(src, sp.time_column, tz);
    const Column& time = *event_times.get();
    const Column& case_col = src.columns[cp.case_column];
    const Column& step_col = src.columns[cp.step_column];
    const size_t nodes = cp.nodes.size();

    // Which nodes each event reaches (row-major, one byte per node): its own `when`, else the step value
    // equals the node's name (compared once per dictionary code for a text step column).
    size_t n = src.rows();
    std::vector<uint8_t> matches(n * nodes, 0);
    TableLeaves leaves(src, sp);
    std::deque<std::string> arena;
    EvalContext ctx{&tz, &arena, &schedules};
    const bool text_steps = dictionary_coded(step_col.kind);
    for (size_t k = 0; k < nodes; ++k) {
      const NodePlan& node = cp.nodes[k];
      std::unique_ptr<IndicatorKernel> kernel =
          kernels && !node.when.empty() ? kernels->chain_node(static_cast<int>(chain), static_cast<int>(k), src)
                                        : nullptr;
      if (kernel) {
        // Every event, whatever its time: as_of is applied per case below.
        std::vector<uint32_t> selection(2048);
        for (size_t begin = 0; begin < n; begin += 2048) {
          size_t len = std::min<size_t>(2048, n - begin);
          size_t kept = kernel->select(begin, len, std::numeric_limits<Micros>::max(), selection.data());
          for (size_t s = 0; s < kept; ++s) matches[(begin + selection[s]) * nodes + k] = 1;
        }
      } else if (!node.when.empty()) {
        Vec cond;
        for (size_t begin = 0; begin < n; begin += 2048) {
          size_t len = std::min<size_t>(2048, n - begin);
          evaluate(node.when, leaves, begin, len, ctx, cond);
          for (size_t r = 0; r < len; ++r) matches[(begin + r) * nodes + k] = cond.valid[r] && cond.i64[r];
        }
      } else if (text_steps) {
        std::vector<uint8_t> is_node(step_col.dict().size());
        for (size_t c = 0; c < is_node.size(); ++c) is_node[c] = step_col.dict()[c] == node.name;
        for (size_t r = 0; r < n; ++r) matches[r * nodes + k] = step_col.valid[r] && is_node[step_col.codes[r]];
      } else {
        for (size_t r = 0; r < n; ++r) matches[r * nodes + k] = step_col.valid[r] && text_of(step_col, r) == node.name;
      }
    }

    // Events by case (ordered by the case's text); within a case, a node's entry is its matching event of
    // the earliest time (ties: the row read first); events after as_of are ignored.
    CaseGroups cases = group_cases(case_col, time, n, as_of);
    const Column* evidence = sp.evidence_column >= 0 ? &src.columns[sp.evidence_column] : nullptr;
    const Column* actor = sp.actor_column >= 0 ? &src.columns[sp.actor_column] : nullptr;

    Column* cols = out.columns.data();
    const size_t total = cases.count * nodes;
    // Every case has one row per node, in declared order, so case c's rows are [c * nodes, (c + 1) *
    // nodes): the cases are split between threads that write their rows in place, and the result does
    // not depend on how many there are.
    for (Column& c : out.columns) {
      c.valid.assign(total, 1);
      if (dictionary_coded(c.kind))
        c.codes.resize(total);
      else if (c.kind == ColumnKind::Number)
        c.f64.resize(total);
      else
        c.i64.resize(total);
    }
    out.row_number.resize(total);
    auto text_source = [](const Column* c) { return c && dictionary_coded(c->kind); };
    // The text columns taken from the source (case, evidence, actor) share its dictionary (not a copy:
    // millions of evidence ids), and each row takes the source row's code, so no text is hashed again.
    const bool evidence_text = text_source(evidence), actor_text = text_source(actor);
    if (cols[0].kind == ColumnKind::String) cols[0].share_dictionary(case_col);
    if (evidence_text) cols[11].share_dictionary(*evidence);
    if (actor_text) cols[12].share_dictionary(*actor);
    enum Status : uint8_t { kOnTime, kLate, kPending, kOverdue, kSkipped, kNotStarted };
    const char* const status_names[] = {kStatusOnTime,  kStatusLate,    kStatusPending,
                                        kStatusOverdue, kStatusSkipped, kStatusNotStarted};
    constexpr uint16_t kNoBand = 0xffff;  // a node's bands are written out in its rule: far fewer
    // Written by the threads, turned into dictionary codes afterwards in row order (below).
    std::vector<uint8_t> status_of(total);
    std::vector<uint16_t> band_of(total);
    // A source row per step row, kept only when evidence or actor are not text (their texts are interned
    // afterwards, in row order).
    std::vector<int64_t> source_of(evidence_text && actor_text ? 0 : total, -1);

    // One thread's cases [from, to).
    auto compute_cases = [&](size_t from, size_t to, uint64_t& out_of_order) {
      auto put_time = [](Column& c, size_t row, const std::optional<Micros>& v) {
        if (v)
          c.i64[row] = *v;
        else
          c.valid[row] = 0;
      };
      // evidence and actor of a text column: the source row's code in the shared dictionary
      auto put_source_code = [](Column& out_col, size_t row, const Column* c, int64_t source_row) {
        if (source_row < 0 || !c->valid[source_row])
          out_col.valid[row] = 0;
        else
          out_col.codes[row] = c->codes[source_row];
      };
      std::vector<int64_t> entry_row(nodes);
      std::vector<Micros> entry_time(nodes);
      for (size_t c = from; c < to; ++c) {
        const uint32_t* first = cases.rows.data() + cases.begin[c];
        const uint32_t* last = cases.rows.data() + cases.begin[c + 1];
        std::fill(entry_row.begin(), entry_row.end(), -1);
        uint32_t earliest = *first;  // the case's first event (by time, then row)
        Micros earliest_time = time.i64[earliest];
        for (const uint32_t* p = first; p != last; ++p) {
          uint32_t r = *p;
          Micros t = time.i64[r];
          if (t < earliest_time) {
            earliest = r;
            earliest_time = t;
          }
          const uint8_t* m = matches.data() + static_cast<size_t>(r) * nodes;
          for (size_t k = 0; k < nodes; ++k)
            if (m[k] && (entry_row[k] < 0 || t < entry_time[k])) {
              entry_row[k] = r;
              entry_time[k] = t;
            }
        }
        int64_t last_reached = -1;
        for (size_t k = 0; k < nodes; ++k)
          if (entry_row[k] >= 0) last_reached = static_cast<int64_t>(k);

        int64_t prev = -1;  // the nearest earlier reached node
        for (size_t k = 0; k < nodes; ++k) {
          const size_t row = c * nodes + k;
          const NodePlan& node = cp.nodes[k];
          std::optional<Micros> started, entered, due, duration, elapsed;
          int64_t source_row = -1;  // whose evidence and actor the row carries
          Status status;
          if (entry_row[k] >= 0) {
            entered = entry_time[k];
            source_row = entry_row[k];
            started = prev >= 0 ? entry_time[prev] : *entered;
            if (*entered < *started) {  // reached before the node its clock starts from
              ++out_of_order;
              started = entered;
            }
            duration = clock.between(*started, *entered);
            elapsed = duration;
            std::optional<Micros> limit;
            clock.due_and_limit(*started, node, due, limit);
            status = limit && *duration > *limit ? kLate : kOnTime;
            prev = static_cast<int64_t>(k);
          } else {
            if (last_reached > static_cast<int64_t>(k)) {
              status = kSkipped;
            } else if (k > 0 && entry_row[k - 1] >= 0) {
              started = entry_time[k - 1];
              source_row = entry_row[k - 1];
              elapsed = clock.between(*started, std::max(as_of, *started));
              std::optional<Micros> limit;
              clock.due_and_limit(*started, node, due, limit);
              status = limit && *elapsed > *limit ? kOverdue : kPending;
            } else {
              status = kNotStarted;
            }
          }

          // the case column keeps the source's type when it is not text (a text one: the shared code)
          if (cols[0].kind == ColumnKind::String)
            cols[0].codes[row] = static_cast<int32_t>(cases.key[c]);
          else if (cols[0].kind == ColumnKind::Number)
            cols[0].f64[row] = case_col.kind == ColumnKind::Number ? case_col.f64[earliest]
                                                                   : static_cast<double>(case_col.i64[earliest]);
          else
            cols[0].i64[row] = case_col.i64[earliest];
          put_time(cols[4], row, started);
          put_time(cols[5], row, entered);
          put_time(cols[6], row, due);
          put_time(cols[7], row, duration);
          put_time(cols[8], row, elapsed);
          status_of[row] = status;
          // The band: the first whose bound holds for elapsed (the node's own bands replace the chain's).
          const std::vector<plan::BandPlan>& bands = node.own_bands ? node.bands : cp.bands;
          size_t band = bands.size();
          if (elapsed)
            for (size_t b = 0; b < bands.size() && band == bands.size(); ++b)
              if (band_holds(bands[b], *elapsed)) band = b;
          band_of[row] = band < bands.size() ? static_cast<uint16_t>(band) : kNoBand;
          if (evidence_text) put_source_code(cols[11], row, evidence, source_row);
          if (actor_text) put_source_code(cols[12], row, actor, source_row);
          if (!source_of.empty()) source_of[row] = source_row;
          out.row_number[row] = source_row >= 0 ? src.row_number[source_row] : 0;
        }
      }
    };
    const size_t parts = std::clamp<size_t>(threads, 1, std::max<size_t>(1, cases.count / kCasesPerThread));
    std::vector<uint64_t> out_of_order(parts, 0);
    {
      std::vector<std::thread> helpers;
      std::vector<std::exception_ptr> failed(parts);
      for (size_t t = 1; t < parts; ++t)
        helpers.emplace_back([&, t] {
          try {
            compute_cases(cases.count * t / parts, cases.count * (t + 1) / parts, out_of_order[t]);
          } catch (...) { failed[t] = std::current_exception(); }
        });
      try {
        compute_cases(0, cases.count / parts, out_of_order[0]);
      } catch (...) { failed[0] = std::current_exception(); }
      for (auto& h : helpers) h.join();
      for (auto& f : failed)
        if (f) std::rethrow_exception(f);
    }
    for (uint64_t n : out_of_order) st.out_of_order += n;

    // The texts of the node's own strings, in row order, so that each output dictionary grows as pushing
    // the rows one by one would grow it.
    Codes node_codes(nodes), owner_codes(nodes), charge_codes(nodes), status_codes(6);
    std::vector<Codes> band_codes;
    for (const NodePlan& node : cp.nodes) band_codes.emplace_back((node.own_bands ? node.bands : cp.bands).size());
    // evidence and actor of a column that is not text: its text, interned
    auto put_source_text = [](Column& out_col, size_t row, const Column* c, int64_t source_row) {
      if (source_row < 0 || !c || !c->valid[source_row])
        out_col.valid[row] = 0;
      else
        out_col.codes[row] = out_col.intern(text_of(*c, source_row));
    };
    for (size_t row = 0; row < total; ++row) {
      const size_t k = row % nodes;
      const NodePlan& node = cp.nodes[k];
      cols[1].codes[row] = node_codes.get(cols[1], k, node.name);
      if (node.owner.empty())
        cols[2].valid[row] = 0;
      else
        cols[2].codes[row] = owner_codes.get(cols[2], k, node.owner);
      if (node.charge.empty())
        cols[3].valid[row] = 0;
      else
        cols[3].codes[row] = charge_codes.get(cols[3], k, node.charge);
      cols[9].codes[row] = status_codes.get(cols[9], status_of[row], status_names[status_of[row]]);
      const std::vector<plan::BandPlan>& bands = node.own_bands ? node.bands : cp.bands;
      if (band_of[row] == kNoBand)
        cols[10].valid[row] = 0;
      else
        cols[10].codes[row] = band_codes[k].get(cols[10], band_of[row], bands[band_of[row]].name);
      if (!evidence_text) put_source_text(cols[11], row, evidence, source_of[row]);
      if (!actor_text) put_source_text(cols[12], row, actor, source_of[row]);
    }
    stats.push_back(st);
  }
  return stats;
}

}  // namespace jixiao::rt
