// The checker: names across all files of a project, column scoping, types and units, and the checked
// program (the semantic model) that the planner lowers and the language server queries.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostics.h"
#include "stdlib/grain.h"
#include "stdlib/message_part.h"
#include "stdlib/builtins.h"

namespace jixiao::check {

enum class TypeKind : uint8_t {
  Error,
  Null,
  Bool,
  Number,
  String,
  Enum,
  Timestamp,
  Date,
  Duration,
  TimeOfDay,
  PeriodSpan,
  List
};

// A value's type. Numbers carry a unit: "" (plain), "percent" (a ratio), or a money/custom unit ("cny").
struct Type {
  TypeKind kind = TypeKind::Error;
  std::string unit;
  int table = -1;  // Enum: the table and column whose members the value takes
  int column = -1;
  TypeKind element = TypeKind::Error;  // List: the element kind

  static Type of(TypeKind k, std::string unit = "") { return Type{k, std::move(unit)}; }
  bool is_error() const { return kind == TypeKind::Error; }
  bool is_ratio() const { return kind == TypeKind::Number && unit == "percent"; }
};
std::string type_name(const Type& t);

struct ColumnInfo {
  std::string name;
  Type type;
  bool required = false;
  std::vector<std::string> members;  // Enum
  Span span;
  bool integer = false;  // declared `int` (a number that must be whole)
};

// A table rows can come from: a source, or a chain's step table (docs/language-reference.md, chains).
struct TableInfo {
  std::string name;
  const ast::SourceDecl* source = nullptr;
  const ast::ChainDecl* chain = nullptr;
  FileId file = kNoFile;
  std::vector<ColumnInfo> columns;
  int time_column = -1;
  int evidence_column = -1;
  int actor_column = -1;
  std::string system;
  int find(std::string_view column) const;
  std::vector<std::string> column_names() const;
};

enum class RefKind : uint8_t { None, Column, Indicator, EnumMember, Builtin, Calendar };

// What the checker learnt about one expression.
struct ExprInfo {
  Type type;
  RefKind ref = RefKind::None;
  int index = -1;  // column, indicator or enum member index; builtin id
  bool has_aggregate = false;
};

using stdlib::Grain;
using stdlib::grain_name;
using stdlib::parse_grain;

struct IndicatorInfo {
  const ast::IndicatorDecl* decl = nullptr;
  FileId file = kNoFile;
  std::string name;
  int table = -1;  // -1: composite (combines other indicators)
  std::vector<int> by_columns;  // columns of `table`
  std::vector<std::string> by_names;
  std::vector<std::pair<int, int>> by_lists;  // per by item: (table, column) of `by x in S`, or (-1, -1)
  Grain grain = Grain::All;
  Type value_type;
  std::string unit;  // the declared unit ("" when none)
  std::vector<int> depends_on;  // composite components
};

// An alert's `message` template (docs/language-reference.md, alert messages and actions): text with `{name}`
// placeholders; `{{` and `}}` stand for literal braces. Offsets are in bytes of the text given, so the checker
// can parse the literal as written (escapes never contain braces) and the planner the decoded string alike.
struct TemplatePiece {
  bool placeholder = false;
  bool closed = true;  // a placeholder whose `}` is missing runs to the end of the text
  std::string text;  // literal text, or the placeholder's name (trimmed of spaces)
  size_t offset = 0;  // where the piece starts (a placeholder: its `{`)
  size_t length = 0;  // bytes it covers, braces included
};
std::vector<TemplatePiece> parse_message_template(std::string_view text);

using stdlib::MessagePart;
using stdlib::MessagePartKind;

struct AlertInfo {
  const ast::AlertDecl* decl = nullptr;
  FileId file = kNoFile;
  std::string name;
  int table = -1;  // row alert: the table of `from`
  std::vector<int> indicators;  // value alert: the indicators its condition reads
  std::string severity = "warning";
  std::vector<MessagePart> message;  // empty without `message`
};

struct ChainNodeInfo {
  std::string name;
  std::optional<int64_t> within_micros;
  std::optional<int64_t> within_workdays;
};

struct ChainInfo {
  const ast::ChainDecl* decl = nullptr;
  FileId file = kNoFile;
  int table = -1;  // the step table this chain produces
  int from_table = -1;  // the events
  int case_column = -1, step_column = -1;
  std::vector<ChainNodeInfo> nodes;
};

struct Program {
  const SourceSet* sources = nullptr;
  std::vector<ast::File> files;  // indexed by FileId
  std::vector<std::vector<ExprInfo>> info;  // [file][expr]
  std::string timezone = "UTC";
  int week_start = 0;  // 0 = Monday
  std::string default_calendar;  // the project's `calendar`, empty when none
  std::vector<TableInfo> tables;
  std::vector<IndicatorInfo> indicators;  // dependencies before dependents
  std::vector<AlertInfo> alerts;
  std::vector<ChainInfo> chains;

  const ExprInfo& info_of(FileId f, ast::ExprId e) const { return info[f][e.index]; }
  const ast::Expr& expr(FileId f, ast::ExprId e) const { return files[f].expr(e); }
  int find_table(std::string_view name) const;
  int find_indicator(std::string_view name) const;
};

// Checks every file of a project together. Files with syntax errors are still checked.
Program check_program(const SourceSet& sources, std::vector<ast::File> files, DiagnosticSink& diags);

}  // namespace jixiao::check
