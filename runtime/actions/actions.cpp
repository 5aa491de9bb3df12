#include "runtime/actions/actions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <numeric>
#include <set>
#include <unordered_set>

#include "runtime/actions/message.h"
#include "runtime/actions/payloads.h"
#include "runtime/chains.h"
#include "runtime/eval.h"
#include "runtime/records.h"

namespace jixiao::rt {

namespace {

using Json = nlohmann::ordered_json;
using ValueKey = std::pair<std::vector<Scalar>, Micros>;

std::vector<Scalar> entity_values(const AlertEvent& e) {
  std::vector<Scalar> out;
  for (auto& [name, s] : e.entity) out.push_back(s);
  return out;
}

// The grain an alert's instances come in: its primary indicator's; row alerts have none.
Grain alert_grain(const plan::ProgramPlan& plan, const plan::AlertPlan& ap) {
  if (ap.table >= 0 || ap.indicators.empty()) return Grain::All;
  return plan.indicators[ap.indicators[0]].grain;
}

// Values of different tables are matched by their text, so a string column matches an enum column, and
// an int column a number column holding the same whole number.
std::string match_key(const Scalar& s) {
  switch (s.type) {
    case VType::Str: return s.str;
    case VType::Num: return fmt::format("{}", s.num);
    default: return std::to_string(s.i64);
  }
}

std::string match_key(const Column& c, size_t row) {
  switch (c.kind) {
    case ColumnKind::String:
    case ColumnKind::Enum: return c.dict()[c.codes[row]];
    case ColumnKind::Number: return fmt::format("{}", c.f64[row]);
    case ColumnKind::Int: return fmt::format("{}", static_cast<double>(c.i64[row]));
    default: return std::to_string(c.i64[row]);
  }
}

// Whether two rows of a column hold the same value (both valid).
bool same_cell(const Column& c, size_t a, size_t b) {
  switch (c.kind) {
    case ColumnKind::String:
    case ColumnKind::Enum: return c.codes[a] == c.codes[b] || c.dict()[c.codes[a]] == c.dict()[c.codes[b]];
    case ColumnKind::Number: return c.f64[a] == c.f64[b] && std::signbit(c.f64[a]) == std::signbit(c.f64[b]);
    default: return c.i64[a] == c.i64[b];
  }
}

// The event time of a row (a `date` time column counts from the local midnight), or nullopt.
std::optional<Micros> event_time(const Table& t, int column, size_t row, const TimeZone& tz) {
  if (column < 0 || !t.columns[column].valid[row]) return std::nullopt;
  const Column& c = t.columns[column];
  if (c.kind == ColumnKind::Date) return tz.from_local(c.i64[row] * kMicrosPerDay);
  return c.i64[row];
}

// A chain's step row as it stood at an earlier moment: the row's cells, with some columns read from
// another row of the table (the event that started the clock) or from a one-cell column.
class StepLeaves : public LeafSource {
 public:
  StepLeaves(const Table& t, const plan::TablePlan& tp, size_t row) : tp_(tp), cells_(t.columns.size()) {
    for (size_t c = 0; c < cells_.size(); ++c) cells_[c] = {&t.columns[c], row};
  }
  void column(int index, size_t, size_t, Vec& out) override {
    auto [col, row] = cells_[index];
    read_column(*col, tp_.columns[index].type, row, 1, out);
  }
  void from_row(int c, const Table& t, size_t row) {
    if (c >= 0) cells_[c] = {&t.columns[c], row};
  }
  // A one-cell value of the column's kind: null, a time or duration, or text (an enum's member).
  void set(int c, const Table& t, std::optional<int64_t> v) {
    if (c < 0) return;
    Column& x = own(c, t);
    if (v)
      x.push_int(*v);
    else
      x.push_null();
  }
  void set_text(int c, const Table& t, const std::optional<std::string>& v) {
    if (c < 0) return;
    Column& x = own(c, t);
    if (!v) return x.push_null();
    int32_t code = x.code_of(*v);
    if (code < 0) return x.push_null();
    x.push_code(code);
  }

 private:
  Column& own(int c, const Table& t) {
    Column& x = owned_.emplace_back();
    x.kind = t.columns[c].kind;
    x.share_dictionary(t.columns[c]);
    cells_[c] = {&x, 0};
    return x;
  }
  const plan::TablePlan& tp_;
  std::vector<std::pair<const Column*, size_t>> cells_;
  std::deque<Column> owned_;
};

class ActionBuilder {
 public:
  ActionBuilder(const plan::ProgramPlan& plan, const std::vector<Table>& tables, const RunResult& result,
                const TimeZone& tz, Micros as_of)
      : plan_(plan),
        tables_(tables),
        result_(result),
        tz_(tz),
        as_of_(as_of),
        index_(plan.indicators.size()),
        schedules_(work_schedules(plan, tz)) {}

