#include "stdlib/grain.h"

namespace jixiao::stdlib {

std::optional<Grain> parse_grain(std::string_view word) {
  struct Entry {
    std::string_view singular, plural;
    Grain grain;
  };
  static constexpr Entry kGrains[] = {
      {"hour", "hours", Grain::Hour},          {"day", "days", Grain::Day},
      {"week", "weeks", Grain::Week},          {"month", "months", Grain::Month},
      {"quarter", "quarters", Grain::Quarter}, {"year", "years", Grain::Year},
  };
  for (const Entry& e : kGrains) {
    if (word == e.singular || word == e.plural) return e.grain;
  }
  return std::nullopt;
}

const char* grain_name(Grain g) {
  switch (g) {
    case Grain::All: return "all";
    case Grain::Hour: return "hour";
    case Grain::Day: return "day";
    case Grain::Week: return "week";
    case Grain::Month: return "month";
    case Grain::Quarter: return "quarter";
    case Grain::Year: return "year";
  }
  return "all";
}

}  // namespace jixiao::stdlib
