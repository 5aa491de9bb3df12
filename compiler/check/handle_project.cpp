// The `project` declaration: the one per project, its time zone, week start and default calendar.
#include "compiler/check/context.h"

#include <algorithm>

namespace jixiao::check::detail {

void Context::project() {
  const ast::ProjectDecl* first = nullptr;
  for (auto& f : p_.files) {
    for (auto& pr : f.projects) {
      if (first) {
        diags_.report(diag::DuplicateProject, pr.h.keyword, "a project has only one `project` declaration")
            .notes.push_back({"the first one is here", first->h.keyword});
        continue;
      }
      first = &pr;
      if (pr.timezone) {
        if (known_timezone(*pr.timezone))
          p_.timezone = *pr.timezone;
        else
          timezone_error(*pr.timezone, pr.timezone_span);
      }
      if (pr.week.valid()) {
        static const std::vector<std::string> days = {"monday", "tuesday",  "wednesday", "thursday",
                                                      "friday", "saturday", "sunday"};
        auto it = std::find(days.begin(), days.end(), pr.week.text);
        if (it == days.end()) {
          Diagnostic& d = diags_.report(diag::InvalidChoice, pr.week.span,
                                        fmt::format("`{}` is not a day of the week", pr.week.text));
          suggest(d, pr.week.text, days);
        } else {
          p_.week_start = static_cast<int>(it - days.begin());
        }
      }
      require_ref(pr.calendar, ast::DeclKind::Calendar);
      if (pr.calendar.valid()) p_.default_calendar = pr.calendar.text;
    }
  }
}

void Context::timezone_error(const std::string& tz, Span span) {
  if (holds_syntax_error(span)) return;  // a bad escape in the name was reported already
  diags_.report(diag::UnknownTimezone, span, fmt::format("unknown time zone `{}`", tz))
      .notes.push_back({"use an IANA name such as \"Asia/Shanghai\", \"Europe/Berlin\" or \"UTC\"", Span{}});
}

}  // namespace jixiao::check::detail