  EpisodeActions build(const Episode& ep) {
    const plan::AlertPlan& ap = plan_.alerts[ep.alert];
    EpisodeActions ea;
    ea.episode = ep;
    ea.event = &result_.alerts[ep.first];
    const AlertEvent& e = *ea.event;
    rows_ = ap.table >= 0;
    entity_ = entity_values(e);
    Grain grain = alert_grain(plan_, ap);
    has_period_ = !rows_ && grain != Grain::All;
    start_ = e.period_start;
    end_ = has_period_ ? PeriodBucketer(grain, tz_, plan_.week_start).shift(start_, 1) : 0;
    if (rows_ && e.row >= 0) {
      const Table& t = tables_[ap.table];
      auto row = static_cast<size_t>(e.row);
      auto time = event_time(t, plan_.tables[ap.table].time_column, row, tz_);  // a chain row's started_at
      ea.alert_time = plan_.tables[ap.table].is_chain ? step_alert_time(ap, row) : time.value_or(as_of_);
      since_ = std::min(time.value_or(ea.alert_time), ea.alert_time);
    } else {
      ea.alert_time = has_period_ ? std::min(end_, as_of_) : as_of_;
      since_ = ea.alert_time;
    }
    alert_time_ = ea.alert_time;

    MessageInput in;
    in.plan = &plan_;
    in.tables = &tables_;
    in.tz = &tz_;
    in.event = &e;
    in.value_of = [this](int i) { return value_at(i); };
    ea.message = render_message(in);

    NotificationContent content;
    content.message_markdown = render_message(in, markdown_text);  // the author's markup kept, data escaped
    content.alert = ap.name;
    content.title = alert_title(ap);
    content.severity = ap.severity;
    content.message = ea.message;
    for (auto& [k, s] : e.entity) content.entity[k] = value_json(s, tz_);
    content.entity_text = entity_text(e.entity, tz_);
    content.period = e.period ? Json(*e.period) : Json(nullptr);
    content.value = rows_ ? Json(nullptr) : value_json(e.value, tz_);
    if (ap.report >= 0) {
      content.report = Json::array();
      report(ap, e, ea, content);
    }
    // Kept as text: a million alerts' payloads as JSON trees would take gigabytes.
    for (int c : ap.notify)
      ea.notifications.push_back(Notification{
          c, channel_payload(plan_.channels[c].kind, content).dump(-1, ' ', false, Json::error_handler_t::replace)});

    for (size_t t = 0; t < ap.tasks.size(); ++t) {
      const plan::TaskPlan& tp = ap.tasks[t];
      TaskAction ta;
      ta.task = static_cast<int>(t);
      if (tp.due) ta.due_at = ea.alert_time + *tp.due;
      evidence_loaded_ = false;
      for (auto& at : tp.attach) ta.attached.push_back(attach(ap, e, at));
      ea.tasks.push_back(std::move(ta));
    }
    return ea;
  }

 private:
  ValueRef value_at(int indicator) {
    if (rows_) return ValueRef();
    auto& idx = index_[indicator];
    if (idx.empty())
      for (ValueRef v : result_.values[indicator]) idx[{v.entity(), v.period_start()}] = v;
    auto it = idx.find({entity_, start_});
    return it == idx.end() ? ValueRef() : it->second;
  }

