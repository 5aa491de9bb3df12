// The checker's shared context: the program being built, the diagnostics sink, the declared names and
// the helpers every pass uses. One class, its members defined by what they check: handle_<kind>.cpp
// per declaration kind, expr.cpp and call.cpp for expressions, units.cpp for units. Internal to check/.
#pragma once
#include <fmt/format.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/check/check.h"
#include "compiler/check/check_diagnostics.h"

namespace jixiao::check::detail {

using ast::Expr;
using ast::ExprId;
using ast::ExprKind;
using ast::Op;
using stdlib::BuiltinFamily;
using stdlib::BuiltinId;

// Literal validity (context.cpp).
bool valid_date(std::string_view s);
bool valid_timestamp(std::string_view s);
bool valid_time_of_day(std::string_view s);
bool known_timezone(const std::string& tz);

// Where names in an expression are looked up, and what is allowed there.
struct Scope {
  int table = -1;  // columns come from this table
  bool aggregates = false;  // `value`: aggregates allowed (and columns only inside them)
  bool indicators = false;  // alert conditions and composites: names are indicators
  bool series = false;  // baseline / previous / delta allowed
  bool in_aggregate = false;
};

struct DeclSite {
  ast::DeclKind kind;
  Span span;
};

class Context {
 public:
  Context(const SourceSet& sources, std::vector<ast::File> files, DiagnosticSink& diags);
  Program run();

 private:
  // context.cpp: declared names, references to them, tables and columns by name, reporting
  void declare(const ast::DeclHeader& h);
  void collect_names();
  bool is_declared(std::string_view name, ast::DeclKind kind) const;
  std::vector<std::string> names_of(ast::DeclKind kind) const;
  void require_ref(const ast::Name& n, ast::DeclKind kind);
  void suggest(Diagnostic& d, const std::string& name, const std::vector<std::string>& candidates);
  bool holds_syntax_error(Span span) const;
  void missing(const ast::DeclHeader& h, const char* property, const char* why);
  int table_ref(const ast::Name& n);
  int column_ref(int table, const ast::Name& n);
  static std::string join(const std::vector<std::string>& v);

  // handle_project.cpp (timezone_error is shared with calendars)
  void project();
  void timezone_error(const std::string& tz, Span span);

  // handle_calendar.cpp
  void calendar(const ast::CalendarDecl& c);

  // handle_source.cpp
  void source(const ast::File& f, const ast::SourceDecl& s);

  // handle_chain.cpp
  void chain(const ast::File& f, const ast::ChainDecl& c);
  void bands(const ast::File& f, const std::vector<ast::Band>& bs);

  // handle_indicator.cpp (visible_to and role_list are shared with views)
  void indicators();
  void indicator(IndicatorInfo& ii);
  void owner(const ast::IndicatorDecl& d);
  static bool visible_to(const ast::IndicatorDecl& d, const std::string& role);
  static std::string role_list(const ast::IndicatorDecl& d);
  void order_indicators();

  // handle_alert.cpp: alerts and the channels they notify
  void channel(const ast::ChannelDecl& c);
  void alert(const ast::File& f, const ast::AlertDecl& a);
  void message(const ast::AlertDecl& a, AlertInfo& ai);
  void placeholder_error(const ast::AlertDecl& a, const AlertInfo& ai, const TemplatePiece& piece, int ordinal,
                         bool rows, const std::vector<std::string>& entity, const std::vector<std::string>& indicators);

  // handle_role_view.cpp
  void role(const ast::File& f, const ast::RoleDecl& r);
  void view(const ast::ViewDecl& v);

  // handle_test.cpp
  void test(const ast::File& f, const ast::TestDecl& t);
  void literal_value(const ast::File& f, ExprId id, const Type* enum_hint);
  void given_table(const ast::File&, const ast::Given& g, const TableInfo& table);

  // expr.cpp: expression typing; `expr` records each expression's type in p_.info
  void condition(const ast::File& f, ExprId e, Scope s, const char* what);
  Type expr(const ast::File& f, ExprId id, const Scope& s, const Type* enum_hint = nullptr);
  bool any_aggregate(const ast::File& f, std::initializer_list<ExprId> ids);
  Type expr_inner(const ast::File& f, ExprId id, const Scope& s, const Type* enum_hint);
  void mismatch(Span span, const std::string& what, const Type& got);
  Type name(const ast::File& f, ExprId id, const Scope& s, const Type* enum_hint);
  Type binary(const ast::File& f, ExprId id, const Scope& s);

  // call.cpp: builtin calls and aggregates
  Type call(const ast::File& f, ExprId id, const Scope& s);
  Type aggregate(const ast::File& f, ExprId id, const stdlib::Builtin& b, const Scope& s);

  // units.cpp: comparisons and arithmetic between units
  std::optional<std::string> counted(const ast::File& f, ExprId id);
  void compare(const Type& a, const Type& b, const Expr& right, Span span, ExprId, const ast::File&);
  Type arith_units(const Type& a, const Type& b, Op op, Span span);

  ExprInfo& info(const ast::File& f, ExprId e) { return p_.info[f.id][e.index]; }

  Program p_;
  DiagnosticSink& diags_;
  std::map<std::string, DeclSite> names_;
  IndicatorInfo* composite_of_ = nullptr;
  std::set<int> alert_indicators_;
  std::vector<std::vector<uint32_t>> syntax_errors_;  // per file: where syntax errors begin
};

}  // namespace jixiao::check::detail
