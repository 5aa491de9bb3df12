#include "compiler/plan/lower.h"

#include <algorithm>
#include <stdexcept>

#include "base/errors.h"

namespace jixiao::plan {

using ast::ExprKind;
using ast::Op;
using check::TypeKind;
using stdlib::BuiltinFamily;
using stdlib::BuiltinId;

namespace {

VType vtype(const check::Type& t) {
  switch (t.kind) {
    case TypeKind::Bool: return VType::Bool;
    case TypeKind::Number: return VType::Num;
    case TypeKind::String:
    case TypeKind::Enum: return VType::Str;
    case TypeKind::Timestamp: return VType::Time;
    case TypeKind::Date: return VType::Date;
    case TypeKind::Duration: return VType::Dur;
    case TypeKind::List: return VType::List;
    case TypeKind::PeriodSpan: return VType::Num;
    default: return VType::Null;
  }
}

class Lowerer {
 public:
  explicit Lowerer(const check::Program& p) : p_(p) {}

  ExprPlan literal(FileId file, ast::ExprId e) {
    file_ = file;
    return root(e, nullptr);
  }

  ProgramPlan run() {
    ProgramPlan out;
    out.timezone = p_.timezone;
    out.week_start = p_.week_start;
    for (auto& t : p_.tables) out.tables.push_back(table(t));
    for (auto& f : p_.files)
      for (auto& c : f.calendars) out.calendars.push_back(calendar(c));
    for (auto& ci : p_.chains) out.chains.push_back(chain(ci, out.calendars));
    for (auto& ii : p_.indicators) out.indicators.push_back(indicator(ii));
    for (auto& f : p_.files) {
      for (auto& c : f.channels) out.channels.push_back(channel(c));
      for (auto& v : f.views) out.views.push_back(view(v));
    }
    for (auto& ai : p_.alerts) out.alerts.push_back(alert(ai, out));
    return out;
  }

 private:
  TablePlan table(const check::TableInfo& t) {
    TablePlan tp;
    tp.name = t.name;
    tp.is_chain = t.chain != nullptr;
    for (auto& c : t.columns)
      tp.columns.push_back({c.name, vtype(c.type), c.type.kind == TypeKind::Enum, c.required, c.members, c.integer});
    tp.time_column = t.time_column;
    tp.evidence_column = t.evidence_column;
    tp.actor_column = t.actor_column;
    tp.system = t.system;
    return tp;
  }

  static CalendarPlan calendar(const ast::CalendarDecl& c) {
    CalendarPlan cp;
    cp.name = c.h.name.text;
    cp.timezone = c.timezone.value_or("");
    static const std::vector<std::string> days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    auto minutes = [](const std::string& hhmm) {
      return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
    };
    for (auto& line : c.hours) {
      int first = static_cast<int>(std::find(days.begin(), days.end(), line.days.first.text) - days.begin());
      int last = line.days.last.valid()
                     ? static_cast<int>(std::find(days.begin(), days.end(), line.days.last.text) - days.begin())
                     : first;
      for (int d = first; d <= last && d < 7; ++d)
        for (auto& r : line.ranges) cp.hours.push_back({d, minutes(r.from), minutes(r.to)});
    }
    for (auto& h : c.holidays) cp.holidays.emplace_back(h.first, h.last.empty() ? h.first : h.last);
    for (auto& w : c.workdays) cp.workdays.push_back(w.first);
    return cp;
  }

  static std::vector<BandPlan> bands(const ast::File& f, const std::vector<ast::Band>& bs) {
    std::vector<BandPlan> out;
    for (auto& b : bs) {
      if (!b.bound.value.valid()) continue;
      out.push_back(BandPlan{b.name.text, cmp(b.bound.op), f.expr(b.bound.value).micros});
    }
    return out;
  }

