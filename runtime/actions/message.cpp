#include "runtime/actions/message.h"

#include <fmt/format.h>

#include <cmath>

#include "compiler/source/numbers.h"
#include "runtime/eval.h"

namespace jixiao::rt {

std::string display_value(const Scalar& s, const std::string& unit, const TimeZone& tz) {
  if (!s.valid) return "-";
  switch (s.type) {
    case VType::Num:
      if (unit == "percent") return fmt::format("{:.1f}%", s.num * 100);
      return unit.empty() ? rounded_number_text(s.num) : rounded_number_text(s.num) + " " + unit;
    case VType::Dur: return format_duration(s.i64);
    case VType::Time: return format_timestamp(s.i64, tz);
    case VType::Date: return format_date(static_cast<int32_t>(s.i64));
    case VType::Bool: return s.i64 ? "true" : "false";
    case VType::Str: return s.str;
    default: return "-";
  }
}

std::string entity_text(const std::vector<std::pair<std::string, Scalar>>& entity, const TimeZone& tz,
                        TextEscape escape) {
  std::string out;
  for (auto& [name, value] : entity) {
    if (!out.empty()) out += ", ";
    std::string shown = display_value(value, "", tz);
    out += name + "=" + (escape ? escape(shown) : shown);
  }
  return out;
}

std::string alert_title(const plan::AlertPlan& ap) { return ap.label.empty() ? ap.name : ap.label; }

std::string render_message(const MessageInput& in, TextEscape escape) {
  const plan::AlertPlan& ap = in.plan->alerts[in.event->alert];
  const TimeZone& tz = *in.tz;
  auto filled = [&](const std::string& value) { return escape ? escape(value) : value; };
  auto indicator_text = [&](int i) {
    ValueRef v = in.value_of ? in.value_of(i) : ValueRef();
    return filled(v ? display_value(v.value(), in.plan->indicators[i].unit, tz) : std::string("-"));
  };
  const std::string period = filled(in.event->period.value_or("all"));
  if (ap.message_parts.empty()) {
    std::string out = alert_title(ap) + ":";
    std::string entity = entity_text(in.event->entity, tz, escape);
    if (!entity.empty()) out += " " + entity;
    if (ap.table >= 0 || ap.indicators.empty()) return out;
    if (!entity.empty()) out += ",";
    out += " period " + period;
    out += ", " + in.plan->indicators[ap.indicators[0]].name + " = " + indicator_text(ap.indicators[0]);
    return out;
  }
  std::string out;
  for (const plan::MessagePart& part : ap.message_parts) {
    switch (part.kind) {
      case plan::MessagePartKind::Text: out += part.text; break;
      case plan::MessagePartKind::Entity:
        if (static_cast<size_t>(part.index) < in.event->entity.size())
          out += filled(display_value(in.event->entity[part.index].second, "", tz));
        break;
      case plan::MessagePartKind::Indicator: out += indicator_text(part.index); break;
      case plan::MessagePartKind::Period: out += period; break;
      case plan::MessagePartKind::Column:
        if (in.event->row >= 0 && ap.table >= 0) {
          const Column& column = (*in.tables)[ap.table].columns[part.index];
          out += filled(display_value(cell_scalar(column, in.plan->tables[ap.table].columns[part.index].type,
                                                  static_cast<size_t>(in.event->row)),
                                      "", tz));
        }
        break;
    }
  }
  return out;
}

}  // namespace jixiao::rt