  // When a chain row's alert fired (docs/decisions.md 21): the earliest moment from which the alert's
  // condition held for the row without a break up to as_of, judged on the states the row went through.
  // From its clock's start a step row is `pending`; past its deadline `overdue`; once reached
  // `on_time` or `late`, and frozen from then on. The state it is in at as_of holds the condition (the
  // engine found it so); a reached row has held it since `entered_at`, an unreached one since the
  // start of its state (`due_at` once overdue, `started_at` while pending) if the condition held then
  // already, else — the condition waited on `elapsed` growing — since as_of, when it was seen. Each
  // earlier state in which the condition held at both its start and its end moves the time back to
  // that state's start: `status in [late, overdue]` on a late row fired at `due_at`, `status == late`
  // at `entered_at`. A `skipped` row fired when a later node was first reached; a `not_started` row,
  // which has no clock, at as_of. Never after as_of.
  Micros step_alert_time(const plan::AlertPlan& ap, size_t row) {
    const Table& t = tables_[ap.table];
    const plan::TablePlan& tp = plan_.tables[ap.table];
    const StepTable& st = step_table(ap.table);
    const plan::ChainPlan* cp = st.chain;
    const int c_node = st.node, c_started = st.started, c_entered = st.entered, c_due = st.due,
              c_duration = st.duration, c_elapsed = st.elapsed, c_status = st.status, c_band = st.band,
              c_evidence = st.evidence, c_actor = st.actor;
    if (!cp || c_node < 0 || c_status < 0 || !t.columns[c_node].valid[row] || !t.columns[c_status].valid[row])
      return as_of_;
    auto at = [&](int c, size_t r) -> std::optional<Micros> {
      if (c < 0 || !t.columns[c].valid[r]) return std::nullopt;
      return t.columns[c].i64[r];
    };
    const size_t k = static_cast<size_t>(t.columns[c_node].codes[row]);
    if (k >= cp->nodes.size()) return as_of_;
    const plan::NodePlan& node = cp->nodes[k];
    const std::string& status = t.columns[c_status].dict()[t.columns[c_status].codes[row]];
    // The case's rows are consecutive, one per node in declared order (compute_chains).
    const size_t first = row - k;
    auto same_case_node = [&](size_t r, size_t j) {
      return r < t.rows() && t.columns[c_node].valid[r] && static_cast<size_t>(t.columns[c_node].codes[r]) == j &&
             t.columns[0].valid[r] && same_cell(t.columns[0], r, row);
    };
    if (status == "skipped") {
      std::optional<Micros> when;
      for (size_t j = k + 1; j < cp->nodes.size(); ++j)
        if (same_case_node(first + j, j))
          if (auto e = at(c_entered, first + j); e && (!when || *e < *when)) when = e;
      return std::min(when.value_or(as_of_), as_of_);
    }
    auto started = at(c_started, row), entered = at(c_entered, row), due = at(c_due, row);
    if (!started) return as_of_;  // not_started
    auto ran = at(entered ? c_duration : c_elapsed, row).value_or(0);  // the elapsed time at entry, or at as_of
    std::optional<Micros> limit;
    if ((status == "late" || status == "overdue") && due) limit = step_limit(*cp, node, *started, schedules_);

    // Whether the condition holds for the row as it stood, unreached, with `elapsed` at e.
    size_t start_row = row;  // the row of the node whose entry started the clock: its evidence and actor
    for (size_t j = k; j-- > 0;)
      if (same_case_node(first + j, j) && at(c_entered, first + j) == started) {
        start_row = first + j;
        break;
      }
    auto holds_unreached = [&](const char* as, Micros e) {
      StepLeaves leaves(t, tp, row);
      leaves.set_text(c_status, t, std::string(as));
      leaves.set(c_entered, t, std::nullopt);
      leaves.set(c_duration, t, std::nullopt);
      leaves.set(c_elapsed, t, e);
      leaves.set_text(c_band, t, step_band(*cp, node, e));
      leaves.from_row(c_evidence, t, start_row);
      leaves.from_row(c_actor, t, start_row);
      std::deque<std::string> arena;
      EvalContext ctx{&tz_, &arena, &schedules_};
      Vec cond;
      evaluate(ap.when, leaves, 0, 1, ctx, cond);
      return cond.valid[0] && cond.i64[0];
    };
    // The unreached states, in time order: (its start, its status, elapsed at its start and at its end).
    struct State {
      Micros from;
      const char* status;
      Micros e0, e1;
    };
    std::vector<State> states;
    Micros pending_end = limit ? std::min(*limit, ran) : ran;
    states.push_back({*started, "pending", 0, pending_end});
    if (limit) states.push_back({*due, "overdue", *limit + 1, ran});
    Micros fired = entered ? *entered : as_of_;
    size_t i = states.size();  // the earlier states still to look at: states[0, i)
    if (!entered) {
      const State& now = states[--i];
      if (holds_unreached(now.status, now.e0))
        fired = now.from;
      else
        i = 0;  // it held only once `elapsed` had grown: dated when seen
    }
    while (i-- > 0) {
      const State& s = states[i];
      if (!holds_unreached(s.status, s.e0) || !holds_unreached(s.status, s.e1)) break;
      fired = s.from;
    }
    return std::min(fired, as_of_);
  }