  ChainPlan chain(const check::ChainInfo& ci, const std::vector<CalendarPlan>& calendars) {
    const ast::ChainDecl& c = *ci.decl;
    const ast::File& f = p_.files[ci.file];
    file_ = ci.file;
    ChainPlan cp;
    cp.name = c.h.name.text;
    cp.table = ci.table;
    cp.from_table = ci.from_table;
    cp.case_column = ci.case_column;
    cp.step_column = ci.step_column;
    std::string cal = c.calendar.valid() ? c.calendar.text : p_.default_calendar;
    for (size_t k = 0; k < calendars.size(); ++k)
      if (calendars[k].name == cal) cp.calendar = static_cast<int>(k);
    cp.bands = bands(f, c.bands);
    for (size_t k = 0; k < c.nodes.size(); ++k) {
      const ast::NodeDecl& n = c.nodes[k];
      NodePlan np;
      np.name = n.name.text;
      np.label = n.label.value_or("");
      np.owner = n.owner.text;
      np.charge = n.charge.valid() ? n.charge.text : n.owner.text;
      if (k < ci.nodes.size()) {
        np.within = ci.nodes[k].within_micros;
        np.within_workdays = ci.nodes[k].within_workdays;
      }
      if (n.when.valid()) np.when = root(n.when, nullptr);
      np.own_bands = n.has_bands;
      np.bands = bands(f, n.bands);
      cp.nodes.push_back(std::move(np));
    }
    return cp;
  }

  std::string text(FileId f, ast::ExprId e) const { return std::string(p_.sources->text(p_.files[f].expr(e).span)); }

  IndicatorPlan indicator(const check::IndicatorInfo& ii) {
    const ast::IndicatorDecl& d = *ii.decl;
    IndicatorPlan ip;
    ip.name = ii.name;
    ip.label = d.h.label.value_or("");
    ip.doc = d.h.doc;
    ip.unit = ii.unit;
    ip.value_type = vtype(ii.value_type);
    ip.table = ii.table;
    ip.key_columns = ii.by_columns;
    ip.key_names = ii.by_names;
    ip.key_lists = ii.by_lists;
    ip.grain = ii.grain;
    ip.components = ii.depends_on;
    ip.evidence_min = d.evidence_min;
    ip.sample_min = d.sample_min;
    ip.rule_text = std::string(p_.sources->text(d.h.span));
    ip.file = p_.sources->file(ii.file).path();
    ip.line = static_cast<int>(p_.sources->file(ii.file).line_col(d.h.span.begin).line);
    file_ = ii.file;
    if (d.where.valid()) ip.where = root(d.where, nullptr);
    if (d.value.valid()) ip.value = root(d.value, &ip.aggregates);
    if (d.target.value.valid()) ip.target = std::make_pair(cmp(d.target.op), root(d.target.value, nullptr));
    return ip;
  }

  static ChannelPlan channel(const ast::ChannelDecl& c) {
    ChannelPlan cp;
    cp.name = c.h.name.text;
    cp.label = c.h.label.value_or("");
    cp.kind = c.kind.text;
    cp.webhook = c.webhook.text;
    cp.webhook_from_env = c.webhook.from_env;
    cp.secret = c.secret.text;
    cp.secret_from_env = c.secret.from_env;
    return cp;
  }

  ViewPlan view(const ast::ViewDecl& v) const {
    ViewPlan vp;
    vp.name = v.h.name.text;
    vp.label = v.h.label.value_or("");
    for (auto& s : v.show)
      if (int i = p_.find_indicator(s.text); i >= 0) vp.show.push_back(i);
    return vp;
  }

