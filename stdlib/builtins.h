// The builtin functions: one registry of names, signatures, units and documentation, read by the
// checker (arity and types), the interpreter (by id), the language server (hover, signature help)
// and the generated reference docs.
#pragma once
#include <string_view>
#include <vector>

namespace jixiao::stdlib {

enum class BuiltinFamily : uint8_t {
  Aggregate,  // over the rows of a group; takes an optional `where` filter
  Scalar,  // per row or per value
  Series,  // over an indicator's values through time; alert conditions only
};

enum class BuiltinId : uint8_t {
  Count,
  CountDistinct,
  Sum,
  Avg,
  Min,
  Max,
  Median,
  Percentile,
  First,
  Last,
  Share,
  If,
  Coalesce,
  Abs,
  Round,
  Floor,
  Ceil,
  Least,
  Greatest,
  Lower,
  Len,
  Contains,
  ContainsAny,
  Matches,
  Hours,
  Minutes,
  Days,
  Date,
  Weekday,
  HourOf,
  WorkBetween,
  Baseline,
  Previous,
  Delta,
};

struct Builtin {
  BuiltinId id;
  std::string_view name;
  BuiltinFamily family;
  int min_args;
  int max_args;  // -1: any number
  std::string_view signature;  // as shown on hover and in signature help
  std::string_view doc;
  std::string_view example;
};

const std::vector<Builtin>& builtins();
const Builtin* find_builtin(std::string_view name);
const Builtin& builtin(BuiltinId id);

}  // namespace jixiao::stdlib
