// `calendar` declarations: working hours by day range, holidays and extra workdays (docs/calendars.md).
#include "compiler/check/context.h"

#include <algorithm>

namespace jixiao::check::detail {

void Context::calendar(const ast::CalendarDecl& c) {
  if (c.timezone && !known_timezone(*c.timezone)) timezone_error(*c.timezone, c.timezone_span);
  static const std::vector<std::string> days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (auto& line : c.hours) {
    for (const ast::Name* d : {&line.days.first, &line.days.last}) {
      if (!d->valid() || std::find(days.begin(), days.end(), d->text) != days.end()) continue;
      Diagnostic& diag =
          diags_.report(diag::InvalidChoice, d->span, fmt::format("`{}` is not a day (mon, tue, ... sun)", d->text));
      suggest(diag, d->text, days);
    }
    auto day_index = [&](const ast::Name& d) { return std::find(days.begin(), days.end(), d.text) - days.begin(); };
    if (line.days.last.valid() && day_index(line.days.first) < 7 && day_index(line.days.last) < 7 &&
        day_index(line.days.last) < day_index(line.days.first))
      diags_
          .report(diag::InvalidTimeRange, cover(line.days.first.span, line.days.last.span),
                  fmt::format("the day range {}-{} runs backwards", line.days.first.text, line.days.last.text))
          .notes.push_back(
              {"write the days from Monday to Sunday, one line per range: `hours fri 09:00-18:00`", Span{}});
    for (auto& r : line.ranges) {
      if (!valid_time_of_day(r.from) || !valid_time_of_day(r.to)) {
        diags_.report(diag::InvalidDate, r.span, "this time of day does not exist");
      } else if (r.to <= r.from) {
        diags_.report(diag::InvalidTimeRange, r.span,
                      fmt::format("working hours end at {} before they start at {}", r.to, r.from));
      }
    }
  }
  auto dates = [&](const std::vector<ast::DateRange>& ranges) {
    for (auto& r : ranges) {
      if (!valid_date(r.first) || (!r.last.empty() && !valid_date(r.last))) {
        diags_.report(diag::InvalidDate, r.span, "this date does not exist");
      } else if (!r.last.empty() && r.last < r.first) {
        diags_.report(diag::InvalidTimeRange, r.span,
                      fmt::format("the range ends on {} before it starts on {}", r.last, r.first));
      }
    }
  };
  dates(c.holidays);
  dates(c.workdays);
}

}  // namespace jixiao::check::detail
