// The business calendars a program declares, ready for the chains (BusinessCalendar) and for
// `work_between` in expressions (WorkSchedule), indexed like plan::ProgramPlan::calendars.
#pragma once
#include <vector>

#include "compiler/plan/plan.h"
#include "runtime/calendar/calendar.h"
#include "runtime/time/time.h"

namespace jixiao::rt {

// Builds the business calendars of a program (a calendar without its own zone uses the project's).
// Throws std::runtime_error for a zone this machine does not know.
std::vector<BusinessCalendar> build_calendars(const plan::ProgramPlan& plan, const TimeZone& project_tz);

// The same, prepared for queries.
std::vector<WorkSchedule> work_schedules(const std::vector<BusinessCalendar>& calendars);
std::vector<WorkSchedule> work_schedules(const plan::ProgramPlan& plan, const TimeZone& project_tz);

}  // namespace jixiao::rt
