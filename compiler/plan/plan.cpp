#include "compiler/plan/plan.h"

namespace jixiao::plan {

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

}  // namespace jixiao::plan
