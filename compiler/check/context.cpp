// The helpers every pass shares: the project's declared names, references to them, tables and
// columns by name, reporting a missing property, the syntax errors a check must not echo, and the
// validity of date, time and time zone literals.
#include "compiler/check/context.h"

#include <algorithm>
#include <filesystem>

namespace jixiao::check::detail {

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

void Context::declare(const ast::DeclHeader& h) {
  if (!h.name.valid() || h.kind == ast::DeclKind::Test || h.kind == ast::DeclKind::Project) return;
  auto [it, fresh] = names_.emplace(h.name.text, DeclSite{h.kind, h.name.span});
  if (fresh) return;
  diags_.report(diag::DuplicateName, h.name.span, fmt::format("`{}` is declared twice", h.name.text))
      .notes.push_back(
          {fmt::format("the first declaration ({}) is here", ast::decl_kind_name(it->second.kind)), it->second.span});
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
  Diagnostic& d =
      diags_.report(diag::UnknownReference, n.span, fmt::format("unknown {} `{}`", ast::decl_kind_name(kind), n.text));
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
  diags_
      .report(diag::MissingProperty, h.name.valid() ? h.name.span : h.keyword,
              fmt::format("{} `{}` has no `{}`", ast::decl_kind_name(h.kind), h.name.text, property))
      .notes.push_back({why, Span{}});
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
    d.notes.push_back(
        {fmt::format("`{}` has the columns {}", p_.tables[table].name, join(p_.tables[table].column_names())), Span{}});
  }
  return c;
}

std::string Context::join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

}  // namespace jixiao::check::detail
