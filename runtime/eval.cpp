#include "runtime/eval.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "base/errors.h"
#include "stdlib/time_range.h"

namespace jixiao::rt {

using plan::PlanNode;
using plan::PlanOp;
using stdlib::BuiltinId;

void Vec::resize(size_t n, VType t) {
  type = t;
  valid.assign(n, 0);
  f64.clear();
  i64.clear();
  str.clear();
  switch (t) {
    case VType::Num: f64.assign(n, 0); break;
    case VType::Str: str.assign(n, {}); break;
    case VType::Null:
    case VType::List: break;
    default: i64.assign(n, 0);
  }
}

void read_column(const Column& col, VType type, size_t begin, size_t n, Vec& out) {
  out.resize(n, type);
  std::copy_n(col.valid.begin() + begin, n, out.valid.begin());
  switch (col.kind) {
    case ColumnKind::Number: std::copy_n(col.f64.begin() + begin, n, out.f64.begin()); break;
    case ColumnKind::Int:
      // Ints are numbers in the language.
      for (size_t k = 0; k < n; ++k) out.f64[k] = static_cast<double>(col.i64[begin + k]);
      break;
    case ColumnKind::String:
    case ColumnKind::Enum:
      for (size_t k = 0; k < n; ++k)
        if (out.valid[k]) out.str[k] = col.dict()[col.codes[begin + k]];
      break;
    default: std::copy_n(col.i64.begin() + begin, n, out.i64.begin());
  }
}

EventTimes::EventTimes(const Table& t, int time_column, const TimeZone& tz) {
  if (time_column < 0) return;
  const Column& c = t.columns[static_cast<size_t>(time_column)];
  column_ = &c;
  if (c.kind != ColumnKind::Date) return;
  converted_.kind = ColumnKind::Timestamp;
  converted_.valid = c.valid;
  converted_.i64.resize(c.i64.size());
  for (size_t r = 0; r < c.i64.size(); ++r)
    converted_.i64[r] = c.valid[r] ? tz.from_local(c.i64[r] * kMicrosPerDay) : 0;
  column_ = &converted_;
}

void TableLeaves::column(int index, size_t begin, size_t n, Vec& out) {
  read_column(t_.columns[index], tp_.columns[index].type, begin, n, out);
}

void select_true(const Vec& cond, std::vector<uint32_t>& selection) {
  selection.clear();
  for (size_t k = 0; k < cond.size(); ++k)
    if (cond.valid[k] && cond.i64[k]) selection.push_back(static_cast<uint32_t>(k));
}

namespace {

class Evaluator {
 public:
  Evaluator(const plan::ExprPlan& plan, LeafSource& leaves, size_t begin, size_t n, const EvalContext& ctx)
      : plan_(plan), leaves_(leaves), begin_(begin), n_(n), ctx_(ctx), scratch_(plan.nodes.size()) {}

  void run(Vec& out) {
    eval(plan_.root);
    out = std::move(scratch_[plan_.root]);
  }

