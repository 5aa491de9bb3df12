// check_program: the order of the passes. Names are collected first so any declaration may refer to
// any other; tables (sources, chains) come before the indicators that read them, indicators before
// the alerts, views and tests that name them.
#include "compiler/check/context.h"

#include <algorithm>

namespace jixiao::check {

namespace detail {

Context::Context(const SourceSet& sources, std::vector<ast::File> files, DiagnosticSink& diags) : diags_(diags) {
  p_.sources = &sources;
  p_.files = std::move(files);
  for (auto& f : p_.files) p_.info.emplace_back(f.exprs.size());
  // What the sink holds now was reported by the syntax layer. A declaration or expression holding a
  // syntax error was cut short by error recovery: checking it would only echo that error.
  syntax_errors_.resize(p_.files.size());
  for (auto& d : diags_.all())
    if (d.is_error() && d.span.valid() && d.span.file < syntax_errors_.size())
      syntax_errors_[d.span.file].push_back(d.span.begin);
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

}  // namespace detail

Program check_program(const SourceSet& sources, std::vector<ast::File> files, DiagnosticSink& diags) {
  return detail::Context(sources, std::move(files), diags).run();
}

}  // namespace jixiao::check