  AlertPlan alert(const check::AlertInfo& ai, const ProgramPlan& out) {
    const ast::AlertDecl& a = *ai.decl;
    const ast::File& f = p_.files[ai.file];
    AlertPlan ap;
    ap.name = ai.name;
    ap.label = a.h.label.value_or("");
    ap.severity = ai.severity;
    ap.table = ai.table;
    ap.indicators = ai.indicators;
    ap.for_count = a.for_count;
    ap.message = a.message.value_or("");
    ap.message_parts = ai.message;
    for (auto& n : a.notify)
      for (size_t c = 0; c < out.channels.size(); ++c)
        if (out.channels[c].name == n.text) ap.notify.push_back(static_cast<int>(c));
    for (size_t v = 0; v < out.views.size(); ++v)
      if (a.report.valid() && out.views[v].name == a.report.text) ap.report = static_cast<int>(v);
    for (auto& t : a.tasks) {
      TaskPlan tp;
      tp.name = t.name.text;
      tp.label = t.label.value_or("");
      tp.assign = t.assign.text;
      if (t.due.valid() && f.expr(t.due).kind == ExprKind::Duration) tp.due = f.expr(t.due).micros;
      for (auto& at : t.attach) {
        AttachPlan atp;
        atp.table = p_.find_table(at.source.text);
        if (atp.table < 0) continue;
        for (auto& m : at.match) {
          atp.match.push_back(m.text);
          atp.match_columns.push_back(p_.tables[atp.table].find(m.text));
        }
        if (at.window.valid()) {
          atp.window = AttachWindow::Around;
          atp.window_micros = f.expr(at.window).micros;
        } else if (at.during.valid()) {
          atp.window = AttachWindow::Period;
        }
        tp.attach.push_back(std::move(atp));
      }
      ap.tasks.push_back(std::move(tp));
    }
    file_ = ai.file;
    if (a.when.valid()) ap.when = root(a.when, nullptr);
    return ap;
  }

  static PlanOp cmp(Op op) {
    switch (op) {
      case Op::Eq: return PlanOp::Eq;
      case Op::Ne: return PlanOp::Ne;
      case Op::Lt: return PlanOp::Lt;
      case Op::Le: return PlanOp::Le;
      case Op::Gt: return PlanOp::Gt;
      case Op::Ge: return PlanOp::Ge;
      default: return PlanOp::Eq;
    }
  }

  ExprPlan root(ast::ExprId e, std::vector<AggregatePlan>* aggs) {
    ExprPlan plan;
    aggs_ = aggs;
    plan.root = lower(plan, e);
    plan.text = text(file_, e);
    return plan;
  }

  int add(ExprPlan& plan, PlanNode n) {
    plan.nodes.push_back(std::move(n));
    return static_cast<int>(plan.nodes.size() - 1);
  }