 private:
  Vec& eval(int id) {
    const PlanNode& node = plan_.nodes[id];
    Vec& out = scratch_[id];
    for (int a : node.args) eval(a);
    switch (node.op) {
      case PlanOp::Const: constant(node, out); break;
      case PlanOp::Column: leaves_.column(node.index, begin_, n_, out); break;
      case PlanOp::AggResult: leaves_.aggregate(node.index, begin_, n_, out); break;
      case PlanOp::Indicator: leaves_.indicator(node.index, begin_, n_, out); break;
      case PlanOp::Previous:
      case PlanOp::Baseline:
      case PlanOp::MissesTarget: leaves_.series(node, begin_, n_, out); break;
      case PlanOp::Neg: negate(scratch_[node.args[0]], out); break;
      case PlanOp::Not: {
        const Vec& a = scratch_[node.args[0]];
        out.resize(n_, VType::Bool);
        for (size_t k = 0; k < n_; ++k) {
          out.valid[k] = a.valid[k];
          out.i64[k] = a.valid[k] ? !a.i64[k] : 0;
        }
        break;
      }
      case PlanOp::Add:
      case PlanOp::Sub:
      case PlanOp::Mul:
      case PlanOp::Div: arith(node.op, scratch_[node.args[0]], scratch_[node.args[1]], out); break;
      case PlanOp::Eq:
      case PlanOp::Ne:
      case PlanOp::Lt:
      case PlanOp::Le:
      case PlanOp::Gt:
      case PlanOp::Ge: compare(node.op, scratch_[node.args[0]], scratch_[node.args[1]], out); break;
      case PlanOp::And:
      case PlanOp::Or: logic(node.op == PlanOp::And, scratch_[node.args[0]], scratch_[node.args[1]], out); break;
      case PlanOp::In:
      case PlanOp::NotIn:
        in_list(node.op == PlanOp::NotIn, scratch_[node.args[0]], plan_.nodes[node.args[1]], out);
        break;
      case PlanOp::IsNull:
      case PlanOp::IsNotNull: {
        const Vec& a = scratch_[node.args[0]];
        out.resize(n_, VType::Bool);
        bool want_null = node.op == PlanOp::IsNull;
        for (size_t k = 0; k < n_; ++k) {
          out.valid[k] = 1;
          out.i64[k] = (a.valid[k] == 0) == want_null;
        }
        break;
      }
      case PlanOp::Deviates: {
        const Vec &x = scratch_[node.args[0]], &pct = scratch_[node.args[1]], &b = scratch_[node.args[2]];
        out.resize(n_, VType::Bool);
        for (size_t k = 0; k < n_; ++k) {
          if (!x.valid[k] || !pct.valid[k] || !b.valid[k]) continue;
          out.valid[k] = 1;
          out.i64[k] = std::abs(num(x, k) - num(b, k)) > num(pct, k) * std::abs(num(b, k));
        }
        break;
      }
      case PlanOp::Call: call(node, out); break;
    }
    return out;
  }

  static double num(const Vec& v, size_t k) { return v.type == VType::Num ? v.f64[k] : static_cast<double>(v.i64[k]); }

  void constant(const PlanNode& node, Vec& out) {
    out.resize(n_, node.type == VType::List ? VType::Null : node.type);
    if (node.type == VType::Null || node.type == VType::List) return;
    std::fill(out.valid.begin(), out.valid.end(), 1);
    switch (node.type) {
      case VType::Num: std::fill(out.f64.begin(), out.f64.end(), node.num); break;
      case VType::Str: std::fill(out.str.begin(), out.str.end(), std::string_view(node.str)); break;
      case VType::Time: {
        auto t = parse_timestamp(node.str, *ctx_.tz);
        JX_CHECK(t, "bad timestamp literal " + node.str);
        std::fill(out.i64.begin(), out.i64.end(), *t);
        break;
      }
      case VType::Date: {
        auto d = parse_date(node.str);
        JX_CHECK(d, "bad date literal " + node.str);
        std::fill(out.i64.begin(), out.i64.end(), *d);
        break;
      }
      default: std::fill(out.i64.begin(), out.i64.end(), node.i64);
    }
  }

  void negate(const Vec& a, Vec& out) {
    out.resize(n_, a.type);
    out.valid = a.valid;
    if (a.type == VType::Num)
      for (size_t k = 0; k < n_; ++k) out.f64[k] = -a.f64[k];
    else if (a.type != VType::Null)
      for (size_t k = 0; k < n_; ++k) out.i64[k] = -a.i64[k];
  }

  void arith(PlanOp op, const Vec& a, const Vec& b, Vec& out) {
    VType ta = a.type, tb = b.type;
    if (ta == VType::Null || tb == VType::Null) {
      out.resize(n_, VType::Null);
      return;
    }
    if (ta == VType::Num && tb == VType::Num) {
      out.resize(n_, VType::Num);
      for (size_t k = 0; k < n_; ++k) {
        if (!a.valid[k] || !b.valid[k]) continue;
        double x = a.f64[k], y = b.f64[k], r;
        switch (op) {
          case PlanOp::Add: r = x + y; break;
          case PlanOp::Sub: r = x - y; break;
          case PlanOp::Mul: r = x * y; break;
          default:
            if (y == 0) continue;  // division by zero gives null (docs/language-reference.md)
            r = x / y;
        }
        out.valid[k] = 1;
        out.f64[k] = r;
      }
      return;
    }
    // Durations, timestamps and dates.
    VType rt = VType::Dur;
    if (ta == VType::Time && tb == VType::Dur)
      rt = VType::Time;
    else if (ta == VType::Dur && tb == VType::Dur && op == PlanOp::Div)
      rt = VType::Num;
    out.resize(n_, rt);
    for (size_t k = 0; k < n_; ++k) {
      if (!a.valid[k] || !b.valid[k]) continue;
      double x = num(a, k), y = num(b, k);
      double r;
      switch (op) {
        case PlanOp::Add: r = x + y; break;
        case PlanOp::Sub: r = x - y; break;
        case PlanOp::Mul: r = x * y; break;
        default:
          if (y == 0) continue;
          r = x / y;
      }
      if (rt == VType::Num) {
        out.f64[k] = r;
      } else {
        if (!stdlib::time_in_range(r)) continue;  // beyond the language's time range: null
        out.i64[k] = static_cast<int64_t>(std::llround(r));
      }
      out.valid[k] = 1;
    }
  }

