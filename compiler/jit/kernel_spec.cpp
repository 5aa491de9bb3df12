#include "compiler/jit/kernel_spec.h"

#include <fmt/format.h>

#include <cstring>
#include <functional>

#include "runtime/dataset.h"
#include "runtime/time/time.h"

namespace jixiao::jit {

using plan::PlanNode;
using plan::PlanOp;
using stdlib::BuiltinId;

namespace {

bool is_int_typed(VType t) { return t == VType::Bool || t == VType::Time || t == VType::Dur || t == VType::Date; }
bool is_numeric(VType t) { return t == VType::Num || is_int_typed(t); }

std::string bits(double v) {
  uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return fmt::format("{:016x}", b);
}

// Length-prefixed, so that no text can imitate the structure around it.
std::string quoted(const std::string& s) { return fmt::format("{}:{}", s.size(), s); }

class Analyser {
 public:
  Analyser(const plan::TablePlan& table, IndicatorSpec& spec) : table_(table), spec_(spec) {}

  // Annotates `plan` as `out`; false with `reason_` set when it leaves the compiled subset.
  bool expr(const plan::ExprPlan& plan, ExprSpec& out) {
    out.plan = plan;
    out.present = true;
    size_t n = plan.nodes.size();
    out.types.assign(n, VType::Null);
    out.code_table.assign(n, -1);
    out.time_constant.assign(n, -1);
    out.date_value.assign(n, 0);
    if (plan.root < 0 || static_cast<size_t>(plan.root) >= n) return fail("an empty expression");
    return node(out, plan.root);
  }

  const std::string& reason() const { return reason_; }

 private:
  bool fail(std::string why) {
    if (reason_.empty()) reason_ = std::move(why);
    return false;
  }

  // A condition over one text column and constants using a text function: answered per dictionary
  // code (kernel_abi.h, CodeTable::predicate). False when `id` is not one; nothing is annotated then.
  bool text_predicate(ExprSpec& e, int id) {
    if (e.plan.nodes[id].type != VType::Bool) return false;
    int column = -1;
    bool text_function = false;
    std::function<bool(int)> walk = [&](int x) {
      if (x < 0 || static_cast<size_t>(x) >= e.plan.nodes.size()) return false;
      const PlanNode& m = e.plan.nodes[x];
      switch (m.op) {
        case PlanOp::Const: return true;
        case PlanOp::Column:
          if (m.index < 0 || static_cast<size_t>(m.index) >= table_.columns.size() ||
              table_.columns[m.index].type != VType::Str)
            return false;
          if (column >= 0 && column != m.index) return false;
          column = m.index;
          return true;
        case PlanOp::Call:
          switch (m.fn) {
            case BuiltinId::Lower:
            case BuiltinId::Len:
            case BuiltinId::Contains:
            case BuiltinId::ContainsAny:
            case BuiltinId::Matches:
            case BuiltinId::Coalesce:
            case BuiltinId::If:
            case BuiltinId::Least:
            case BuiltinId::Greatest:
              text_function = text_function || m.fn == BuiltinId::Lower || m.fn == BuiltinId::Len ||
                              m.fn == BuiltinId::Contains || m.fn == BuiltinId::ContainsAny ||
                              m.fn == BuiltinId::Matches || m.fn == BuiltinId::Coalesce;
              break;
            default: return false;
          }
          break;
        case PlanOp::AggResult:
        case PlanOp::Indicator:
        case PlanOp::Previous:
        case PlanOp::Baseline:
        case PlanOp::Deviates:
        case PlanOp::MissesTarget: return false;
        default: break;
      }
      for (int a : m.args)
        if (!walk(a)) return false;
      return true;
    };
    if (!walk(id) || column < 0 || !text_function) return false;
    rt::CodeTable ct;
    ct.column = column;
    ct.predicate = e.plan;
    ct.predicate.root = id;
    e.code_table[id] = static_cast<int>(spec_.layout.code_tables.size());
    spec_.layout.code_tables.push_back(std::move(ct));
    e.types[id] = VType::Bool;
    return true;
  }