  // A chain's step table: its chain and the columns step_alert_time reads, found once per table.
  struct StepTable {
    const plan::ChainPlan* chain = nullptr;
    int node = -1, started = -1, entered = -1, due = -1, duration = -1, elapsed = -1, status = -1, band = -1,
        evidence = -1, actor = -1;
  };
  const StepTable& step_table(int table) {
    auto [it, added] = step_tables_.try_emplace(table);
    if (!added) return it->second;
    StepTable& st = it->second;
    for (auto& c : plan_.chains)
      if (c.table == table) st.chain = &c;
    const TableSpec& spec = tables_[table].spec;
    st.node = spec.find("node"), st.started = spec.find("started_at"), st.entered = spec.find("entered_at");
    st.due = spec.find("due_at"), st.duration = spec.find("duration"), st.elapsed = spec.find("elapsed");
    st.status = spec.find("status"), st.band = spec.find("band"), st.evidence = spec.find("evidence");
    st.actor = spec.find("actor");
    return st;
  }

  // What the alert knows of a column by name: its entity, and for a row alert the row itself.
  std::optional<Scalar> known(const plan::AlertPlan& ap, const AlertEvent& e, const std::string& name) const {
    for (auto& [k, s] : e.entity)
      if (k == name) return s;
    if (rows_ && e.row >= 0) {
      const plan::TablePlan& tp = plan_.tables[ap.table];
      for (size_t c = 0; c < tp.columns.size(); ++c)
        if (tp.columns[c].name == name)
          return cell_scalar(tables_[ap.table].columns[c], tp.columns[c].type, static_cast<size_t>(e.row));
    }
    return std::nullopt;
  }

  // The view's `show` values for the alert's entity (its columns that the indicator is `by`; other `by`
  // columns take every value) in the periods overlapping the alert's (without one: holding its time).
  void report(const plan::AlertPlan& ap, const AlertEvent& e, EpisodeActions& ea, NotificationContent& content) {
    for (int s : plan_.views[ap.report].show) {
      const plan::IndicatorPlan& ip = plan_.indicators[s];
      PeriodBucketer bucketer(ip.grain, tz_, plan_.week_start);
      for (ValueRef v : result_.values[s]) {
        bool match = true;
        std::vector<std::pair<std::string, Scalar>> entity, extra;
        for (size_t c = 0; c < ip.key_names.size() && match; ++c) {
          Scalar part = v.entity(c);
          entity.emplace_back(ip.key_names[c], part);
          auto k = known(ap, e, ip.key_names[c]);
          if (!k)
            extra.emplace_back(ip.key_names[c], part);
          else
            match = *k == part;
        }
        if (!match) continue;
        if (ip.grain != plan::Grain::All) {
          Micros vs = v.period_start(), ve = bucketer.shift(vs, 1);
          if (has_period_ ? !(vs < end_ && start_ < ve) : !(vs <= alert_time_ && alert_time_ < ve)) continue;
        }
        Scalar value = v.value();
        ReportValue rv{s, entity, v.period(), value, v.status(), display_value(value, ip.unit, tz_)};
        std::string qualifier = entity_text(extra, tz_);
        if (v.period() != "all" && v.period() != e.period.value_or("all"))
          qualifier += (qualifier.empty() ? "" : ", ") + v.period();
        content.report_lines.push_back((ip.label.empty() ? ip.name : ip.label) +
                                       (qualifier.empty() ? "" : " (" + qualifier + ")") + ": " + rv.display);
        Json j{{"indicator", ip.name},
               {"entity", Json::object()},
               {"period", v.period()},
               {"value", value_json(value, tz_)},
               {"status", status_name(v.status())}};
        for (auto& [k, x] : entity) j["entity"][k] = value_json(x, tz_);
        content.report.push_back(std::move(j));
        ea.report.push_back(std::move(rv));
      }
    }
  }

  // The rows behind a value alert's instance: the union of its condition's values' contributing rows.
  const std::vector<RowRef>& evidence(const plan::AlertPlan& ap) {
    if (evidence_loaded_) return evidence_;
    std::set<RowRef> rows;
    for (int i : ap.indicators)
      if (ValueRef v = value_at(i)) rows.insert(v.contributing().begin(), v.contributing().end());
    evidence_.assign(rows.begin(), rows.end());
    evidence_loaded_ = true;
    return evidence_;
  }