  void compare(PlanOp op, const Vec& a, const Vec& b, Vec& out) {
    out.resize(n_, VType::Bool);
    if (a.type == VType::Null || b.type == VType::Null) return;
    auto set = [&](size_t k, int c) {
      bool r = false;
      switch (op) {
        case PlanOp::Eq: r = c == 0; break;
        case PlanOp::Ne: r = c != 0; break;
        case PlanOp::Lt: r = c < 0; break;
        case PlanOp::Le: r = c <= 0; break;
        case PlanOp::Gt: r = c > 0; break;
        default: r = c >= 0;
      }
      out.valid[k] = 1;
      out.i64[k] = r;
    };
    if (a.type == VType::Str || b.type == VType::Str) {
      if (a.type != b.type) return;  // text against a non-text value: unknown
      for (size_t k = 0; k < n_; ++k)
        if (a.valid[k] && b.valid[k]) set(k, a.str[k].compare(b.str[k]));
      return;
    }
    if (a.type == VType::Num || b.type == VType::Num) {
      for (size_t k = 0; k < n_; ++k) {
        if (!a.valid[k] || !b.valid[k]) continue;
        double x = num(a, k), y = num(b, k);
        set(k, x < y ? -1 : x > y ? 1 : 0);
      }
      return;
    }
    // int-typed values; a date compared with a timestamp is taken at local midnight
    for (size_t k = 0; k < n_; ++k) {
      if (!a.valid[k] || !b.valid[k]) continue;
      int64_t x = a.i64[k], y = b.i64[k];
      if (a.type == VType::Date && b.type == VType::Time) x = ctx_.tz->from_local(x * kMicrosPerDay);
      if (a.type == VType::Time && b.type == VType::Date) y = ctx_.tz->from_local(y * kMicrosPerDay);
      set(k, x < y ? -1 : x > y ? 1 : 0);
    }
  }

  void logic(bool is_and, const Vec& a, const Vec& b, Vec& out) {
    out.resize(n_, VType::Bool);
    for (size_t k = 0; k < n_; ++k) {
      bool av = a.valid[k], bv = b.valid[k];
      bool at = av && a.i64[k], bt = bv && b.i64[k];
      bool af = av && !a.i64[k], bf = bv && !b.i64[k];
      if (is_and) {
        if (af || bf) {
          out.valid[k] = 1;
          out.i64[k] = 0;
        } else if (at && bt) {
          out.valid[k] = 1;
          out.i64[k] = 1;
        }
      } else {
        if (at || bt) {
          out.valid[k] = 1;
          out.i64[k] = 1;
        } else if (af && bf) {
          out.valid[k] = 1;
          out.i64[k] = 0;
        }
      }
    }
  }

  void in_list(bool negated, const Vec& a, const PlanNode& list, Vec& out) {
    out.resize(n_, VType::Bool);
    for (size_t k = 0; k < n_; ++k) {
      if (!a.valid[k]) continue;
      bool found = false;
      if (a.type == VType::Str)
        found = std::find(list.list.begin(), list.list.end(), a.str[k]) != list.list.end();
      else
        found = std::find(list.num_list.begin(), list.num_list.end(), num(a, k)) != list.num_list.end();
      out.valid[k] = 1;
      out.i64[k] = found != negated;
    }
  }

  const Vec& arg(const PlanNode& node, size_t i) { return scratch_[node.args[i]]; }

  std::string_view keep(std::string s) {
    ctx_.arena->push_back(std::move(s));
    return ctx_.arena->back();
  }

