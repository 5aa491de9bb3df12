#include "stdlib/builtins.h"

namespace jixiao::stdlib {

namespace {
using F = BuiltinFamily;
using B = BuiltinId;
}  // namespace

const std::vector<Builtin>& builtins() {
  static const std::vector<Builtin> all = {
      // aggregates
      {B::Count, "count", F::Aggregate, 0, 1, "count([x] [where p]) -> number",
       "Number of rows in the group; with `x`, of rows where x is not null; with `where`, of rows where p holds.",
       "count(where result == NG)"},
      {B::CountDistinct, "count_distinct", F::Aggregate, 1, 1, "count_distinct(x [where p]) -> number",
       "Number of distinct non-null values of x.", "count_distinct(inspector)"},
      {B::Sum, "sum", F::Aggregate, 1, 1, "sum(x [where p]) -> unit of x",
       "Sum of the non-null values of x; null when there are none.", "sum(amount where status == paid)"},
      {B::Avg, "avg", F::Aggregate, 1, 1, "avg(x [where p]) -> unit of x",
       "Mean of the non-null values of x; null when there are none. The mean of durations is a duration.",
       "avg(weight)"},
      {B::Min, "min", F::Aggregate, 1, 1, "min(x [where p]) -> unit of x", "Smallest non-null value of x.",
       "min(temperature)"},
      {B::Max, "max", F::Aggregate, 1, 1, "max(x [where p]) -> unit of x", "Largest non-null value of x.",
       "max(temperature)"},
      {B::Median, "median", F::Aggregate, 1, 1, "median(x [where p]) -> unit of x",
       "percentile(x, 0.5): the middle value, interpolated linearly.", "median(duration)"},
      {B::Percentile, "percentile", F::Aggregate, 2, 2, "percentile(x, q [where p]) -> unit of x",
       "The q-quantile of the non-null values of x, interpolated linearly as SQL's percentile_cont.",
       "percentile(elapsed, 0.9)"},
      {B::First, "first", F::Aggregate, 1, 1, "first(x [where p]) -> type of x",
       "The non-null x of the earliest row by event time; ties go to the row read first.", "first(status)"},
      {B::Last, "last", F::Aggregate, 1, 1, "last(x [where p]) -> type of x",
       "The non-null x of the latest row by event time; ties go to the row read first.", "last(status)"},
      {B::Share, "share", F::Aggregate, 1, 1, "share(p) -> percent",
       "count(where p) / count(): the share of rows for which p holds.", "share(status == on_time)"},
      // scalars
      {B::If, "if", F::Scalar, 3, 3, "if(c, a, b)", "a when c is true, else b (also when c is null).",
       "if(amount > 0, 1, 0)"},
      {B::Coalesce, "coalesce", F::Scalar, 2, -1, "coalesce(a, b, ...)", "The first argument that is not null.",
       "coalesce(quality_yield, 100%)"},
      {B::Abs, "abs", F::Scalar, 1, 1, "abs(x)", "Absolute value.", "abs(delta(oee))"},
      {B::Round, "round", F::Scalar, 1, 2, "round(x [, n])",
       "x rounded to n decimals (default 0), half away from zero.", "round(avg(score), 1)"},
      {B::Floor, "floor", F::Scalar, 1, 1, "floor(x)", "Largest integer not above x.", "floor(hours(d))"},
      {B::Ceil, "ceil", F::Scalar, 1, 1, "ceil(x)", "Smallest integer not below x.", "ceil(days(d))"},
      {B::Least, "least", F::Scalar, 2, -1, "least(a, b, ...)", "The smallest non-null argument.", "least(a, b)"},
      {B::Greatest, "greatest", F::Scalar, 2, -1, "greatest(a, b, ...)", "The largest non-null argument.",
       "greatest(a, 0)"},
      {B::Lower, "lower", F::Scalar, 1, 1, "lower(s)", "s in lower case (ASCII letters).", "lower(channel) == \"web\""},
      {B::Len, "len", F::Scalar, 1, 1, "len(s)", "Length of s in characters (code points).", "len(comment) > 200"},
      {B::Contains, "contains", F::Scalar, 2, 2, "contains(s, t)", "Whether s contains the text t.",
       "contains(remark, \"退款\")"},
      {B::ContainsAny, "contains_any", F::Scalar, 2, 2, "contains_any(s, [t1, t2, ...])",
       "Whether s contains any of the texts.", "contains_any(remark, [\"投诉\", \"退款\"])"},
      {B::Matches, "matches", F::Scalar, 2, 2, "matches(s, \"regex\")",
       "Whether s matches the regular expression (RE2 syntax) anywhere.", "matches(remark, \"T[0-9]{6}\")"},
      {B::Hours, "hours", F::Scalar, 1, 1, "hours(d) -> number", "A duration in hours, as a number.", "hours(elapsed)"},
      {B::Minutes, "minutes", F::Scalar, 1, 1, "minutes(d) -> number", "A duration in minutes, as a number.",
       "sum(minutes(downtime))"},
      {B::Days, "days", F::Scalar, 1, 1, "days(d) -> number", "A duration in days (24 h), as a number.",
       "days(elapsed)"},
      {B::Date, "date", F::Scalar, 1, 1, "date(t) -> date", "The date of a timestamp in the project time zone.",
       "date(created_at)"},
      {B::Weekday, "weekday", F::Scalar, 1, 1, "weekday(t) -> number",
       "Day of the week of a timestamp in the project time zone: 1 = Monday ... 7 = Sunday.",
       "weekday(created_at) >= 6"},
      {B::HourOf, "hour_of", F::Scalar, 1, 1, "hour_of(t) -> number",
       "Hour of the day (0-23) in the project time zone.", "hour_of(created_at) < 9"},
      {B::WorkBetween, "work_between", F::Scalar, 2, 3, "work_between(t1, t2 [, calendar]) -> duration",
       "Working time in [t1, t2) in the project calendar (or the given one); clock time without a calendar, 0 when t2 "
       "<= t1.",
       "work_between(created_at, closed_at)"},
      // series (alert conditions over indicator values)
      {B::Baseline, "baseline", F::Series, 2, 3, "baseline(x, window [, mean|median|min|max])",
       "The statistic of x's ok values for the same entity over the periods starting in [start - window, start); "
       "null when there are none.",
       "baseline(oee, 3 months)"},
      {B::Previous, "previous", F::Series, 1, 2, "previous(x [, n])",
       "The value n periods earlier (default 1); null when that period has no value.", "previous(on_time_rate)"},
      {B::Delta, "delta", F::Series, 1, 1, "delta(x)", "x - previous(x).", "delta(on_time_rate) < 0"},
  };
  return all;
}

const Builtin* find_builtin(std::string_view name) {
  for (const auto& b : builtins())
    if (b.name == name) return &b;
  return nullptr;
}

const Builtin& builtin(BuiltinId id) { return builtins()[static_cast<size_t>(id)]; }

}  // namespace jixiao::stdlib