  bool node(ExprSpec& e, int id) {
    if (id < 0 || static_cast<size_t>(id) >= e.plan.nodes.size()) return fail("a malformed plan");
    if (text_predicate(e, id)) return true;
    const PlanNode& n = e.plan.nodes[id];
    VType& t = e.types[id];
    auto arg = [&](size_t i) { return n.args[i]; };
    auto type_of = [&](size_t i) { return e.types[n.args[i]]; };
    auto want_args = [&](size_t count) {
      if (n.args.size() != count) return fail("a malformed plan");
      return true;
    };
    switch (n.op) {
      case PlanOp::Const:
        switch (n.type) {
          case VType::List: return fail("a list outside `in`");
          case VType::Time:
            e.time_constant[id] = static_cast<int>(spec_.layout.time_constants.size());
            spec_.layout.time_constants.push_back(n.str);
            break;
          case VType::Date: {
            auto d = rt::parse_date(n.str);
            if (!d) return fail("a malformed date literal");
            e.date_value[id] = *d;
            break;
          }
          default: break;
        }
        t = n.type;
        return true;
      case PlanOp::Column:
        if (n.index < 0 || static_cast<size_t>(n.index) >= table_.columns.size()) return fail("a malformed plan");
        t = table_.columns[n.index].type;
        if (t == VType::Null || t == VType::List) return fail("a column of an unsupported type");
        return true;
      case PlanOp::Neg:
        if (!want_args(1) || !node(e, arg(0))) return false;
        if (type_of(0) == VType::Str || type_of(0) == VType::List) return fail("`-` of text");
        t = type_of(0);
        return true;
      case PlanOp::Not:
        if (!want_args(1) || !node(e, arg(0))) return false;
        if (type_of(0) != VType::Bool && type_of(0) != VType::Null) return fail("`not` of a non-condition");
        t = VType::Bool;
        return true;
      case PlanOp::Add:
      case PlanOp::Sub:
      case PlanOp::Mul:
      case PlanOp::Div: {
        if (!want_args(2) || !node(e, arg(0)) || !node(e, arg(1))) return false;
        VType a = type_of(0), b = type_of(1);
        if (a == VType::Null || b == VType::Null) {
          t = VType::Null;
          return true;
        }
        if (!is_numeric(a) || !is_numeric(b))
          return fail(fmt::format("arithmetic on {} and {}", vtype_name(a), vtype_name(b)));
        // runtime/eval.cpp arith(): numbers stay numbers; otherwise a duration unless timestamp +-
        // duration (a timestamp) or duration / duration (a number).
        if (a == VType::Num && b == VType::Num)
          t = VType::Num;
        else if (a == VType::Time && b == VType::Dur)
          t = VType::Time;
        else if (a == VType::Dur && b == VType::Dur && n.op == PlanOp::Div)
          t = VType::Num;
        else
          t = VType::Dur;
        return true;
      }
      case PlanOp::Eq:
      case PlanOp::Ne:
      case PlanOp::Lt:
      case PlanOp::Le:
      case PlanOp::Gt:
      case PlanOp::Ge: {
        if (!want_args(2) || !node(e, arg(0)) || !node(e, arg(1))) return false;
        VType a = type_of(0), b = type_of(1);
        t = VType::Bool;
        if (a == VType::List || b == VType::List) return fail("a comparison with a list");
        if (a == VType::Null || b == VType::Null) return true;  // always unknown
        if (a == VType::Str || b == VType::Str) {
          if (a != b) return true;  // text against a non-text value: unknown
          const PlanNode& x = e.plan.nodes[arg(0)];
          const PlanNode& y = e.plan.nodes[arg(1)];
          rt::CodeTable ct;
          ct.op = n.op;
          if (x.op == PlanOp::Column && y.op == PlanOp::Const) {
            ct.column = x.index;
            ct.constant = y.str;
          } else if (x.op == PlanOp::Const && y.op == PlanOp::Column) {
            ct.column = y.index;
            ct.constant = x.str;
            ct.constant_left = true;
          } else {
            return fail("a comparison of text that is not a column against a constant");
          }
          e.code_table[id] = static_cast<int>(spec_.layout.code_tables.size());
          spec_.layout.code_tables.push_back(std::move(ct));
          return true;
        }
        if (a == VType::Num || b == VType::Num) return true;
        if ((a == VType::Date && b == VType::Time) || (a == VType::Time && b == VType::Date)) {
          // The date is taken at local midnight: a constant date becomes a constant instant when the
          // kernel is bound (in the project zone); a date column would need the zone row by row.
          int date_node = a == VType::Date ? arg(0) : arg(1);
          const PlanNode& d = e.plan.nodes[date_node];
          if (d.op != PlanOp::Const) return fail("a date column compared with a timestamp");
          e.time_constant[date_node] = static_cast<int>(spec_.layout.time_constants.size());
          spec_.layout.time_constants.push_back(rt::kDatePrefix + d.str);
        }
        return true;
      }
      case PlanOp::And:
      case PlanOp::Or:
        if (!want_args(2) || !node(e, arg(0)) || !node(e, arg(1))) return false;
        for (size_t i = 0; i < 2; ++i)
          if (type_of(i) != VType::Bool && type_of(i) != VType::Null) return fail("`and`/`or` of a non-condition");
        t = VType::Bool;
        return true;
      case PlanOp::In:
      case PlanOp::NotIn: {
        if (!want_args(2) || !node(e, arg(0))) return false;
        const PlanNode& list = e.plan.nodes[arg(1)];
        if (list.op != PlanOp::Const || list.type != VType::List) return fail("`in` without a list of constants");
        e.types[arg(1)] = VType::Null;  // the interpreter evaluates the list node to an empty Null vector
        t = VType::Bool;
        VType a = type_of(0);
        if (a == VType::List) return fail("`in` of a list");
        if (a == VType::Str) {
          const PlanNode& x = e.plan.nodes[arg(0)];
          if (x.op != PlanOp::Column) return fail("`in` of text that is not a column");
          rt::CodeTable ct;
          ct.op = n.op;
          ct.column = x.index;
          ct.list = list.list;
          e.code_table[id] = static_cast<int>(spec_.layout.code_tables.size());
          spec_.layout.code_tables.push_back(std::move(ct));
        }
        return true;
      }
      case PlanOp::IsNull:
      case PlanOp::IsNotNull:
        if (!want_args(1) || !node(e, arg(0))) return false;
        if (type_of(0) == VType::List) return fail("`is null` of a list");
        t = VType::Bool;
        return true;
      case PlanOp::Call:
        switch (n.fn) {
          case BuiltinId::Hours:
          case BuiltinId::Minutes:
          case BuiltinId::Days:
            if (!want_args(1) || !node(e, arg(0))) return false;
            if (type_of(0) != VType::Dur && type_of(0) != VType::Null)
              return fail("`hours`/`minutes`/`days` of a non-duration");
            t = VType::Num;
            return true;
          case BuiltinId::Abs:
          case BuiltinId::Floor:
          case BuiltinId::Ceil:
          case BuiltinId::Round: {
            if (n.args.empty() || n.args.size() > (n.fn == BuiltinId::Round ? 2u : 1u)) return fail("a malformed plan");
            if (!node(e, arg(0))) return false;
            VType a = type_of(0);
            if (a != VType::Num && a != VType::Dur && a != VType::Null)
              return fail("rounding a value that is not a number");
            if (n.args.size() == 2) {
              if (!node(e, arg(1))) return false;
              const PlanNode& digits = e.plan.nodes[arg(1)];
              if (digits.op != PlanOp::Const || (digits.type != VType::Num && digits.type != VType::Null))
                return fail("`round` to a number of decimals that is not a constant");
            }
            t = a;  // the result has the argument's type
            return true;
          }
          case BuiltinId::If:
          case BuiltinId::Coalesce:
          case BuiltinId::Least:
          case BuiltinId::Greatest: {
            std::string name(stdlib::builtin(n.fn).name);
            if (n.fn == BuiltinId::If ? n.args.size() != 3 : n.args.empty()) return fail("a malformed plan");
            for (size_t i = 0; i < n.args.size(); ++i)
              if (!node(e, arg(i))) return false;
            size_t first_value = 0;
            if (n.fn == BuiltinId::If) {
              if (type_of(0) != VType::Bool && type_of(0) != VType::Null) return fail("`if` of a non-condition");
              first_value = 1;
            }
            // runtime/eval.cpp call(): the result has the first non-null argument's type (for `if`: the
            // `then` value's, else the `else` value's) and copy_value() makes a value of any other type
            // null; compiled when every value argument has that one type (or is null), not text.
            t = VType::Null;
            for (size_t i = first_value; i < n.args.size(); ++i) {
              VType a = type_of(i);
              if (a == VType::Null) continue;
              if (a == VType::Str || a == VType::List)
                return fail(fmt::format("`{}` of text is not compiled yet", name));
              if (t != VType::Null && a != t)
                return fail(fmt::format("`{}` of {} and {} is not compiled yet", name, vtype_name(t), vtype_name(a)));
              t = a;
            }
            return true;
          }
          case BuiltinId::Date:
          case BuiltinId::Weekday:
          case BuiltinId::HourOf: {
            if (!want_args(1) || !node(e, arg(0))) return false;
            VType a = type_of(0);
            if (a != VType::Time && a != VType::Date && a != VType::Null)
              return fail(fmt::format("`{}` of {} is not compiled yet", stdlib::builtin(n.fn).name, vtype_name(a)));
            if (a == VType::Time) spec_.layout.uses_zone = true;  // the local time needs the zone's offset per row
            t = n.fn == BuiltinId::Date ? VType::Date : VType::Num;
            return true;
          }
          default: return fail(fmt::format("the function `{}` is not compiled yet", stdlib::builtin(n.fn).name));
        }
      case PlanOp::AggResult:
      case PlanOp::Indicator:
      case PlanOp::Previous:
      case PlanOp::Baseline:
      case PlanOp::Deviates:
      case PlanOp::MissesTarget: return fail(fmt::format("`{}` in a row expression", op_name(n.op)));
    }
    return fail("an unknown plan node");
  }