  void call(const PlanNode& node, Vec& out) {
    switch (node.fn) {
      case BuiltinId::If: {
        const Vec &c = arg(node, 0), &x = arg(node, 1), &y = arg(node, 2);
        VType t = x.type == VType::Null ? y.type : x.type;
        out.resize(n_, t);
        for (size_t k = 0; k < n_; ++k) {
          const Vec& src = c.valid[k] && c.i64[k] ? x : y;
          copy_value(src, k, out, k);
        }
        return;
      }
      case BuiltinId::Coalesce:
      case BuiltinId::Least:
      case BuiltinId::Greatest: {
        VType t = VType::Null;
        for (size_t i = 0; i < node.args.size() && t == VType::Null; ++i) t = arg(node, i).type;
        out.resize(n_, t);
        for (size_t k = 0; k < n_; ++k) {
          for (size_t i = 0; i < node.args.size(); ++i) {
            const Vec& v = arg(node, i);
            if (v.type == VType::Null || !v.valid[k]) continue;
            if (node.fn == BuiltinId::Coalesce) {
              copy_value(v, k, out, k);
              break;
            }
            bool better = !out.valid[k] || (node.fn == BuiltinId::Least ? less(v, k, out, k) : less(out, k, v, k));
            if (better) copy_value(v, k, out, k);
          }
        }
        return;
      }
      case BuiltinId::Abs:
      case BuiltinId::Floor:
      case BuiltinId::Ceil:
      case BuiltinId::Round: {
        const Vec& x = arg(node, 0);
        out.resize(n_, x.type);
        double scale = 1;
        for (size_t k = 0; k < n_; ++k) {
          if (!x.valid[k]) continue;
          if (node.fn == BuiltinId::Round && node.args.size() > 1) {
            const Vec& d = arg(node, 1);
            if (!d.valid[k]) continue;
            scale = std::pow(10.0, num(d, k));
          }
          double v = num(x, k), r;
          switch (node.fn) {
            case BuiltinId::Abs: r = std::abs(v); break;
            case BuiltinId::Floor: r = std::floor(v); break;
            case BuiltinId::Ceil: r = std::ceil(v); break;
            default: r = std::round(v * scale) / scale;  // std::round: half away from zero
          }
          if (x.type == VType::Num) {
            out.f64[k] = r;
          } else {
            if (!stdlib::time_in_range(r)) continue;  // beyond the language's time range: null
            out.i64[k] = static_cast<int64_t>(r);
          }
          out.valid[k] = 1;
        }
        return;
      }
      case BuiltinId::Lower: {
        const Vec& s = arg(node, 0);
        out.resize(n_, VType::Str);
        for (size_t k = 0; k < n_; ++k) {
          if (!s.valid[k]) continue;
          std::string v(s.str[k]);
          for (char& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          out.valid[k] = 1;
          out.str[k] = keep(std::move(v));
        }
        return;
      }
      case BuiltinId::Len: {
        const Vec& s = arg(node, 0);
        out.resize(n_, VType::Num);
        for (size_t k = 0; k < n_; ++k) {
          if (!s.valid[k]) continue;
          size_t len = 0;
          for (unsigned char ch : s.str[k]) len += (ch & 0xC0) != 0x80;
          out.valid[k] = 1;
          out.f64[k] = static_cast<double>(len);
        }
        return;
      }
      case BuiltinId::Contains:
      case BuiltinId::Matches: {
        const Vec &s = arg(node, 0), &t = arg(node, 1);
        out.resize(n_, VType::Bool);
        for (size_t k = 0; k < n_; ++k) {
          if (!s.valid[k] || !t.valid[k]) continue;
          out.valid[k] = 1;
          if (node.fn == BuiltinId::Contains) {
            out.i64[k] = s.str[k].find(t.str[k]) != std::string_view::npos;
          } else {
            const RE2& re = regex(t.str[k]);
            out.i64[k] = RE2::PartialMatch(re2::StringPiece(s.str[k].data(), s.str[k].size()), re);
          }
        }
        return;
      }
      case BuiltinId::ContainsAny: {
        const Vec& s = arg(node, 0);
        const PlanNode& list = plan_.nodes[node.args[1]];
        out.resize(n_, VType::Bool);
        for (size_t k = 0; k < n_; ++k) {
          if (!s.valid[k]) continue;
          out.valid[k] = 1;
          out.i64[k] = std::any_of(list.list.begin(), list.list.end(),
                                   [&](const std::string& t) { return s.str[k].find(t) != std::string_view::npos; });
        }
        return;
      }
      case BuiltinId::Hours:
      case BuiltinId::Minutes:
      case BuiltinId::Days: {
        const Vec& d = arg(node, 0);
        double unit = node.fn == BuiltinId::Hours     ? kMicrosPerHour
                      : node.fn == BuiltinId::Minutes ? kMicrosPerMinute
                                                      : kMicrosPerDay;
        out.resize(n_, VType::Num);
        for (size_t k = 0; k < n_; ++k) {
          if (!d.valid[k]) continue;
          out.valid[k] = 1;
          out.f64[k] = static_cast<double>(d.i64[k]) / unit;
        }
        return;
      }
      case BuiltinId::Date:
      case BuiltinId::Weekday:
      case BuiltinId::HourOf: {
        const Vec& t = arg(node, 0);
        out.resize(n_, node.fn == BuiltinId::Date ? VType::Date : VType::Num);
        for (size_t k = 0; k < n_; ++k) {
          if (!t.valid[k]) continue;
          int64_t local = t.type == VType::Date ? t.i64[k] * kMicrosPerDay : ctx_.tz->to_local(t.i64[k]);
          int64_t day = local >= 0 ? local / kMicrosPerDay : (local - kMicrosPerDay + 1) / kMicrosPerDay;
          out.valid[k] = 1;
          if (node.fn == BuiltinId::Date)
            out.i64[k] = day;
          else if (node.fn == BuiltinId::Weekday)
            out.f64[k] = weekday_of(static_cast<int32_t>(day)) + 1;
          else
            // NOLINTNEXTLINE(bugprone-integer-division): whole hours
            out.f64[k] = static_cast<double>((local - day * kMicrosPerDay) / kMicrosPerHour);
        }
        return;
      }
      case BuiltinId::WorkBetween: {
        // Working time in [t1, t2) under the node's calendar; without one, clock time (0 when t2 <= t1).
        const Vec &a = arg(node, 0), &b = arg(node, 1);
        const WorkSchedule* cal = nullptr;
        if (node.index >= 0) {
          if (!ctx_.calendars || size_t(node.index) >= ctx_.calendars->size())
            JX_UNREACHABLE("work_between evaluated without the program's calendars");
          cal = &(*ctx_.calendars)[size_t(node.index)];
        }
        out.resize(n_, VType::Dur);
        for (size_t k = 0; k < n_; ++k) {
          if (!a.valid[k] || !b.valid[k]) continue;
          const Micros w =
              cal ? cal->working_time_between(a.i64[k], b.i64[k]) : std::max<Micros>(0, b.i64[k] - a.i64[k]);
          if (!stdlib::time_in_range(w)) continue;  // instants near both ends of the range
          out.valid[k] = 1;
          out.i64[k] = w;
        }
        return;
      }
      default:
        JX_UNREACHABLE("the interpreter does not implement `" + std::string(stdlib::builtin(node.fn).name) + "`");
    }
  }

  static bool less(const Vec& a, size_t i, const Vec& b, size_t j) {
    if (a.type == VType::Str) return a.str[i] < b.str[j];
    return num(a, i) < num(b, j);
  }

  static void copy_value(const Vec& src, size_t i, Vec& dst, size_t j) {
    if (src.type == VType::Null || !src.valid[i] || src.type != dst.type) {
      dst.valid[j] = 0;
      return;
    }
    dst.valid[j] = 1;
    if (src.type == VType::Num)
      dst.f64[j] = src.f64[i];
    else if (src.type == VType::Str)
      dst.str[j] = src.str[i];
    else
      dst.i64[j] = src.i64[i];
  }

  const RE2& regex(std::string_view pattern) {
    std::string key(pattern);
    auto it = regexes_.find(key);
    if (it == regexes_.end()) it = regexes_.emplace(key, std::make_unique<RE2>(key, RE2::Quiet)).first;
    return *it->second;
  }

  const plan::ExprPlan& plan_;
  LeafSource& leaves_;
  size_t begin_, n_;
  const EvalContext& ctx_;
  std::vector<Vec> scratch_;
  std::unordered_map<std::string, std::unique_ptr<RE2>> regexes_;
};

}  // namespace

void evaluate(const plan::ExprPlan& plan, LeafSource& leaves, size_t begin, size_t n, const EvalContext& ctx,
              Vec& out) {
  if (plan.empty()) {
    out.resize(n, VType::Null);
    return;
  }
  Evaluator(plan, leaves, begin, n, ctx).run(out);
}

}  // namespace jixiao::rt
