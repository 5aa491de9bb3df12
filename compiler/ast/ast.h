// The AST of a `.perf` project: our own types, built by compiler/syntax from the ANTLR parse tree.
//
// Expressions are data-oriented: every expression of a file lives in `File::exprs`, addressed by
// `ExprId`; declarations are plain structs in per-kind vectors. Every node keeps its span so the
// checker, the formatter (which places comments by position) and the language server can point at it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source/source.h"

namespace jixiao::ast {

struct ExprId {
  uint32_t index = UINT32_MAX;
  bool valid() const { return index != UINT32_MAX; }
  friend bool operator==(ExprId, ExprId) = default;
};

struct Name {
  std::string text;  // backticks removed
  Span span;
  bool valid() const { return span.valid(); }
};

enum class ExprKind : uint8_t {
  Number,  // 42, 3.5          -> number
  Percent,  // 95%              -> number (0.95)
  Duration,  // 1h30m            -> micros
  PeriodSpan,  // 3 months         -> count + text (unit)
  String,  // "NG"             -> text (unescaped)
  Date,  // 2025-07-01       -> text
  Timestamp,  // 2025-07-01T08:30 -> text
  TimeOfDay,  // 09:00            -> text
  Bool,  // true / false     -> flag
  Null,
  List,  // [a, b]           -> args
  Name,  // column, indicator, enum member -> text
  Unary,  // op args[0]
  Binary,  // args[0] op args[1]
  In,  // args[0] in args[1]; flag = negated
  IsNull,  // args[0] is null; flag = negated
  Deviates,  // args[0] deviates args[1] from args[2]
  MissesTarget,  // args[0] misses target
  Call,  // text(args...) with optional filter (`where` inside the parentheses)
};

enum class Op : uint8_t { None, Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge, And, Or, Not, Neg };

const char* op_text(Op op);
// A string literal for `s` as rule text writes it, with the escapes \" \\ \n \t.
std::string string_literal(std::string_view s);

struct Expr {
  ExprKind kind;
  Op op = Op::None;
  bool flag = false;
  double number = 0;  // Number, Percent, PeriodSpan count
  int64_t micros = 0;  // Duration
  std::string text;  // Name, String, Date, Timestamp, TimeOfDay, PeriodSpan unit, Call callee, Duration source
  std::vector<ExprId> args;
  ExprId filter;  // Call: `where` filter
  Span span;
  Span name_span;  // Call: the callee; PeriodSpan: the unit
};

// A comparison used by `target` and band bounds: `<= 0.5%`.
struct Bound {
  Op op = Op::None;
  ExprId value;
  Span span;
};

enum class DeclKind : uint8_t { Project, Calendar, Channel, Source, Indicator, Chain, Alert, Role, View, Test };
const char* decl_kind_name(DeclKind k);

// What every declaration has. `span` covers the whole declaration; `keyword` its first word.
struct DeclHeader {
  DeclKind kind;
  Name name;
  std::optional<std::string> label;
  Span label_span;
  std::string doc;  // joined `///` lines, without the slashes
  Span span;
  Span keyword;
  uint32_t file_order = 0;  // position among the declarations of its file
};

// A property as written, so the formatter and the language server know where each one was.
struct PropSpan {
  std::string word;
  Span span;
};

struct ProjectDecl {
  DeclHeader h;
  std::optional<std::string> timezone;
  Span timezone_span;
  Name calendar;
  Name week;
  std::vector<PropSpan> props;
};

struct DayRange {
  Name first, last;  // last invalid for a single day
};
struct TimeRange {
  std::string from, to;  // "09:00"
  Span span;
};
struct HoursLine {
  DayRange days;
  std::vector<TimeRange> ranges;
  Span span;
};
struct DateRange {
  std::string first, last;  // last empty for a single day
  Span span;
};

struct CalendarDecl {
  DeclHeader h;
  std::optional<std::string> timezone;
  Span timezone_span;
  std::vector<HoursLine> hours;
  std::vector<DateRange> holidays;
  std::vector<DateRange> workdays;
  std::vector<PropSpan> props;
};

struct TextOrEnv {
  std::string text;
  bool from_env = false;
  Span span;
  bool valid() const { return span.valid(); }
};

struct ChannelDecl {
  DeclHeader h;
  Name kind;
  TextOrEnv webhook, secret;
  std::vector<PropSpan> props;
};

struct ColumnType {
  Name name;  // string, int, number, bool, timestamp, date, duration, enum
  std::vector<Name> members;  // enum(A, B)
  Span span;
};

struct ColumnDef {
  Name name;
  ColumnType type;
  Name unit;
  bool required = false;
  Span span;
};

struct SourceDecl {
  DeclHeader h;
  std::optional<std::string> system;
  Span system_span;
  Name time, evidence, actor;
  std::vector<ColumnDef> columns;
  std::vector<PropSpan> props;
};

struct ByItem {
  Name column;
  Name in_source;  // `by x in S`
};

struct IndicatorDecl {
  DeclHeader h;
  Name from;
  ExprId where;
  ExprId value;
  std::vector<ByItem> by;
  Span by_span;
  Name every;
  Name unit;
  Bound target;
  Name owner;
  std::optional<int64_t> evidence_min;
  Span evidence_span;
  std::optional<int64_t> sample_min;
  Span sample_span;
  std::vector<Name> visible_to;
  ExprId appeal_window;
  std::vector<PropSpan> props;
};

struct Band {
  Name name;
  Bound bound;
  Span span;
};

struct NodeDecl {
  Name name;
  std::optional<std::string> label;
  Name owner;
  ExprId within;
  Name charge;
  ExprId when;
  std::vector<Band> bands;
  Span bands_span;
  bool has_bands = false;
  Span span;
  std::vector<PropSpan> props;
};

struct ChainDecl {
  DeclHeader h;
  Name from, case_column, step_column, calendar;
  std::vector<NodeDecl> nodes;
  std::vector<Band> bands;
  Span bands_span;
  bool has_bands = false;
  std::vector<PropSpan> props;
};

struct Attach {
  Name source;
  std::vector<Name> match;
  Name during;  // `during period`
  ExprId window;  // `window 2d`
  Span span;
};

struct TaskDecl {
  Name name;
  std::optional<std::string> label;
  Name assign;
  ExprId due;
  std::vector<Attach> attach;
  Span span;
  std::vector<PropSpan> props;
};

struct AlertDecl {
  DeclHeader h;
  Name from;
  ExprId when;
  Span when_span;
  std::optional<int64_t> for_count;  // `for N consecutive <unit>`
  Name for_unit;
  Name severity;
  std::vector<Name> notify;
  std::optional<std::string> message;
  Span message_span;
  std::vector<TaskDecl> tasks;
  Name report;
  std::vector<PropSpan> props;
};

struct RoleDecl {
  DeclHeader h;
  Name from;
  ExprId where;
  Name scope;
  std::vector<PropSpan> props;
};

struct ViewDecl {
  DeclHeader h;
  Name for_role;
  std::vector<Name> show;
  std::vector<Name> alerts;
  std::vector<PropSpan> props;
};

struct Given {
  Name source;
  std::optional<std::string> text_block;  // raw, with the quotes removed
  std::optional<std::string> file;
  Span span;
  Span body_span;
};

struct KeyValue {
  Name key;
  ExprId value;
};

enum class ExpectKind : uint8_t { Value, Alert, NoAlert, Step };

struct Expect {
  ExpectKind kind;
  Name target;  // indicator, alert or chain
  std::vector<KeyValue> keys;  // { batch_id: "B1", period: 2025-07-01 }
  Name column;  // Step: the compared column
  Op op = Op::None;
  ExprId expected;
  Span span;
};

struct TestDecl {
  DeclHeader h;  // name.text is the test's title
  bool titled_by_string = false;
  std::optional<std::string> as_of;
  Span as_of_span;
  std::vector<Given> given;
  std::vector<Expect> expects;
  std::vector<PropSpan> props;
};

struct Comment {
  std::string text;  // including the slashes
  Span span;
  bool doc = false;
};

// One parsed file.
struct File {
  FileId id = kNoFile;
  std::vector<Expr> exprs;
  std::vector<ProjectDecl> projects;
  std::vector<CalendarDecl> calendars;
  std::vector<ChannelDecl> channels;
  std::vector<SourceDecl> sources;
  std::vector<IndicatorDecl> indicators;
  std::vector<ChainDecl> chains;
  std::vector<AlertDecl> alerts;
  std::vector<RoleDecl> roles;
  std::vector<ViewDecl> views;
  std::vector<TestDecl> tests;
  std::vector<Comment> comments;
  uint32_t declaration_count = 0;
  bool had_syntax_errors = false;

  const Expr& expr(ExprId id) const { return exprs[id.index]; }
  Expr& expr(ExprId id) { return exprs[id.index]; }
  ExprId add(Expr e) {
    exprs.push_back(std::move(e));
    return ExprId{static_cast<uint32_t>(exprs.size() - 1)};
  }
};

// Every declaration header of a file, in file order.
std::vector<const DeclHeader*> headers_in_order(const File& f);

}  // namespace jixiao::ast

namespace jixiao::ast {
// The property words of a block ("project", "calendar", "channel", "source", "indicator", "chain",
// "node", "alert", "task", "role", "view", "test") in canonical order (the formatter's order).
const std::vector<std::string>& property_words(std::string_view block);
// How a property is written, for "malformed property" notes and completion details.
std::string property_syntax(std::string_view block, std::string_view word);
}  // namespace jixiao::ast