  int lower(ExprPlan& plan, ast::ExprId id) {
    const ast::Expr& e = p_.files[file_].expr(id);
    const check::ExprInfo& info = p_.info_of(file_, id);
    PlanNode n{PlanOp::Const};
    n.type = vtype(info.type);
    switch (e.kind) {
      case ExprKind::Number:
      case ExprKind::Percent:
        n.type = VType::Num;
        n.num = e.number;
        return add(plan, n);
      case ExprKind::Duration:
        n.type = VType::Dur;
        n.i64 = e.micros;
        return add(plan, n);
      case ExprKind::PeriodSpan:
        n.type = VType::Num;
        n.num = e.number;
        n.i64 = static_cast<int64_t>(e.number);
        n.str = e.text;
        return add(plan, n);
      case ExprKind::String:
        n.type = VType::Str;
        n.str = e.text;
        return add(plan, n);
      case ExprKind::Date:
        n.type = VType::Date;
        n.str = e.text;
        return add(plan, n);
      case ExprKind::Timestamp:
        n.type = VType::Time;
        n.str = e.text;
        return add(plan, n);
      case ExprKind::TimeOfDay:
        n.type = VType::Str;
        n.str = e.text;
        return add(plan, n);
      case ExprKind::Bool:
        n.type = VType::Bool;
        n.i64 = e.flag ? 1 : 0;
        return add(plan, n);
      case ExprKind::Null: n.type = VType::Null; return add(plan, n);
      case ExprKind::List: {
        n.type = VType::List;
        for (ast::ExprId a : e.args) {
          const ast::Expr& x = p_.files[file_].expr(a);
          if (x.kind == ExprKind::Number || x.kind == ExprKind::Percent)
            n.num_list.push_back(x.number);
          else if (!is_column(a))
            n.list.push_back(x.text);  // columns are compared by in_list
        }
        return add(plan, n);
      }
      case ExprKind::Name:
        if (info.ref == check::RefKind::Column) {
          n.op = PlanOp::Column;
          n.index = info.index;
        } else if (info.ref == check::RefKind::Indicator) {
          n.op = PlanOp::Indicator;
          n.index = info.index;
        } else {
          n.type = VType::Str;
          n.str = e.text;
        }  // an enum member
        return add(plan, n);
      case ExprKind::Unary: {
        n.op = e.op == Op::Not ? PlanOp::Not : PlanOp::Neg;
        n.args = {lower(plan, e.args[0])};
        return add(plan, n);
      }
      case ExprKind::Binary: {
        switch (e.op) {
          case Op::Add: n.op = PlanOp::Add; break;
          case Op::Sub: n.op = PlanOp::Sub; break;
          case Op::Mul: n.op = PlanOp::Mul; break;
          case Op::Div: n.op = PlanOp::Div; break;
          case Op::And: n.op = PlanOp::And; break;
          case Op::Or: n.op = PlanOp::Or; break;
          default: n.op = cmp(e.op);
        }
        int a = lower(plan, e.args[0]);
        int b = lower(plan, e.args[1]);
        n.args = {a, b};
        return add(plan, n);
      }
      case ExprKind::In: return in_list(plan, e);
      case ExprKind::IsNull: {
        n.op = e.flag ? PlanOp::IsNotNull : PlanOp::IsNull;
        n.type = VType::Bool;
        n.args = {lower(plan, e.args[0])};
        return add(plan, n);
      }
      case ExprKind::Deviates: {
        n.op = PlanOp::Deviates;
        n.type = VType::Bool;
        int a = lower(plan, e.args[0]);
        int pct = lower(plan, e.args[1]);
        int b = lower(plan, e.args[2]);
        n.args = {a, pct, b};
        return add(plan, n);
      }
      case ExprKind::MissesTarget: {
        n.op = PlanOp::MissesTarget;
        n.type = VType::Bool;
        n.index = p_.info_of(file_, e.args[0]).index;
        return add(plan, n);
      }
      case ExprKind::Call: return call(plan, id, e, info);
    }
    return add(plan, n);
  }

  bool is_column(ast::ExprId id) const {
    return p_.files[file_].expr(id).kind == ExprKind::Name && p_.info_of(file_, id).ref == check::RefKind::Column;
  }

  // `x in [a, "east", home]`: the constants as one In node, each column as `x == column`, joined by `or`
  // (so a null anywhere is unknown unless something matched, as SQL's IN); `not in` is its negation.
  int in_list(ExprPlan& plan, const ast::Expr& e) {
    const int x = lower(plan, e.args[0]);
    const ast::Expr& list = p_.files[file_].expr(e.args[1]);
    size_t columns = 0;
    if (list.kind == ExprKind::List)
      for (ast::ExprId a : list.args) columns += is_column(a);
    if (columns == 0) {  // constants only: one In or NotIn node
      PlanNode in{e.flag ? PlanOp::NotIn : PlanOp::In};
      in.type = VType::Bool;
      in.args = {x, lower(plan, e.args[1])};
      return add(plan, in);
    }
    std::vector<int> terms;
    if (columns < list.args.size()) {
      PlanNode in{PlanOp::In};
      in.type = VType::Bool;
      in.args = {x, lower(plan, e.args[1])};
      terms.push_back(add(plan, in));
    }
    for (ast::ExprId a : list.args) {
      if (!is_column(a)) continue;
      PlanNode eq{PlanOp::Eq};
      eq.type = VType::Bool;
      eq.args = {x, lower(plan, a)};
      terms.push_back(add(plan, eq));
    }
    int out = terms[0];
    for (size_t k = 1; k < terms.size(); ++k) {
      PlanNode any{PlanOp::Or};
      any.type = VType::Bool;
      any.args = {out, terms[k]};
      out = add(plan, any);
    }
    if (!e.flag) return out;
    PlanNode negated{PlanOp::Not};
    negated.type = VType::Bool;
    negated.args = {out};
    return add(plan, negated);
  }

