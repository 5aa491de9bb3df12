#include "runtime/program_calendars.h"

#include <stdexcept>

#include "base/errors.h"

namespace jixiao::rt {

std::vector<BusinessCalendar> build_calendars(const plan::ProgramPlan& plan, const TimeZone& project_tz) {
  std::vector<BusinessCalendar> out;
  for (const auto& c : plan.calendars) {
    BusinessCalendar bc;
    bc.tz = project_tz;
    if (!c.timezone.empty()) {
      auto tz = TimeZone::find(c.timezone);
      if (!tz)
        throw UserError(
            "calendar `" + c.name + "`: the time zone " + c.timezone + " is not in this machine's tz database", 1);
      bc.tz = *tz;
    }
    for (auto& h : c.hours) bc.hours.push_back(WorkingHours{h.weekday, h.from_minute, h.to_minute});
    for (auto& [first, last] : c.holidays) {
      auto a = parse_date(first), b = parse_date(last);
      if (a && b) bc.holidays.emplace_back(*a, *b);
    }
    for (auto& w : c.workdays)
      if (auto d = parse_date(w)) bc.makeup_workdays.push_back(*d);
    out.push_back(std::move(bc));
  }
  return out;
}

std::vector<WorkSchedule> work_schedules(const std::vector<BusinessCalendar>& calendars) {
  std::vector<WorkSchedule> out;
  out.reserve(calendars.size());
  for (const BusinessCalendar& c : calendars) out.emplace_back(c);
  return out;
}

std::vector<WorkSchedule> work_schedules(const plan::ProgramPlan& plan, const TimeZone& project_tz) {
  return work_schedules(build_calendars(plan, project_tz));
}

}  // namespace jixiao::rt
