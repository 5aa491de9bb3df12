// Evaluation plans: the checked program lowered (lower.h) to typed, flat expression IR and per-indicator
// pipelines. Shared by the interpreter (runtime/) and the JIT; nothing here knows about ASTs, spans or
// the checker, only tables, columns and values, so the runtime and the JIT link none of them.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "stdlib/builtins.h"
#include "stdlib/grain.h"
#include "stdlib/message_part.h"

namespace jixiao::plan {

// The runtime representation of a value: numbers are doubles; timestamps, durations (micros) and dates
// (days) are int64; bools int64 0/1; strings and enum members are text.
enum class VType : uint8_t { Null, Bool, Num, Time, Dur, Date, Str, List };

enum class PlanOp : uint8_t {
  Const,  // literal: num / i64 / str / list
  Column,  // index = column of the scanned table
  AggResult,  // index = aggregate of the pipeline (in a value expression)
  Indicator,  // index = indicator (composites, alert conditions)
  Neg,
  Not,
  Add,
  Sub,
  Mul,
  Div,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  And,
  Or,
  In,
  NotIn,
  IsNull,
  IsNotNull,
  Call,  // fn(args...)
  Previous,  // alert series: previous(args[0] indicator, i64 periods)
  Baseline,  // alert series: baseline(indicator, window months/days in i64, str = statistic)
  Deviates,  // abs(a - b) > pct * abs(b): args a, pct, b
  MissesTarget,  // index = indicator
};

struct PlanNode {
  PlanOp op;
  VType type = VType::Null;
  std::vector<int> args;
  double num = 0;
  int64_t i64 = 0;
  std::string str;
  std::vector<std::string> list;  // Const lists of text
  std::vector<double> num_list;  // Const lists of numbers
  int index = -1;
  stdlib::BuiltinId fn{};
  std::string window_unit;  // Baseline: months / days / weeks ...
};

struct ExprPlan {
  std::vector<PlanNode> nodes;
  int root = -1;
  bool empty() const { return root < 0; }
  std::string text;  // the rule text it came from (for explain)
};

struct AggregatePlan {
  stdlib::BuiltinId fn;
  ExprPlan input;  // empty for count()
  ExprPlan filter;  // empty without `where`
  double q = 0.5;  // percentile
  VType input_type = VType::Null;
  std::string text;  // `count(where result == NG)`
  std::string unit;  // the result's unit: "" (plain), "percent", "cny"... (for explain)
};

using stdlib::Grain;
using stdlib::grain_name;

struct IndicatorPlan {
  std::string name;
  std::string label;
  std::string doc;
  std::string unit;  // declared unit
  VType value_type = VType::Num;
  int table = -1;  // -1: composite
  std::vector<int> key_columns;  // by columns
  std::vector<std::string> key_names;
  std::vector<std::pair<int, int>> key_lists;  // `by x in S`: (table, column) per key or (-1, -1)
  Grain grain = Grain::All;
  ExprPlan where;
  std::vector<AggregatePlan> aggregates;
  ExprPlan value;  // over AggResult (or Indicator for composites)
  std::vector<int> components;  // composites: indicator indexes
  std::optional<int64_t> evidence_min, sample_min;
  std::optional<std::pair<PlanOp, ExprPlan>> target;  // comparison op and bound
  std::string rule_text;  // the declaration as written
  std::string file;
  int line = 0;
};

using stdlib::MessagePart;
using stdlib::MessagePartKind;

// `attach S match c1, c2 [during period | window D]` of a task.
enum class AttachWindow : uint8_t { None, Period, Around };
struct AttachPlan {
  int table = -1;  // S
  std::vector<std::string> match;  // the matched column names (looked up by name in the entity and evidence rows)
  std::vector<int> match_columns;  // the same columns of S
  AttachWindow window = AttachWindow::None;
  int64_t window_micros = 0;  // Around: D
};

struct TaskPlan {
  std::string name;
  std::string label;
  std::string assign;  // the assignee role
  std::optional<int64_t> due;  // micros after the alert's time
  std::vector<AttachPlan> attach;
};

struct AlertPlan {
  std::string name;
  std::string label;
  std::string severity;
  int table = -1;  // row alert over this table
  ExprPlan when;
  std::vector<int> indicators;  // value alert: indicators read; [0] is the primary
  std::optional<int64_t> for_count;
  std::string message;  // as written; empty: the default message
  std::vector<MessagePart> message_parts;
  std::vector<int> notify;  // channels
  std::vector<TaskPlan> tasks;
  int report = -1;  // view
  bool has_actions() const { return !notify.empty() || !tasks.empty() || report >= 0; }
};

struct ChannelPlan {
  std::string name;
  std::string label;
  std::string kind;  // dingtalk | wecom | slack | webhook | log
  std::string webhook;  // the address, or the name of the environment variable holding it
  bool webhook_from_env = false;
  std::string secret;  // empty: none; else as `webhook`
  bool secret_from_env = false;
};

struct ViewPlan {
  std::string name;
  std::string label;
  std::vector<int> show;  // indicators
};

struct TablePlan {
  std::string name;
  bool is_chain = false;
  struct Column {
    std::string name;
    VType type;
    bool is_enum = false;
    bool required = false;
    std::vector<std::string> members;
    bool integer = false;
  };
  std::vector<Column> columns;
  int time_column = -1, evidence_column = -1, actor_column = -1;
  std::string system;
};

struct CalendarPlan {
  std::string name;
  std::string timezone;  // empty: the project's
  struct Hours {
    int weekday;
    int from_minute;
    int to_minute;
  };  // weekday 0 = Monday
  std::vector<Hours> hours;
  std::vector<std::pair<std::string, std::string>> holidays;  // inclusive date ranges (YYYY-MM-DD)
  std::vector<std::string> workdays;  // make-up working days
};

struct BandPlan {
  std::string name;
  PlanOp op = PlanOp::Le;
  int64_t bound = 0;  // micros
};

struct NodePlan {
  std::string name;
  std::string label;
  std::string owner;
  std::string charge;  // defaults to the owner
  std::optional<int64_t> within;  // micros (working time under a calendar)
  std::optional<int64_t> within_workdays;
  ExprPlan when;  // over the chain's source; empty: step == name
  std::vector<BandPlan> bands;  // replaces the chain's when present
  bool own_bands = false;
};

struct ChainPlan {
  std::string name;
  int table = -1;  // the step table it fills
  int from_table = -1;
  int case_column = -1, step_column = -1;
  int calendar = -1;  // index into ProgramPlan::calendars, -1: plain time
  std::vector<NodePlan> nodes;
  std::vector<BandPlan> bands;
};

struct ProgramPlan {
  std::vector<CalendarPlan> calendars;
  std::vector<ChainPlan> chains;  // in dependency order (a chain reads a source)
  std::string timezone = "UTC";
  int week_start = 0;
  std::vector<TablePlan> tables;
  std::vector<IndicatorPlan> indicators;  // components before composites
  std::vector<AlertPlan> alerts;
  std::vector<ChannelPlan> channels;
  std::vector<ViewPlan> views;
};

// `number`, `timestamp`, `text` ...: a value type as messages and `jixiao dump plan` name it.
const char* vtype_name(VType t);
// `add`, `column`, `is_null` ...: an operation as fallback reasons and `jixiao dump plan` name it.
const char* op_name(PlanOp op);

}  // namespace jixiao::plan