  int call(ExprPlan& plan, ast::ExprId id, const ast::Expr& e, const check::ExprInfo& info) {
    const stdlib::Builtin& b = stdlib::builtin(static_cast<BuiltinId>(info.index));
    PlanNode n{PlanOp::Call};
    n.type = vtype(info.type);
    n.fn = b.id;
    if (b.family == BuiltinFamily::Aggregate) {
      JX_CHECK(aggs_, "aggregate outside a value expression");
      AggregatePlan ap;
      ap.fn = b.id;
      ap.text = text(file_, id);
      ap.unit = info.type.unit;
      std::vector<AggregatePlan>* saved = aggs_;
      aggs_ = nullptr;  // aggregate inputs are row expressions
      if (!e.args.empty()) {
        ap.input.root = lower(ap.input, e.args[0]);
        ap.input_type = vtype(p_.info_of(file_, e.args[0]).type);
      }
      if (e.args.size() > 1) ap.q = p_.files[file_].expr(e.args[1]).number;
      if (e.filter.valid()) ap.filter.root = lower(ap.filter, e.filter);
      aggs_ = saved;
      aggs_->push_back(std::move(ap));
      n.op = PlanOp::AggResult;
      n.index = static_cast<int>(aggs_->size() - 1);
      return add(plan, n);
    }
    if (b.id == BuiltinId::Previous || b.id == BuiltinId::Delta) {
      PlanNode prev{PlanOp::Previous};
      prev.type = VType::Num;
      prev.args = {lower(plan, e.args[0])};
      prev.i64 = e.args.size() > 1 ? static_cast<int64_t>(p_.files[file_].expr(e.args[1]).number) : 1;
      prev.index = p_.info_of(file_, e.args[0]).index;
      int prev_id = add(plan, prev);
      if (b.id == BuiltinId::Previous) return prev_id;
      PlanNode sub{PlanOp::Sub};
      sub.type = VType::Num;
      sub.args = {lower(plan, e.args[0]), prev_id};
      return add(plan, sub);
    }
    if (b.id == BuiltinId::Baseline) {
      PlanNode base{PlanOp::Baseline};
      base.type = VType::Num;
      base.index = p_.info_of(file_, e.args[0]).index;
      const ast::Expr& window = p_.files[file_].expr(e.args[1]);
      base.i64 = static_cast<int64_t>(window.number);
      base.window_unit = window.text;
      base.str = e.args.size() > 2 ? p_.files[file_].expr(e.args[2]).text : "mean";
      return add(plan, base);
    }
    if (b.id == BuiltinId::WorkBetween) {  // index: the calendar (the named one, else the project's; -1 none)
      n.args = {lower(plan, e.args[0]), lower(plan, e.args[1])};
      const std::string cal = e.args.size() > 2 ? p_.files[file_].expr(e.args[2]).text : p_.default_calendar;
      n.index = calendar_index(cal);
      return add(plan, n);
    }
    for (ast::ExprId a : e.args) n.args.push_back(lower(plan, a));
    return add(plan, n);
  }

  // Calendars are lowered in declaration order over the files, as run() does.
  int calendar_index(const std::string& name) const {
    int k = 0;
    for (const auto& f : p_.files)
      for (const auto& c : f.calendars) {
        if (c.h.name.text == name) return k;
        ++k;
      }
    return -1;
  }

  const check::Program& p_;
  FileId file_ = 0;
  std::vector<AggregatePlan>* aggs_ = nullptr;
};

}  // namespace

ProgramPlan lower(const check::Program& program) { return Lowerer(program).run(); }

ExprPlan lower_literal(const check::Program& program, FileId file, ast::ExprId expr) {
  return Lowerer(program).literal(file, expr);
}

}  // namespace jixiao::plan
