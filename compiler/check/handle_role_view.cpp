// `role` declarations (who the members are, what they see) and `view`s for a role, with the warning
// when a view shows a role what `visible to` keeps from it.
#include "compiler/check/context.h"

namespace jixiao::check::detail {

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
    Diagnostic& dg = diags_.report(
        diag::NotVisibleToRole, at.span,
        fmt::format("view `{}` is for `{}`, but {} visible only to {}", v.h.name.text, role, what, role_list(d)));
    dg.notes.push_back({fmt::format("`{}` restricts who may read it here", ii.name), d.visible_to.front().span});
    dg.notes.push_back(
        {fmt::format("members of `{}` would see only the values they are the subject of: add `{}` to `visible to` "
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

}  // namespace jixiao::check::detail