  const plan::TablePlan& table_;
  IndicatorSpec& spec_;
  std::string reason_;
};

void write_key(const ExprSpec& e, std::string& out) {
  if (!e.present) {
    out += "-;";
    return;
  }
  out += fmt::format("root {};", e.plan.root);
  for (size_t i = 0; i < e.plan.nodes.size(); ++i) {
    const PlanNode& n = e.plan.nodes[i];
    out += fmt::format("[{} {} {} args", i, op_name(n.op), vtype_name(e.types[i]));
    for (int a : n.args) out += fmt::format(" {}", a);
    out += fmt::format(" num {} i64 {} str {} index {} fn {} list", bits(n.num), n.i64, quoted(n.str), n.index,
                       static_cast<int>(n.fn));
    for (auto& s : n.list) out += " " + quoted(s);
    out += " nums";
    for (double d : n.num_list) out += " " + bits(d);
    out += fmt::format(" table {} time {} date {}]", e.code_table[i], e.time_constant[i], e.date_value[i]);
  }
  out += ";";
}

}  // namespace

namespace {

// The part of a spec that depends on the scanned table alone; false (with the reason) when it cannot
// be compiled.
bool start_spec(const plan::TablePlan& tp, bool by_period, IndicatorSpec& spec, Analysis& out) {
  for (auto& c : rt::table_spec(tp).columns) spec.layout.columns.push_back(c.kind);
  spec.time_column = tp.time_column;
  spec.by_period = by_period;
  if (spec.by_period && spec.time_column < 0) {
    out.reason = "`every` over a source without a time column";
    return false;
  }
  if (spec.time_column >= 0 && spec.layout.columns[spec.time_column] != rt::ColumnKind::Timestamp) {
    out.reason = "a time column that is not a timestamp";
    return false;
  }
  return true;
}

// A condition (`where`, an aggregate's `where`, a row alert's `when`): absent, or a bool expression of
// the compiled subset.
bool condition(Analyser& a, const plan::ExprPlan& plan, ExprSpec& es, const char* what, Analysis& out) {
  if (plan.empty()) return true;
  if (!a.expr(plan, es)) {
    out.reason = a.reason();
    return false;
  }
  VType t = es.types[es.root()];
  if (t != VType::Bool && t != VType::Null) {
    out.reason = fmt::format("{} is not a condition", what);
    return false;
  }
  return true;
}

}  // namespace

namespace {

// A selection kernel: `condition` over `tp`, no aggregates; `key_head` names it in the cache key.
Analysis analyse_selection(const plan::TablePlan& tp, const plan::ExprPlan& condition_plan, IndicatorSpec spec,
                           const std::string& key_head) {
  Analysis out;
  if (!start_spec(tp, false, spec, out)) return out;
  Analyser a(tp, spec);
  if (!condition(a, condition_plan, spec.where, "`when`", out)) return out;
  std::string& key = spec.key;
  key += key_head + " columns";
  for (auto k : spec.layout.columns) key += fmt::format(" {}", static_cast<int>(k));
  key += fmt::format("; time {}; when ", spec.time_column);
  write_key(spec.where, key);
  key += fmt::format(" tables {} times {} zone {}\n", spec.layout.code_tables.size(), spec.layout.time_constants.size(),
                     spec.layout.uses_zone);
  out.spec = std::move(spec);
  return out;
}

}  // namespace

Analysis analyse_row_alert(const plan::ProgramPlan& program, int index) {
  if (index < 0 || static_cast<size_t>(index) >= program.alerts.size() || program.alerts[index].table < 0)
    return Analysis{std::nullopt, "not an alert over rows"};
  const plan::AlertPlan& ap = program.alerts[index];
  IndicatorSpec spec;
  spec.kind = ScanKind::RowAlert;
  spec.indicator = index;
  spec.name = ap.name;
  return analyse_selection(program.tables[ap.table], ap.when, std::move(spec), fmt::format("row alert {}", index));
}

Analysis analyse_chain_node(const plan::ProgramPlan& program, int chain, int node) {
  if (chain < 0 || static_cast<size_t>(chain) >= program.chains.size()) return Analysis{std::nullopt, "no such chain"};
  const plan::ChainPlan& cp = program.chains[chain];
  if (cp.from_table < 0 || node < 0 || static_cast<size_t>(node) >= cp.nodes.size() || cp.nodes[node].when.empty())
    return Analysis{std::nullopt, "a node without `when`"};
  IndicatorSpec spec;
  spec.kind = ScanKind::ChainNode;
  spec.indicator = chain;
  spec.node = node;
  spec.name = cp.name + "." + cp.nodes[node].name;
  return analyse_selection(program.tables[cp.from_table], cp.nodes[node].when, std::move(spec),
                           fmt::format("chain {} node {}", chain, node));
}

Analysis analyse_indicator(const plan::ProgramPlan& program, int index) {
  Analysis out;
  if (index < 0 || static_cast<size_t>(index) >= program.indicators.size()) {
    out.reason = "no such indicator";
    return out;
  }
  const plan::IndicatorPlan& ip = program.indicators[index];
  if (ip.table < 0) {
    out.reason = "a composite indicator (its value expression is interpreted)";
    return out;
  }
  const plan::TablePlan& tp = program.tables[ip.table];
  IndicatorSpec spec;
  spec.indicator = index;
  spec.name = ip.name;
  if (!start_spec(tp, ip.grain != plan::Grain::All, spec, out)) return out;
  Analyser a(tp, spec);
  if (!condition(a, ip.where, spec.where, "`where`", out)) return out;
  for (auto& ap : ip.aggregates) {
    AggregateSpec as;
    as.fn = ap.fn;
    std::string name(stdlib::builtin(ap.fn).name);
    switch (ap.fn) {
      case BuiltinId::Count:
      case BuiltinId::Sum:
      case BuiltinId::Avg:
      case BuiltinId::Min:
      case BuiltinId::Max:
      case BuiltinId::Share: break;
      default:
        out.reason = fmt::format("the aggregate `{}` is not compiled yet", stdlib::builtin(ap.fn).name);
        return out;
    }
    if (!condition(a, ap.filter, as.filter, "an aggregate's `where`", out)) return out;
    if (!ap.input.empty()) {
      if (!a.expr(ap.input, as.input)) {
        out.reason = a.reason();
        return out;
      }
      VType t = as.input.types[as.input.root()];
      bool ok = true;
      switch (ap.fn) {
        case BuiltinId::Count: ok = t != VType::List; break;
        case BuiltinId::Share: ok = t == VType::Bool || t == VType::Null; break;
        default: ok = t == VType::Null || is_numeric(t);
      }
      if (!ok) {
        out.reason = fmt::format("`{}` of {} is not compiled yet", name, vtype_name(t));
        return out;
      }
    } else if (ap.fn != BuiltinId::Count && ap.fn != BuiltinId::Share) {
      out.reason = "an aggregate without its input";
      return out;
    }
    spec.aggregates.push_back(std::move(as));
  }

  if (ip.key_columns.empty()) {
    spec.dense_groups = true;
  } else if (ip.key_columns.size() == 1 && rt::dictionary_coded(spec.layout.columns[ip.key_columns[0]])) {
    spec.dense_groups = true;
    spec.group_column = ip.key_columns[0];
  }

  std::string& key = spec.key;
  key += fmt::format("indicator {} columns", index);
  for (auto k : spec.layout.columns) key += fmt::format(" {}", static_cast<int>(k));
  key += fmt::format("; time {} by_period {} groups {} {}; where ", spec.time_column, spec.by_period, spec.dense_groups,
                     spec.group_column);
  write_key(spec.where, key);
  for (auto& as : spec.aggregates) {
    key += fmt::format(" aggregate {} input ", static_cast<int>(as.fn));
    write_key(as.input, key);
    key += " filter ";
    write_key(as.filter, key);
  }
  key += fmt::format(" tables {} times {} zone {}\n", spec.layout.code_tables.size(), spec.layout.time_constants.size(),
                     spec.layout.uses_zone);
  out.spec = std::move(spec);
  return out;
}

}  // namespace jixiao::jit