  std::vector<RowRef> attach(const plan::AlertPlan& ap, const AlertEvent& e, const plan::AttachPlan& at) {
    // The values each matched column may take: the entity's (or the row's), else any of the evidence's.
    std::vector<std::unordered_set<std::string>> wanted(at.match.size());
    for (size_t k = 0; k < at.match.size(); ++k) {
      if (at.match_columns[k] < 0) return {};
      if (auto s = known(ap, e, at.match[k])) {
        if (s->valid) wanted[k].insert(match_key(*s));
      } else if (!rows_) {
        for (const RowRef& r : evidence(ap)) {
          const plan::TablePlan& tp = plan_.tables[r.table];
          for (size_t c = 0; c < tp.columns.size(); ++c) {
            if (tp.columns[c].name != at.match[k]) continue;
            const Column& col = tables_[r.table].columns[c];
            if (col.valid[r.row]) wanted[k].insert(match_key(col, r.row));
          }
        }
      }
      if (wanted[k].empty()) return {};
    }
    // The time the rows must fall in: the alert's period, widened by `window D` on both sides (a row
    // alert has no period: `window D` is around its time — for a chain row around the span from its
    // clock's start to the alert's time — and `during period` keeps every time).
    bool limited = false;
    Micros lo = 0, hi = 0;
    if (at.window == plan::AttachWindow::Period && has_period_) {
      limited = true;
      lo = start_;
      hi = end_;
    } else if (at.window == plan::AttachWindow::Around && (has_period_ || rows_)) {
      limited = true;
      lo = (has_period_ ? start_ : since_) - at.window_micros;
      hi = (has_period_ ? end_ : alert_time_) + at.window_micros;
    }
    const Table& s = tables_[at.table];
    int time = plan_.tables[at.table].time_column;
    std::vector<RowRef> out;
    for (size_t r = 0; r < s.rows(); ++r) {
      if (time >= 0) {
        auto t = event_time(s, time, r, tz_);
        if (t && *t > as_of_) continue;  // as for every result: rows after as_of are not seen yet
        if (limited && (!t || *t < lo || *t >= hi)) continue;
      }
      bool match = true;
      for (size_t k = 0; k < at.match.size() && match; ++k) {
        const Column& col = s.columns[at.match_columns[k]];
        match = col.valid[r] && wanted[k].count(match_key(col, r));
      }
      if (match) out.push_back(RowRef{at.table, static_cast<uint32_t>(r)});
    }
    return out;
  }

  const plan::ProgramPlan& plan_;
  const std::vector<Table>& tables_;
  const RunResult& result_;
  const TimeZone& tz_;
  Micros as_of_;
  std::vector<std::map<ValueKey, ValueRef>> index_;
  std::map<int, StepTable> step_tables_;
  // The episode being built.
  bool rows_ = false, has_period_ = false;
  std::vector<Scalar> entity_;
  Micros start_ = 0, end_ = 0, alert_time_ = 0;
  Micros since_ = 0;  // a row alert's `window` starts D before this: its event time, a chain row's clock start
  std::vector<WorkSchedule> schedules_;  // chain rows' deadlines and `work_between` in conditions
  bool evidence_loaded_ = false;
  std::vector<RowRef> evidence_;
};

}  // namespace

std::vector<Episode> alert_episodes(const plan::ProgramPlan& plan, const RunResult& result, const TimeZone& tz) {
  const auto& alerts = result.alerts;
  std::vector<std::vector<Scalar>> entities;
  for (auto& a : alerts) entities.push_back(entity_values(a));
  std::vector<size_t> order(alerts.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const std::string &nx = plan.alerts[alerts[x].alert].name, &ny = plan.alerts[alerts[y].alert].name;
    if (nx != ny) return nx < ny;
    if (entities[x] != entities[y]) return entities[x] < entities[y];
    return alerts[x].period_start < alerts[y].period_start;
  });
  std::vector<Episode> out;
  std::vector<std::optional<PeriodBucketer>> bucketers(plan.alerts.size());
  size_t last = 0;
  for (size_t i : order) {
    const AlertEvent& e = alerts[i];
    Grain grain = alert_grain(plan, plan.alerts[e.alert]);
    if (!out.empty() && grain != Grain::All) {
      const AlertEvent& prev = alerts[last];
      auto& bucketer = bucketers[e.alert];
      if (!bucketer) bucketer.emplace(grain, tz, plan.week_start);
      if (prev.alert == e.alert && entities[last] == entities[i] &&
          bucketer->shift(prev.period_start, 1) == e.period_start) {
        ++out.back().instances;
        last = i;
        continue;
      }
    }
    out.push_back(Episode{e.alert, i, 1});
    last = i;
  }
  return out;
}

std::vector<EpisodeActions> alert_actions(const plan::ProgramPlan& plan, const std::vector<Table>& tables,
                                          const RunResult& result, const TimeZone& tz, Micros as_of) {
  std::vector<EpisodeActions> out;
  ActionBuilder builder(plan, tables, result, tz, as_of);
  for (const Episode& ep : alert_episodes(plan, result, tz))
    if (plan.alerts[ep.alert].has_actions()) out.push_back(builder.build(ep));
  return out;
}

}  // namespace jixiao::rt
