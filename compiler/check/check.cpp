#include "compiler/check/context.h"

#include <algorithm>
#include <filesystem>
#include <functional>

namespace jixiao::check {

std::string type_name(const Type& t) {
  switch (t.kind) {
    case TypeKind::Error: return "unknown";
    case TypeKind::Null: return "null";
    case TypeKind::Bool: return "bool";
    case TypeKind::Number: return t.unit.empty() ? "number" : (t.unit == "percent" ? "percent" : "number in " + t.unit);
    case TypeKind::String: return "string";
    case TypeKind::Enum: return "enum";
    case TypeKind::Timestamp: return "timestamp";
    case TypeKind::Date: return "date";
    case TypeKind::Duration: return "duration";
    case TypeKind::TimeOfDay: return "time of day";
    case TypeKind::PeriodSpan: return "period span";
    case TypeKind::List: return "list";
  }
  return "unknown";
}

std::vector<TemplatePiece> parse_message_template(std::string_view text) {
  std::vector<TemplatePiece> out;
  auto literal = [&](size_t at, std::string_view piece, size_t length) {
    if (out.empty() || out.back().placeholder) out.push_back(TemplatePiece{false, true, "", at, 0});
    out.back().text += piece;
    out.back().length += length;
  };
  size_t k = 0;
  while (k < text.size()) {
    char c = text[k];
    if ((c == '{' || c == '}') && k + 1 < text.size() && text[k + 1] == c) {
      literal(k, text.substr(k, 1), 2);
      k += 2;
    } else if (c == '{') {
      size_t close = text.find('}', k + 1);
      TemplatePiece p;
      p.placeholder = true;
      p.closed = close != std::string_view::npos;
      size_t end = p.closed ? close : text.size();
      std::string_view name = text.substr(k + 1, end - k - 1);
      while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
      while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
      p.text = std::string(name);
      p.offset = k;
      p.length = (p.closed ? close + 1 : end) - k;
      out.push_back(std::move(p));
      k += out.back().length;
    } else {
      literal(k, text.substr(k, 1), 1);
      ++k;
    }
  }
  return out;
}

int TableInfo::find(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == column) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> TableInfo::column_names() const {
  std::vector<std::string> out;
  for (auto& c : columns) out.push_back(c.name);
  return out;
}

std::optional<Grain> parse_grain(std::string_view w) {
  if (w == "hour" || w == "hours") return Grain::Hour;
  if (w == "day" || w == "days") return Grain::Day;
  if (w == "week" || w == "weeks") return Grain::Week;
  if (w == "month" || w == "months") return Grain::Month;
  if (w == "quarter" || w == "quarters") return Grain::Quarter;
  if (w == "year" || w == "years") return Grain::Year;
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

int Program::find_table(std::string_view name) const {
  for (size_t i = 0; i < tables.size(); ++i)
    if (tables[i].name == name) return static_cast<int>(i);
  return -1;
}

int Program::find_indicator(std::string_view name) const {
  for (size_t i = 0; i < indicators.size(); ++i)
    if (indicators[i].name == name) return static_cast<int>(i);
  return -1;
}

namespace detail {

bool valid_date(std::string_view s) {
  if (s.size() < 10) return false;
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
      d = std::stoi(std::string(s.substr(8, 2)));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool valid_timestamp(std::string_view s) {
  if (!valid_date(s)) return false;
  if (s.size() < 16) return false;
  int h = std::stoi(std::string(s.substr(11, 2))), mi = std::stoi(std::string(s.substr(14, 2)));
  if (h > 23 || mi > 59) return false;
  if (s.size() >= 19 && s[16] == ':' && std::stoi(std::string(s.substr(17, 2))) > 59) return false;
  return true;
}

bool valid_time_of_day(std::string_view s) {
  int h = std::stoi(std::string(s.substr(0, 2))), m = std::stoi(std::string(s.substr(3, 2)));
  return (h < 24 && m < 60) || (h == 24 && m == 0);
}

bool known_timezone(const std::string& tz) {
  if (tz == "UTC" || tz == "Etc/UTC") return true;
  if (tz.empty() || tz.find("..") != std::string::npos || tz[0] == '/') return false;
  std::error_code ec;
  return std::filesystem::is_regular_file("/usr/share/zoneinfo/" + tz, ec);
}

Context::Context(const SourceSet& sources, std::vector<ast::File> files, DiagnosticSink& diags) : diags_(diags) {
  p_.sources = &sources;
  p_.files = std::move(files);
  for (auto& f : p_.files) p_.info.emplace_back(f.exprs.size());
  // What the sink holds now was reported by the syntax layer. A declaration or expression holding a
  // syntax error was cut short by error recovery: checking it would only echo that error.
  syntax_errors_.resize(p_.files.size());
  for (auto& d : diags_.all())
    if (d.is_error() && d.span.valid() && d.span.file < syntax_errors_.size()) syntax_errors_[d.span.file].push_back(d.span.begin);
  for (auto& offsets : syntax_errors_) std::sort(offsets.begin(), offsets.end());
}

Program Context::run() {
  collect_names();
  project();
  for (auto& f : p_.files)
    for (auto& s : f.sources) source(f, s);
  for (auto& f : p_.files)
    for (auto& c : f.calendars) calendar(c);
  for (auto& f : p_.files)
    for (auto& c : f.channels) channel(c);
  for (auto& f : p_.files)
    for (auto& c : f.chains) chain(f, c);
  indicators();
  for (auto& f : p_.files)
    for (auto& a : f.alerts) alert(f, a);
  for (auto& f : p_.files)
    for (auto& r : f.roles) role(f, r);
  for (auto& f : p_.files)
    for (auto& v : f.views) view(v);
  for (auto& f : p_.files)
    for (auto& t : f.tests) test(f, t);
  return std::move(p_);
}

void Context::declare(const ast::DeclHeader& h) {
  if (!h.name.valid() || h.kind == ast::DeclKind::Test || h.kind == ast::DeclKind::Project) return;
  auto [it, fresh] = names_.emplace(h.name.text, DeclSite{h.kind, h.name.span});
  if (fresh) return;
  diags_.report(diag::DuplicateName, h.name.span, fmt::format("`{}` is declared twice", h.name.text))
      .notes.push_back({fmt::format("the first declaration ({}) is here", ast::decl_kind_name(it->second.kind)), it->second.span});
}

void Context::collect_names() {
  for (auto& f : p_.files)
    for (auto* h : ast::headers_in_order(f)) declare(*h);
}

bool Context::is_declared(std::string_view name, ast::DeclKind kind) const {
  auto it = names_.find(std::string(name));
  return it != names_.end() && it->second.kind == kind;
}

std::vector<std::string> Context::names_of(ast::DeclKind kind) const {
  std::vector<std::string> out;
  for (auto& [n, site] : names_)
    if (site.kind == kind) out.push_back(n);
  return out;
}

void Context::require_ref(const ast::Name& n, ast::DeclKind kind) {
  if (!n.valid() || is_declared(n.text, kind)) return;
  Diagnostic& d = diags_.report(diag::UnknownReference, n.span,
                                fmt::format("unknown {} `{}`", ast::decl_kind_name(kind), n.text));
  suggest(d, n.text, names_of(kind));
}

void Context::suggest(Diagnostic& d, const std::string& name, const std::vector<std::string>& candidates) {
  std::string guess = closest_name(name, candidates);
  if (!guess.empty()) d.notes.push_back({fmt::format("did you mean `{}`?", guess), Span{}});
}

bool Context::holds_syntax_error(Span span) const {
  if (!span.valid() || span.file >= syntax_errors_.size()) return false;
  const auto& offsets = syntax_errors_[span.file];
  auto it = std::lower_bound(offsets.begin(), offsets.end(), span.begin);
  return it != offsets.end() && *it < std::max(span.end, span.begin + 1);
}

// A property missing from a declaration with a syntax error may be the part that did not parse.
void Context::missing(const ast::DeclHeader& h, const char* property, const char* why) {
  if (holds_syntax_error(h.span)) return;
  diags_.report(diag::MissingProperty, h.name.valid() ? h.name.span : h.keyword,
                fmt::format("{} `{}` has no `{}`", ast::decl_kind_name(h.kind), h.name.text, property))
      .notes.push_back({why, Span{}});
}

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
        if (known_timezone(*pr.timezone)) p_.timezone = *pr.timezone;
        else timezone_error(*pr.timezone, pr.timezone_span);
      }
      if (pr.week.valid()) {
        static const std::vector<std::string> days = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
        auto it = std::find(days.begin(), days.end(), pr.week.text);
        if (it == days.end()) {
          Diagnostic& d = diags_.report(diag::InvalidChoice, pr.week.span, fmt::format("`{}` is not a day of the week", pr.week.text));
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

void Context::calendar(const ast::CalendarDecl& c) {
  if (c.timezone && !known_timezone(*c.timezone)) timezone_error(*c.timezone, c.timezone_span);
  static const std::vector<std::string> days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (auto& line : c.hours) {
    for (const ast::Name* d : {&line.days.first, &line.days.last}) {
      if (!d->valid() || std::find(days.begin(), days.end(), d->text) != days.end()) continue;
      Diagnostic& diag = diags_.report(diag::InvalidChoice, d->span, fmt::format("`{}` is not a day (mon, tue, ... sun)", d->text));
      suggest(diag, d->text, days);
    }
    auto day_index = [&](const ast::Name& d) { return std::find(days.begin(), days.end(), d.text) - days.begin(); };
    if (line.days.last.valid() && day_index(line.days.first) < 7 && day_index(line.days.last) < 7 &&
        day_index(line.days.last) < day_index(line.days.first))
      diags_.report(diag::InvalidTimeRange, cover(line.days.first.span, line.days.last.span),
                    fmt::format("the day range {}-{} runs backwards", line.days.first.text, line.days.last.text))
          .notes.push_back({"write the days from Monday to Sunday, one line per range: `hours fri 09:00-18:00`", Span{}});
    for (auto& r : line.ranges) {
      if (!valid_time_of_day(r.from) || !valid_time_of_day(r.to)) {
        diags_.report(diag::InvalidDate, r.span, "this time of day does not exist");
      } else if (r.to <= r.from) {
        diags_.report(diag::InvalidTimeRange, r.span, fmt::format("working hours end at {} before they start at {}", r.to, r.from));
      }
    }
  }
  auto dates = [&](const std::vector<ast::DateRange>& ranges) {
    for (auto& r : ranges) {
      if (!valid_date(r.first) || (!r.last.empty() && !valid_date(r.last))) {
        diags_.report(diag::InvalidDate, r.span, "this date does not exist");
      } else if (!r.last.empty() && r.last < r.first) {
        diags_.report(diag::InvalidTimeRange, r.span, fmt::format("the range ends on {} before it starts on {}", r.last, r.first));
      }
    }
  };
  dates(c.holidays);
  dates(c.workdays);
}

void Context::channel(const ast::ChannelDecl& c) {
  static const std::vector<std::string> kinds = {"dingtalk", "wecom", "slack", "webhook", "log"};
  if (!c.kind.valid()) {
    missing(c.h, "kind", "every channel says where it delivers: kind dingtalk | wecom | slack | webhook | log");
  } else if (std::find(kinds.begin(), kinds.end(), c.kind.text) == kinds.end()) {
    Diagnostic& d = diags_.report(diag::InvalidChoice, c.kind.span, fmt::format("unknown channel kind `{}`", c.kind.text));
    suggest(d, c.kind.text, kinds);
    d.notes.push_back({"the kinds are dingtalk, wecom, slack, webhook and log", Span{}});
  } else if (c.kind.text != "log" && !c.webhook.valid()) {
    missing(c.h, "webhook", "a channel that posts to a service needs its address: webhook env(\"NAME\")");
  }
}

void Context::source(const ast::File& f, const ast::SourceDecl& s) {
  TableInfo t;
  t.name = s.h.name.text;
  t.source = &s;
  t.file = f.id;
  t.system = s.system.value_or("");
  static const std::vector<std::string> types = {"string", "int", "number", "bool", "timestamp", "date", "duration", "enum"};
  for (auto& c : s.columns) {
    if (!c.name.valid()) continue;
    if (int prev = t.find(c.name.text); prev >= 0) {
      diags_.report(diag::DuplicateColumn, c.name.span, fmt::format("column `{}` is declared twice", c.name.text))
          .notes.push_back({"first declared here", t.columns[prev].span});
      continue;
    }
    ColumnInfo col{c.name.text, Type{}, c.required, {}, c.name.span};
    const std::string& tn = c.type.name.text;
    if (tn == "string") col.type = Type::of(TypeKind::String);
    else if (tn == "int" || tn == "number") col.type = Type::of(TypeKind::Number, c.unit.valid() ? c.unit.text : "");
    else if (tn == "bool") col.type = Type::of(TypeKind::Bool);
    else if (tn == "timestamp") col.type = Type::of(TypeKind::Timestamp);
    else if (tn == "date") col.type = Type::of(TypeKind::Date);
    else if (tn == "duration") col.type = Type::of(TypeKind::Duration);
    else if (tn == "enum") {
      col.type = Type::of(TypeKind::Enum);
      col.type.table = static_cast<int>(p_.tables.size());
      col.type.column = static_cast<int>(t.columns.size());
      for (auto& m : c.type.members) {
        if (std::find(col.members.begin(), col.members.end(), m.text) != col.members.end())
          diags_.report(diag::DuplicateColumn, m.span, fmt::format("enum member `{}` is listed twice", m.text));
        else col.members.push_back(m.text);
      }
      if (col.members.empty()) missing(s.h, "enum members", "an enum lists its members: enum(OK, NG)");
    } else if (c.type.name.valid()) {
      Diagnostic& d = diags_.report(diag::UnknownColumnType, c.type.name.span, fmt::format("unknown column type `{}`", tn));
      suggest(d, tn, types);
      d.notes.push_back({"the types are string, int, number, bool, timestamp, date, duration and enum(A, B, ...)", Span{}});
    }
    col.integer = tn == "int";
    t.columns.push_back(std::move(col));
  }
  auto role_column = [&](const ast::Name& n, int& slot, const char* what) {
    if (!n.valid()) return;
    slot = t.find(n.text);
    if (slot < 0) {
      Diagnostic& d = diags_.report(diag::UnknownColumn, n.span, fmt::format("unknown column `{}`", n.text));
      suggest(d, n.text, t.column_names());
      d.notes.push_back({fmt::format("the {} column must be one of the source's columns", what), Span{}});
    }
  };
  role_column(s.time, t.time_column, "time");
  role_column(s.evidence, t.evidence_column, "evidence");
  role_column(s.actor, t.actor_column, "actor");
  if (t.time_column >= 0 && t.columns[t.time_column].type.kind != TypeKind::Timestamp &&
      t.columns[t.time_column].type.kind != TypeKind::Date) {
    diags_.report(diag::TypeMismatch, s.time.span,
                  fmt::format("the time column `{}` is a {}, not a timestamp", s.time.text, type_name(t.columns[t.time_column].type)));
    t.time_column = -1;
  }
  if (s.columns.empty()) missing(s.h, "columns", "a source lists its columns: `name: type`");
  p_.tables.push_back(std::move(t));
}

int Context::table_ref(const ast::Name& n) {
  if (!n.valid()) return -1;
  int t = p_.find_table(n.text);
  if (t < 0) {
    Diagnostic& d = diags_.report(diag::UnknownTable, n.span, fmt::format("unknown source or chain `{}`", n.text));
    std::vector<std::string> names;
    for (auto& tb : p_.tables) names.push_back(tb.name);
    suggest(d, n.text, names);
  }
  return t;
}

int Context::column_ref(int table, const ast::Name& n) {
  if (table < 0 || !n.valid()) return -1;
  int c = p_.tables[table].find(n.text);
  if (c < 0) {
    Diagnostic& d = diags_.report(diag::UnknownColumn, n.span, fmt::format("unknown column `{}`", n.text));
    suggest(d, n.text, p_.tables[table].column_names());
    d.notes.push_back({fmt::format("`{}` has the columns {}", p_.tables[table].name, join(p_.tables[table].column_names())), Span{}});
  }
  return c;
}

std::string Context::join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

void Context::chain(const ast::File& f, const ast::ChainDecl& c) {
  ChainInfo ci;
  ci.decl = &c;
  ci.file = f.id;
  if (!c.from.valid()) missing(c.h, "from", "a chain reads its events from a source: from lead_events");
  if (!c.case_column.valid()) missing(c.h, "case", "a chain names the column that identifies a case: case lead_id");
  if (!c.step_column.valid()) missing(c.h, "step", "a chain names the column whose value names the node reached: step stage");
  ci.from_table = table_ref(c.from);
  if (ci.from_table >= 0 && p_.tables[ci.from_table].chain) {
    diags_.report(diag::UnknownTable, c.from.span, "a chain reads events from a source, not from another chain");
    ci.from_table = -1;
  }
  if (ci.from_table >= 0 && p_.tables[ci.from_table].time_column < 0)
    diags_.report(diag::TimeColumnRequired, c.from.span, fmt::format("source `{}` has no `time` column", c.from.text))
        .notes.push_back({"a chain orders events by their time: add `time <column>` to the source", Span{}});
  ci.case_column = column_ref(ci.from_table, c.case_column);
  ci.step_column = column_ref(ci.from_table, c.step_column);
  require_ref(c.calendar, ast::DeclKind::Calendar);
  bool working_time = c.calendar.valid();
  if (!working_time) {
    for (auto& pf : p_.files)
      for (auto& pr : pf.projects) working_time = working_time || pr.calendar.valid();
  }

  std::set<std::string> seen;
  for (auto& n : c.nodes) {
    if (!seen.insert(n.name.text).second) {
      diags_.report(diag::DuplicateColumn, n.name.span, fmt::format("node `{}` is declared twice", n.name.text));
      continue;
    }
    ChainNodeInfo ni;
    ni.name = n.name.text;
    if (n.within.valid()) {
      const Expr& e = f.expr(n.within);
      if (e.kind == ExprKind::Duration) {
        ni.within_micros = e.micros;
        std::string t = e.text;
        if (working_time && (t.find('d') != std::string::npos || t.find('w') != std::string::npos))
          diags_.report(diag::DayUnitUnderCalendar, e.span, fmt::format("`{}` under a working-time calendar is ambiguous", t))
              .notes.push_back({"count working days instead: `within 3 workdays`", Span{}});
      } else if (e.kind == ExprKind::PeriodSpan && (e.text == "workdays" || e.text == "workday")) {
        ni.within_workdays = static_cast<int64_t>(e.number);
      } else {
        diags_.report(diag::DeadlineNotDuration, e.span, "a node deadline must be a duration")
            .notes.push_back({"write `within 2h`, `within 90m` or `within 3 workdays`", Span{}});
      }
    }
    if (!n.owner.valid())
      diags_.report(diag::NodeWithoutOwner, n.name.span, fmt::format("node `{}` has no owner", n.name.text))
          .notes.push_back({"add `owner <role>` so lateness is charged to someone", Span{}});
    if (n.when.valid() && ci.from_table >= 0) condition(f, n.when, Scope{ci.from_table}, "when");
    if (n.has_bands) bands(f, n.bands);
    ci.nodes.push_back(std::move(ni));
  }
  if (c.nodes.empty()) missing(c.h, "node", "a chain lists its nodes in order: node submitted { owner marketing }");
  if (c.has_bands) bands(f, c.bands);

  // The chain's step table (LANGUAGE.md, chain): usable as the `from` of indicators and alerts.
  TableInfo t;
  t.name = c.h.name.text;
  t.chain = &c;
  t.file = f.id;
  int self = static_cast<int>(p_.tables.size());
  auto add = [&](std::string name, Type type, std::vector<std::string> members = {}) {
    if (type.kind == TypeKind::Enum) {
      type.table = self;
      type.column = static_cast<int>(t.columns.size());
    }
    t.columns.push_back(ColumnInfo{std::move(name), std::move(type), false, std::move(members), c.h.name.span});
  };
  Type case_type = ci.from_table >= 0 && ci.case_column >= 0 ? p_.tables[ci.from_table].columns[ci.case_column].type
                                                              : Type::of(TypeKind::String);
  if (case_type.kind == TypeKind::Enum) case_type = Type::of(TypeKind::String);  // the step table keeps the text
  add(c.case_column.valid() ? c.case_column.text : "case", case_type);
  // An `int` case column stays an int column in the step table (its values are whole numbers).
  t.columns.back().integer = ci.from_table >= 0 && ci.case_column >= 0 && p_.tables[ci.from_table].columns[ci.case_column].integer;
  std::vector<std::string> node_names;
  for (auto& n : c.nodes) node_names.push_back(n.name.text);
  add("node", Type::of(TypeKind::Enum), node_names);
  add("owner", Type::of(TypeKind::String));
  add("charge", Type::of(TypeKind::String));
  add("started_at", Type::of(TypeKind::Timestamp));
  add("entered_at", Type::of(TypeKind::Timestamp));
  add("due_at", Type::of(TypeKind::Timestamp));
  add("duration", Type::of(TypeKind::Duration));
  add("elapsed", Type::of(TypeKind::Duration));
  add("status", Type::of(TypeKind::Enum), {"on_time", "late", "pending", "overdue", "skipped", "not_started"});
  std::vector<std::string> band_names;
  for (auto& b : c.bands) band_names.push_back(b.name.text);
  for (auto& n : c.nodes)
    for (auto& b : n.bands)
      if (std::find(band_names.begin(), band_names.end(), b.name.text) == band_names.end()) band_names.push_back(b.name.text);
  add("band", Type::of(TypeKind::Enum), band_names);
  add("evidence", Type::of(TypeKind::String));
  add("actor", Type::of(TypeKind::String));
  t.time_column = t.find("started_at");
  t.evidence_column = t.find("evidence");
  t.actor_column = t.find("actor");
  if (ci.from_table >= 0) t.system = p_.tables[ci.from_table].system;
  ci.table = self;
  p_.tables.push_back(std::move(t));
  p_.chains.push_back(std::move(ci));
}

void Context::bands(const ast::File& f, const std::vector<ast::Band>& bs) {
  std::optional<int64_t> prev;
  Span prev_span;
  for (auto& b : bs) {
    if (!b.bound.value.valid()) continue;
    const Expr& e = f.expr(b.bound.value);
    if (e.kind != ExprKind::Duration) {
      diags_.report(diag::DeadlineNotDuration, e.span, "a band bound must be a duration such as `2h`");
      continue;
    }
    bool open_top = b.bound.op == Op::Gt || b.bound.op == Op::Ge;
    if (open_top) continue;  // `red > 8h` closes the list
    if (prev && e.micros <= *prev)
      diags_.report(diag::BandsNotIncreasing, e.span, fmt::format("band `{}` does not go beyond the band before it", b.name.text))
          .notes.push_back({"bands are tried in order, so each bound must be larger than the last", prev_span});
    prev = e.micros;
    prev_span = e.span;
  }
}

void Context::indicators() {
  // First pass: every indicator gets a slot so composites can refer to any of them.
  for (auto& f : p_.files) {
    for (auto& d : f.indicators) {
      IndicatorInfo ii;
      ii.decl = &d;
      ii.file = f.id;
      ii.name = d.h.name.text;
      p_.indicators.push_back(std::move(ii));
    }
  }
  for (auto& ii : p_.indicators) indicator(ii);
  order_indicators();
}

void Context::indicator(IndicatorInfo& ii) {
  const ast::IndicatorDecl& d = *ii.decl;
  const ast::File& f = p_.files[ii.file];
  if (d.every.valid()) {
    if (auto g = parse_grain(d.every.text)) ii.grain = *g;
    else {
      Diagnostic& diag = diags_.report(diag::UnknownGrain, d.every.span, fmt::format("unknown period `{}`", d.every.text));
      suggest(diag, d.every.text, {"hour", "day", "week", "month", "quarter", "year"});
      diag.notes.push_back({"the periods are hour, day, week, month, quarter and year", Span{}});
    }
  }
  ii.unit = d.unit.valid() ? d.unit.text : "";
  if (!d.value.valid()) {
    missing(d.h, "value", "an indicator computes a value: value count(where result == NG) / count()");
    return;
  }
  if (d.from.valid()) {
    ii.table = table_ref(d.from);
    if (ii.table >= 0 && ii.grain != Grain::All && p_.tables[ii.table].time_column < 0)
      diags_.report(diag::TimeColumnRequired, d.every.span, fmt::format("`{}` has no `time` column, so rows fall in no period", d.from.text))
          .notes.push_back({"add `time <column>` to the source, or remove `every`", Span{}});
    for (auto& b : d.by) {
      int col = column_ref(ii.table, b.column);
      ii.by_columns.push_back(col);
      ii.by_names.push_back(b.column.text);
      std::pair<int, int> list{-1, -1};
      if (b.in_source.valid()) {
        int lt = table_ref(b.in_source);
        if (lt >= 0) list = {lt, column_ref(lt, b.column)};
      }
      ii.by_lists.push_back(list);
    }
    if (d.where.valid() && ii.table >= 0) condition(f, d.where, Scope{ii.table}, "where");
    if (ii.table >= 0) {
      Scope s{ii.table};
      s.aggregates = true;
      ii.value_type = expr(f, d.value, s);
      if (!info(f, d.value).has_aggregate && !ii.value_type.is_error())
        diags_.report(diag::ColumnOutsideAggregate, f.expr(d.value).span, "the value has no aggregate")
            .notes.push_back({"an indicator summarises rows: use count(), sum(x), avg(x) ...", Span{}});
    }
    if (d.evidence_min && ii.table >= 0 && p_.tables[ii.table].evidence_column < 0)
      diags_.report(diag::EvidenceWithoutColumn, d.evidence_span, fmt::format("`{}` has no evidence column", d.from.text))
          .notes.push_back({"add `evidence <id column>` to the source so values can point at their records", Span{}});
  } else {
    // A composite: names are other indicators, which must share `by` and `every`. Its entity
    // columns are named by its `by`, as its components' are.
    for (auto& b : d.by) ii.by_names.push_back(b.column.text);
    Scope s;
    s.indicators = true;
    composite_of_ = &ii;
    ii.value_type = expr(f, d.value, s);
    composite_of_ = nullptr;
    if (d.where.valid())
      diags_.report(diag::MissingProperty, f.expr(d.where).span, "a composite indicator has no `from`, so it cannot filter rows")
          .notes.push_back({"put the `where` on its components", Span{}});
  }
  // The declared unit names what a plain number is (a ratio, money); a value that already carries
  // another unit keeps the declared one for display, with a warning.
  if (!ii.unit.empty() && ii.value_type.kind == TypeKind::Number) {
    const std::string& got = ii.value_type.unit;
    if (!got.empty() && got != ii.unit)
      diags_.report(diag::UnitMismatchWithDeclared, d.unit.span,
                    fmt::format("the value is {} but the unit is `{}`", got == "percent" ? "a percentage" : fmt::format("in `{}`", got),
                                ii.unit))
          .notes.push_back({"the value's unit comes from the units of the columns it is computed from", Span{}});
    ii.value_type.unit = ii.unit;
  } else if (!ii.unit.empty() && ii.value_type.kind == TypeKind::Duration && ii.unit != "duration" && ii.unit != "hours" &&
             ii.unit != "minutes") {
    diags_.report(diag::UnitMismatchWithDeclared, d.unit.span, fmt::format("the value is a duration but the unit is `{}`", ii.unit))
        .notes.push_back({"a duration is shown with `unit hours` or `unit minutes`, or without `unit`", Span{}});
  }
  if (d.target.value.valid()) {
    Scope s;
    Type t = expr(f, d.target.value, s);
    compare(ii.value_type, t, f.expr(d.target.value), d.target.span, d.target.value, f);
  }
  for (auto& r : d.visible_to) require_ref(r, ast::DeclKind::Role);
  owner(d);
}

// An indicator's `owner` is its accountable role (LANGUAGE.md). Roles are optional: a project that
// declares none uses owners as plain names, as chain nodes do; once it declares roles, an owner that is
// none of them is a typo or a missing declaration (docs/decisions.md). The owner must also be able to
// read what it is accountable for.
void Context::owner(const ast::IndicatorDecl& d) {
  const ast::Name& o = d.owner;
  if (!o.valid()) return;
  if (!is_declared(o.text, ast::DeclKind::Role)) {
    std::vector<std::string> roles = names_of(ast::DeclKind::Role);
    if (roles.empty()) return;
    std::sort(roles.begin(), roles.end());
    Diagnostic& dg = diags_.report(diag::OwnerNotARole, o.span, fmt::format("owner `{}` is not a declared role", o.text));
    suggest(dg, o.text, roles);
    dg.notes.push_back({fmt::format("the project's roles are {}; declare `role {}` or name one of them", join(roles), o.text), Span{}});
    return;
  }
  if (visible_to(d, o.text)) return;
  diags_.report(diag::NotVisibleToRole, o.span,
                fmt::format("owner `{}` may not read `{}`: it is visible only to {}", o.text, d.h.name.text, role_list(d)))
      .notes.push_back({fmt::format("add `{}` to `visible to`", o.text), d.visible_to.front().span});
}

// `visible to r1, r2` restricts who may read an indicator's values; without it everyone may.
bool Context::visible_to(const ast::IndicatorDecl& d, const std::string& role) {
  if (d.visible_to.empty()) return true;
  for (auto& r : d.visible_to)
    if (r.text == role) return true;
  return false;
}

std::string Context::role_list(const ast::IndicatorDecl& d) {
  std::string out;
  for (size_t i = 0; i < d.visible_to.size(); ++i) out += (i ? ", `" : "`") + d.visible_to[i].text + "`";
  return out;
}

// Orders indicators so components come before composites, and reports cycles.
void Context::order_indicators() {
  std::vector<int> state(p_.indicators.size(), 0), order;
  std::function<void(int)> visit = [&](int i) {
    if (state[i] == 2) return;
    if (state[i] == 1) {
      auto& ii = p_.indicators[i];
      diags_.report(diag::IndicatorCycle, ii.decl->h.name.span, fmt::format("indicator `{}` depends on itself", ii.name))
          .notes.push_back({"a composite indicator cannot use itself, directly or through others", Span{}});
      return;
    }
    state[i] = 1;
    for (int dep : p_.indicators[i].depends_on) visit(dep);
    state[i] = 2;
    order.push_back(i);
  };
  for (size_t i = 0; i < p_.indicators.size(); ++i) visit(static_cast<int>(i));
  std::vector<IndicatorInfo> sorted;
  std::vector<int> new_index(p_.indicators.size());
  for (size_t k = 0; k < order.size(); ++k) new_index[order[k]] = static_cast<int>(k);
  for (int i : order) sorted.push_back(p_.indicators[i]);
  for (auto& ii : sorted)
    for (int& dep : ii.depends_on) dep = new_index[dep];
  // Expression infos refer to indicators by index: remap them too.
  for (auto& per_file : p_.info)
    for (auto& ei : per_file)
      if (ei.ref == RefKind::Indicator && ei.index >= 0) ei.index = new_index[ei.index];
  p_.indicators = std::move(sorted);
}

void Context::alert(const ast::File& f, const ast::AlertDecl& a) {
  AlertInfo ai;
  ai.decl = &a;
  ai.file = f.id;
  ai.name = a.h.name.text;
  if (a.severity.valid()) {
    static const std::vector<std::string> sev = {"info", "warning", "critical"};
    if (std::find(sev.begin(), sev.end(), a.severity.text) == sev.end()) {
      Diagnostic& d = diags_.report(diag::InvalidChoice, a.severity.span, fmt::format("unknown severity `{}`", a.severity.text));
      suggest(d, a.severity.text, sev);
      d.notes.push_back({"the severities are info, warning and critical", Span{}});
    } else {
      ai.severity = a.severity.text;
    }
  }
  for (auto& n : a.notify) require_ref(n, ast::DeclKind::Channel);
  require_ref(a.report, ast::DeclKind::View);
  bool condition_checked = false;  // the placeholders of a value alert depend on its condition's indicators
  if (!a.when.valid()) {
    missing(a.h, "when", "an alert needs its condition: when defect_rate > 0.8%");
  } else if (a.from.valid()) {
    ai.table = table_ref(a.from);
    if (ai.table >= 0) condition(f, a.when, Scope{ai.table}, "when");
    if (a.for_count)
      diags_.report(diag::ConsecutiveUnitMismatch, a.for_unit.span, "`for N consecutive` applies to indicator values, not to rows")
          .notes.push_back({"remove `from` to evaluate the condition per indicator value", Span{}});
  } else {
    Scope s;
    s.indicators = true;
    s.series = true;
    alert_indicators_.clear();
    size_t errors = diags_.error_count();
    condition(f, a.when, s, "when");
    condition_checked = diags_.error_count() == errors;
    ai.indicators.assign(alert_indicators_.begin(), alert_indicators_.end());
    // All indicators of one condition must share `by` and `every`.
    for (size_t k = 1; k < ai.indicators.size(); ++k) {
      auto& x = p_.indicators[ai.indicators[0]];
      auto& y = p_.indicators[ai.indicators[k]];
      if (x.by_names != y.by_names || x.grain != y.grain)
        diags_.report(diag::CompositeMismatch, a.when_span,
                      fmt::format("`{}` and `{}` differ in `by` or `every`, so their values do not line up", x.name, y.name));
    }
    if (a.for_count && !ai.indicators.empty()) {
      auto& ii = p_.indicators[ai.indicators[0]];
      auto g = parse_grain(a.for_unit.text);
      if (!g) {
        Diagnostic& d = diags_.report(diag::UnknownGrain, a.for_unit.span, fmt::format("unknown period `{}`", a.for_unit.text));
        suggest(d, a.for_unit.text, {"hours", "days", "weeks", "months", "quarters", "years"});
      } else if (*g != ii.grain) {
        diags_.report(diag::ConsecutiveUnitMismatch, a.for_unit.span,
                      fmt::format("`{}` is computed every {}, not every {}", ii.name, grain_name(ii.grain), grain_name(*g)))
            .notes.push_back({fmt::format("write `for {} consecutive {}s`", *a.for_count, grain_name(ii.grain)), Span{}});
      }
    }
  }
  for (auto& t : a.tasks) {
    if (t.due.valid()) {
      const Expr& e = f.expr(t.due);
      if (e.kind != ExprKind::Duration)
        diags_.report(diag::DeadlineNotDuration, e.span, "a task's due time must be a duration such as `24h`");
    }
    for (auto& at : t.attach) {
      int tb = table_ref(at.source);
      for (auto& m : at.match) column_ref(tb, m);
      if (at.during.valid() && at.during.text != "period")
        diags_.report(diag::InvalidChoice, at.during.span, fmt::format("`during {}`: only `during period` exists", at.during.text));
      if (at.window.valid() && f.expr(at.window).kind != ExprKind::Duration)
        diags_.report(diag::DeadlineNotDuration, f.expr(at.window).span, "an attach window must be a duration such as `2d`");
    }
  }
  if (a.message && (a.from.valid() ? ai.table >= 0 : condition_checked)) message(a, ai);
  p_.alerts.push_back(std::move(ai));
}

// Resolves the placeholders of an alert's `message`: an entity column of the alert, an indicator of
// its condition or `period` (value alerts), a column of the row (row alerts).
void Context::message(const ast::AlertDecl& a, AlertInfo& ai) {
  bool rows = a.from.valid();
  std::vector<std::string> entity, indicators;
  if (!rows && !ai.indicators.empty()) entity = p_.indicators[ai.indicators[0]].by_names;
  for (int i : ai.indicators) indicators.push_back(p_.indicators[i].name);
  int ordinal = -1;
  for (const TemplatePiece& piece : parse_message_template(*a.message)) {
    MessagePart part;
    ordinal += piece.placeholder;
    part.text = piece.text;
    if (!piece.placeholder) {
      ai.message.push_back(std::move(part));
      continue;
    }
    if (rows) {
      part.kind = MessagePartKind::Column;
      part.index = p_.tables[ai.table].find(piece.text);
    } else if (auto e = std::find(entity.begin(), entity.end(), piece.text); e != entity.end()) {
      part.kind = MessagePartKind::Entity;
      part.index = static_cast<int>(e - entity.begin());
    } else if (auto i = std::find(indicators.begin(), indicators.end(), piece.text); i != indicators.end()) {
      part.kind = MessagePartKind::Indicator;
      part.index = ai.indicators[i - indicators.begin()];
    } else if (piece.text == "period") {
      part.kind = MessagePartKind::Period;
      part.index = 0;
    }
    if (piece.closed && part.index >= 0) {
      ai.message.push_back(std::move(part));
      continue;
    }
    placeholder_error(a, ai, piece, ordinal, rows, entity, indicators);
  }
}

void Context::placeholder_error(const ast::AlertDecl& a, const AlertInfo& ai, const TemplatePiece& piece, int ordinal, bool rows,
                                const std::vector<std::string>& entity, const std::vector<std::string>& indicators) {
  // The same placeholder in the literal as written (escapes hold no braces, so the n-th placeholder
  // is the same in both), converted to code points for the span.
  std::string_view raw = p_.sources->text(a.message_span);
  Span span = a.message_span;
  int n = -1;
  for (auto& p : parse_message_template(raw)) {
    if (!p.placeholder || ++n != ordinal) continue;
    size_t end = p.offset + p.length;
    if (!p.closed)
      while (end > p.offset + 1 && raw[end - 1] == '"') --end;  // the closing quote is not part of it
    auto code_points = [&](size_t bytes) {
      uint32_t count = 0;
      for (size_t k = 0; k < bytes && k < raw.size(); ++k) count += (static_cast<unsigned char>(raw[k]) & 0xC0) != 0x80;
      return count;
    };
    span.begin = a.message_span.begin + code_points(p.offset);
    span.end = a.message_span.begin + code_points(end);
    break;
  }
  if (holds_syntax_error(span)) return;
  if (!piece.closed) {
    diags_.report(diag::UnknownPlaceholder, span, "this placeholder has no closing `}`")
        .notes.push_back({"write `{{` for a literal brace", Span{}});
    return;
  }
  Diagnostic& d = diags_.report(diag::UnknownPlaceholder, span,
                                piece.text.empty() ? std::string("empty placeholder in the message")
                                                   : fmt::format("unknown placeholder `{{{}}}` in the message", piece.text));
  std::vector<std::string> known;
  if (rows) {
    known = p_.tables[ai.table].column_names();
  } else {
    known = entity;
    known.insert(known.end(), indicators.begin(), indicators.end());
    known.push_back("period");
  }
  if (!piece.text.empty()) suggest(d, piece.text, known);
  if (rows && piece.text == "period")
    d.notes.push_back({"an alert with `from` is raised per row and has no period: name a column of the row instead", Span{}});
  else if (rows)
    d.notes.push_back({fmt::format("an alert with `from` may name the columns of `{}`: {}", p_.tables[ai.table].name, join(known)), Span{}});
  else
    d.notes.push_back({fmt::format("a placeholder names an entity column, an indicator of the condition or `period`: {}", join(known)),
                       Span{}});
}

void Context::role(const ast::File& f, const ast::RoleDecl& r) {
  int t = table_ref(r.from);
  if (r.where.valid() && t >= 0) condition(f, r.where, Scope{t}, "where");
  // `scope c`: a member sees the entities whose `c` is the member's own `c`, so `c` is a column of the
  // people table in `from` (matched against the entity columns when values are read).
  if (r.scope.valid() && t >= 0) column_ref(t, r.scope);
  if (!r.from.valid() && (r.where.valid() || r.scope.valid()))
    missing(r.h, "from", "a role finds its members in a people table: from people; where title == \"...\"; scope line");
}

// A view for a role shows values that role may read: an indicator (or a value alert's indicator)
// whose `visible to` leaves the role out would show its members only the values they are the subject
// of, which is a warning (docs/decisions.md).
void Context::view(const ast::ViewDecl& v) {
  require_ref(v.for_role, ast::DeclKind::Role);
  for (auto& s : v.show) require_ref(s, ast::DeclKind::Indicator);
  for (auto& a : v.alerts) require_ref(a, ast::DeclKind::Alert);
  if (!v.for_role.valid() || !is_declared(v.for_role.text, ast::DeclKind::Role)) return;
  const std::string& role = v.for_role.text;
  auto hidden = [&](const ast::Name& at, const IndicatorInfo& ii, const std::string& what) {
    const ast::IndicatorDecl& d = *ii.decl;
    Diagnostic& dg = diags_.report(diag::NotVisibleToRole, at.span,
                                     fmt::format("view `{}` is for `{}`, but {} visible only to {}", v.h.name.text, role, what,
                                                 role_list(d)));
    dg.notes.push_back({fmt::format("`{}` restricts who may read it here", ii.name), d.visible_to.front().span});
    dg.notes.push_back({fmt::format("members of `{}` would see only the values they are the subject of: add `{}` to `visible to` "
                                      "or leave it out of the view",
                                      role, role),
                          Span{}});
  };
  for (auto& s : v.show) {
    int i = p_.find_indicator(s.text);
    if (i < 0 || !p_.indicators[i].decl || visible_to(*p_.indicators[i].decl, role)) continue;
    hidden(s, p_.indicators[i], fmt::format("`{}` is", s.text));
  }
  for (auto& a : v.alerts) {
    for (auto& ai : p_.alerts) {
      if (ai.name != a.text || ai.table >= 0) continue;
      for (int i : ai.indicators) {
        if (i < 0 || !p_.indicators[i].decl || visible_to(*p_.indicators[i].decl, role)) continue;
        hidden(a, p_.indicators[i], fmt::format("alert `{}` shows `{}`, which is", a.text, p_.indicators[i].name));
        break;  // one warning per alert
      }
    }
  }
}

void Context::test(const ast::File& f, const ast::TestDecl& t) {
  if (t.as_of && !valid_timestamp(*t.as_of) && !valid_date(*t.as_of))
    diags_.report(diag::InvalidDate, t.as_of_span, fmt::format("`{}` is not a valid time", *t.as_of));
  for (auto& g : t.given) {
    int tb = table_ref(g.source);
    if (tb < 0 || !g.text_block) continue;
    if (p_.tables[tb].chain) {
      diags_.report(diag::UnknownTable, g.source.span, "test data is given for sources; a chain's rows are computed");
      continue;
    }
    given_table(f, g, p_.tables[tb]);
  }
  for (auto& e : t.expects) {
    if (!e.target.valid()) continue;
    ast::DeclKind kind = e.kind == ast::ExpectKind::Value ? ast::DeclKind::Indicator
                         : e.kind == ast::ExpectKind::Step ? ast::DeclKind::Chain
                                                           : ast::DeclKind::Alert;
    require_ref(e.target, kind);
    // Key and expected values are literals; in a step expectation a bare name is a member of the
    // compared enum column (`node: screened`, `status == late`).
    int tb = -1;
    if (e.kind == ast::ExpectKind::Step) {
      tb = p_.find_table(e.target.text);
    } else if (e.kind == ast::ExpectKind::Value) {
      int ind = p_.find_indicator(e.target.text);
      if (ind >= 0) tb = p_.indicators[ind].table;
    } else {
      for (auto& ai : p_.alerts)
        if (ai.name == e.target.text)
          tb = ai.table >= 0 ? ai.table : ai.indicators.empty() ? -1 : p_.indicators[ai.indicators[0]].table;
    }
    for (auto& k : e.keys) {
      // Step keys must be columns of the chain; other keys name entity columns or `period`.
      int col = e.kind == ast::ExpectKind::Step ? column_ref(tb, k.key) : tb >= 0 ? p_.tables[tb].find(k.key.text) : -1;
      literal_value(f, k.value, col >= 0 ? &p_.tables[tb].columns[col].type : nullptr);
    }
    int col = tb >= 0 ? column_ref(tb, e.column) : -1;
    if (e.expected.valid()) literal_value(f, e.expected, col >= 0 ? &p_.tables[tb].columns[col].type : nullptr);
  }
}

// A test's literal: no columns or indicators in scope, enum members allowed when a column is known.
void Context::literal_value(const ast::File& f, ExprId id, const Type* enum_hint) {
  const Expr& e = f.expr(id);
  if (e.kind == ExprKind::Name && enum_hint && enum_hint->kind == TypeKind::Enum) {
    name(f, id, Scope{-2}, enum_hint);
    return;
  }
  expr(f, id, Scope{});
}

void Context::given_table(const ast::File&, const ast::Given& g, const TableInfo& table) {
  // The header is the first non-blank line; cells are split on unescaped `|` (or `,` for CSV).
  std::string_view body = *g.text_block;
  size_t pos = 0;
  std::string header;
  size_t header_start = 0;  // byte offset of the header line in `body`
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    std::string_view line = body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) { header = std::string(line); header_start = pos; break; }
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
  }
  // The span of `length` bytes at byte `offset` of the block's text (after its opening quotes).
  auto block_span = [&](size_t offset, size_t length) {
    Span sp = g.body_span;
    sp.begin += 3 + static_cast<uint32_t>(utf8_length(body.substr(0, offset)));
    sp.end = sp.begin + static_cast<uint32_t>(utf8_length(body.substr(offset, length)));
    return sp;
  };
  if (header.empty()) {
    diags_.report(diag::BadTestTable, g.body_span, "the test table has no header line");
    return;
  }
  char sep = header.find('|') != std::string::npos ? '|' : ',';
  std::vector<std::string> cols;
  std::vector<size_t> col_starts;  // byte offset of each trimmed cell in the header line
  std::string cell;
  size_t cell_start = 0;
  for (size_t i = 0; i <= header.size(); ++i) {
    if (i == header.size() || header[i] == sep) {
      size_t b = cell.find_first_not_of(" \t\r"), e = cell.find_last_not_of(" \t\r");
      cols.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
      col_starts.push_back(cell_start + (b == std::string::npos ? 0 : b));
      cell.clear();
      cell_start = i + 1;
    } else {
      cell += header[i];
    }
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    const std::string& c = cols[i];
    if (table.find(c) >= 0) continue;
    Diagnostic& d = diags_.report(diag::UnknownTestColumn, block_span(header_start + col_starts[i], c.size()),
                                  fmt::format("`{}` has no column `{}`", table.name, c));
    suggest(d, c, table.column_names());
    d.notes.push_back({fmt::format("`{}` has the columns {}", table.name, join(table.column_names())), Span{}});
  }
  std::string_view header_text = std::string_view(header);
  size_t header_lead = header_text.find_first_not_of(" \t");
  size_t header_trail = header_text.find_last_not_of(" \t\r");
  Span header_span = block_span(header_start + header_lead, header_trail + 1 - header_lead);
  for (auto& c : table.columns)
    if (c.required && std::find(cols.begin(), cols.end(), c.name) == cols.end())
      diags_.report(diag::MissingRequiredTestColumn, header_span, fmt::format("the test table leaves out `{}`, which is required", c.name));
}

}  // namespace detail

Program check_program(const SourceSet& sources, std::vector<ast::File> files, DiagnosticSink& diags) {
  return detail::Context(sources, std::move(files), diags).run();
}

}  // namespace jixiao::check
