// Completion in context. The context comes from the text (cursor_context.h), the names from the
// checked program: the current one, or the last one in which this document parsed when the current
// text is too broken to say (a source being edited still offers its columns).
#include <set>

#include "lsp/cursor_context.h"
#include "lsp/features.h"
#include "stdlib/builtins.h"

namespace jixiao::lsp {

namespace {
enum ItemKind {
  kFunction = 3,
  kField = 5,
  kVariable = 6,
  kClass = 7,
  kInterface = 8,
  kModule = 9,
  kUnit = 11,
  kValue = 12,
  kKeyword = 14,
  kEnumMember = 20,
  kConstant = 21,
  kStruct = 22,
  kEvent = 23
};

int item_kind(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Source: return kStruct;
    case ast::DeclKind::Chain: return kClass;
    case ast::DeclKind::Indicator: return kVariable;
    case ast::DeclKind::Alert: return kEvent;
    case ast::DeclKind::Role: return kInterface;
    default: return kModule;
  }
}

class Completer {
 public:
  Completer(const Request& r, const CursorContext& ctx, json range) : r_(r), ctx_(ctx), range_(std::move(range)) {}

  json result() const { return json{{"isIncomplete", false}, {"items", items_}}; }

  void item(const std::string& label, int kind, const std::string& detail, const std::string& doc = "",
            std::string insert = "", bool snippet = false, char group = '5') {
    if (!seen_.insert(label).second) return;
    if (insert.empty()) insert = label;
    if (snippet && !r_.caps.snippets) snippet = false, insert = label;
    json j = {{"label", label},
              {"kind", kind},
              {"sortText", std::string(1, group) + label},
              {"filterText", label},
              {"textEdit", {{"range", range_}, {"newText", insert}}},
              {"insertTextFormat", snippet ? 2 : 1}};
    if (!detail.empty()) j["detail"] = detail;
    if (!doc.empty()) j["documentation"] = markup(r_.caps, doc);
    items_.push_back(std::move(j));
  }

  void words(const std::vector<std::string>& ws, int kind, const std::string& detail, char group = '4') {
    for (auto& w : ws) item(w, kind, detail, "", "", false, group);
  }

  // ---- the model ---------------------------------------------------------------------------------
  const check::TableInfo* table(const std::string& name) const {
    if (name.empty()) return nullptr;
    for (const Snapshot* s : snapshots()) {
      int t = s->program().find_table(name);
      if (t >= 0) return &s->program().tables[t];
    }
    return nullptr;
  }

  std::vector<const Snapshot*> snapshots() const {
    std::vector<const Snapshot*> out{&r_.snap};
    out.insert(out.end(), r_.last_good.begin(), r_.last_good.end());
    return out;
  }

  void declarations(ast::DeclKind kind, char group = '3') {
    for (const Snapshot* s : snapshots())
      for (FileId id = 0; id < s->files.size(); ++id)
        for (auto* h : ast::headers_in_order(s->ast(id)))
          if (h->kind == kind && h->name.valid())
            item(h->name.text, item_kind(kind),
                 std::string(ast::decl_kind_name(kind)) + (h->label ? " \"" + *h->label + "\"" : ""), h->doc,
                 spell_name(h->name.text), false, group);
  }

  void tables(bool chains) {
    declarations(ast::DeclKind::Source);
    if (chains) declarations(ast::DeclKind::Chain);
  }

  void columns(const std::string& table_name, char group = '1') {
    const check::TableInfo* t = table(table_name);
    if (!t) return;
    for (auto& c : t->columns)
      item(c.name, kField, check::type_name(c.type) + (c.required ? " required" : "") + " — column of " + t->name, "",
           spell_name(c.name), false, group);
  }

  bool enum_members(const std::string& table_name, const std::string& column) {
    const check::TableInfo* t = table(table_name);
    if (!t) return false;
    int c = t->find(column);
    if (c < 0 || t->columns[c].type.kind != check::TypeKind::Enum) return false;
    for (auto& m : t->columns[c].members)
      item(m, kEnumMember, "member of " + t->name + "." + column, "", spell_name(m), false, '0');
    return true;
  }

  // Roles: declared ones and owners named anywhere (owners need not be declared as roles).
  void roles() {
    declarations(ast::DeclKind::Role);
    for (FileId id = 0; id < r_.snap.files.size(); ++id)
      for (auto& o : r_.snap.index.in_file(id))
        if (o.symbol.kind == SymbolKind::Declaration && o.expects == ast::DeclKind::Role)
          item(o.symbol.name, kInterface, "owner", "", spell_name(o.symbol.name));
  }

  void builtins(bool aggregates, bool scalars, bool series) {
    for (auto& b : stdlib::builtins()) {
      bool want = (b.family == stdlib::BuiltinFamily::Aggregate && aggregates) ||
                  (b.family == stdlib::BuiltinFamily::Scalar && scalars) ||
                  (b.family == stdlib::BuiltinFamily::Series && series);
      if (!want) continue;
      std::string doc = std::string(b.doc) + "\n\nExample: `" + std::string(b.example) + "`";
      item(std::string(b.name), kFunction, std::string(b.signature), doc, std::string(b.name) + "($0)", true, '2');
    }
  }

  // ---- contexts ----------------------------------------------------------------------------------
  void run() {
    if (ctx_.in_comment || ctx_.in_string) return;
    std::string block = ctx_.block();
    if (ctx_.at_column_zero || block.empty()) {
      if (ctx_.statement.empty()) declaration_keywords();
      return;
    }
    if (ctx_.statement.empty()) return property_words(block);
    const std::string prop = ctx_.property();
    const std::string from = ctx_.decl_props.count("from") ? ctx_.decl_props.at("from") : "";
    const auto* last = ctx_.last();

    if (block == "keys") return expect_keys();
    if (block == "source") return source_statement(from);
    if ((block == "indicator" || block == "role") && prop == "where") return expression(from, false, false);
    if (block == "indicator" && prop == "value") {
      if (from.empty()) return expression("", false, true);  // a composite: other indicators
      return expression(from, true, false);
    }
    if (block == "alert" && prop == "when") return alert_condition(from);
    if (block == "node" && prop == "when") return expression(from, false, false);
    if (prop == "from") return tables(block != "chain");
    if (block == "indicator" && prop == "by") {
      if (last && last->text == "in") return tables(false);
      if (last && (last->text == "by" || last->text == ",")) return columns(from);
      if (last && last->kind == TextToken::Word)
        return words({"in"}, kKeyword, "by column in source: list every entity");
      return;
    }
    if (prop == "every") return words({"hour", "day", "week", "month", "quarter", "year"}, kValue, "period");
    if (prop == "unit") return units();
    if ((prop == "owner" || prop == "charge" || prop == "assign") && ctx_.statement.size() == 1) return roles();
    if (prop == "visible") return last && last->text == "visible" ? words({"to"}, kKeyword, "") : roles();
    if (block == "view" && prop == "for") return roles();
    if ((prop == "evidence" && block == "indicator") || prop == "sample") {
      if (ctx_.statement.size() == 1) words({"at least"}, kKeyword, "");
      return;
    }
    if (prop == "appeal") return words({"window"}, kKeyword, "appeal window 6 months");
    if (block == "chain" && (prop == "case" || prop == "step")) return columns(from);
    if (prop == "calendar") return declarations(ast::DeclKind::Calendar);
    if (prop == "notify") return declarations(ast::DeclKind::Channel);
    if (prop == "report") return declarations(ast::DeclKind::View);
    if (prop == "show") return declarations(ast::DeclKind::Indicator);
    if (prop == "alerts") return declarations(ast::DeclKind::Alert);
    if (prop == "severity") return words({"info", "warning", "critical"}, kValue, "severity");
    if (prop == "kind") return words({"dingtalk", "wecom", "slack", "webhook", "log"}, kValue, "channel kind");
    if (prop == "week")
      return words({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}, kValue,
                   "first day of the week");
    if (prop == "hours") return words({"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, kValue, "day");
    if (prop == "webhook" || prop == "secret")
      return item("env", kFunction, "env(\"NAME\"): read from the environment", "", "env(\"$1\")", true);
    if (prop == "timezone")
      return words({"\"Asia/Shanghai\"", "\"UTC\"", "\"Asia/Hong_Kong\"", "\"Europe/Berlin\"", "\"America/New_York\""},
                   kValue, "time zone");
    if (block == "role" && prop == "scope") return columns(from);
    if (block == "task" && prop == "attach") return attach();
    if (block == "test" && prop == "given") {
      if (ctx_.statement.size() == 1) tables(false);
      return;
    }
    if (block == "test" && prop == "expect") return expect_head();
  }

  void declaration_keywords() {
    for (const char* k :
         {"project", "source", "indicator", "chain", "alert", "view", "role", "calendar", "channel", "test"})
      item(k, kKeyword, "declaration", "", "", false, '1');
  }

  void property_words(const std::string& block) {
    for (auto& w : ast::property_words(block)) {
      static const std::set<std::string> repeatable = {"hours", "holidays", "workdays", "node",
                                                       "task",  "attach",   "given",    "expect"};
      if (ctx_.blocks.size() == 1 && ctx_.decl_props.count(w) && !repeatable.count(w)) continue;  // given already
      std::string insert = w == "visible"                                               ? "visible to "
                           : w == "appeal"                                              ? "appeal window "
                           : (w == "evidence" && block == "indicator") || w == "sample" ? w + " at least "
                                                                                        : w;
      item(w, kKeyword, ast::property_syntax(block, w), "", insert, false, '1');
    }
  }

  // A condition or value over the rows of `table` (or over indicators when `table` is empty).
  void expression(const std::string& table, bool aggregates, bool indicators) {
    const auto* last = ctx_.last();
    // After `col ==`, `col !=`, `col in [` (and `, ` inside that list): the column's enum members.
    if (last) {
      const std::string& l = last->text;
      if ((l == "==" || l == "!=") && ctx_.back(1) && ctx_.back(1)->kind == TextToken::Word) {
        if (enum_members(table, ctx_.back(1)->text)) return;
      }
      for (size_t i = 0; i < ctx_.statement.size(); ++i) {
        const TextToken* t = ctx_.back(i);
        if (t->text == "]" || t->text == ")") break;
        if (t->text == "[" && ctx_.back(i + 1) && ctx_.back(i + 1)->text == "in" && ctx_.back(i + 2) &&
            (ctx_.back(i + 2)->kind == TextToken::Word)) {
          const TextToken* col =
              ctx_.back(i + 2)->text == "not" && ctx_.back(i + 3) ? ctx_.back(i + 3) : ctx_.back(i + 2);
          if (enum_members(table, col->text)) return;
          break;
        }
      }
    }
    if (indicators)
      declarations(ast::DeclKind::Indicator, '1');
    else
      columns(table);
    builtins(aggregates && !inside_aggregate(), true, false);
    if (inside_aggregate() || (!aggregates && !indicators))
      words({"and", "or", "not", "in", "is", "null", "true", "false"}, kKeyword, "", '6');
    if (inside_aggregate()) words({"where"}, kKeyword, "filter the aggregate's rows", '6');
  }

  bool inside_aggregate() const {
    int depth = 0;
    for (size_t i = 0; i < ctx_.statement.size(); ++i) {
      const TextToken* t = ctx_.back(i);
      if (t->text == ")") ++depth;
      if (t->text == "(" && depth-- == 0) {
        const TextToken* callee = ctx_.back(i + 1);
        const stdlib::Builtin* b = callee ? stdlib::find_builtin(callee->text) : nullptr;
        if (b && b->family == stdlib::BuiltinFamily::Aggregate) return true;
        depth = 0;
      }
    }
    return false;
  }

  void alert_condition(const std::string& from) {
    if (!from.empty()) return expression(from, false, false);
    const auto* last = ctx_.last();
    if (last && last->text == "consecutive")
      return words({"hours", "days", "weeks", "months", "quarters", "years"}, kValue, "the indicator's period");
    if (last && last->kind == TextToken::Number && ctx_.back(1) && ctx_.back(1)->text == "for")
      return words({"consecutive"}, kKeyword, "for N consecutive <periods>");
    if (last && last->text == "misses") return words({"target"}, kKeyword, "the value fails its indicator's target");
    declarations(ast::DeclKind::Indicator, '1');
    builtins(false, true, true);
    words({"and", "or", "not", "deviates", "from", "misses", "for"}, kKeyword, "", '6');
  }

  void units() {
    item("percent", kUnit, "a ratio, shown as a percentage", "", "", false, '1');
    std::set<std::string> money;
    for (auto& t : r_.snap.program().tables)
      for (auto& c : t.columns)
        if (c.type.kind == check::TypeKind::Number && !c.type.unit.empty() && c.type.unit != "percent")
          money.insert(c.type.unit);
    for (auto& u : money) item(u, kUnit, "the unit of a column", "", "", false, '2');
    item("duration", kUnit, "a duration", "", "", false, '3');
  }

  void source_statement(const std::string&) {
    const std::string prop = ctx_.property();
    const auto& st = ctx_.statement;
    if (prop == "time" || prop == "evidence" || prop == "actor") {
      if (st.size() == 1) columns(ctx_.decl_name);
      return;
    }
    // A column definition: `name: type [unit] [required]`.
    if (st.size() >= 2 && st[1].text == ":") {
      if (st.size() == 2) {
        words({"string", "int", "number", "bool", "timestamp", "date", "duration"}, kClass, "column type");
        item("enum", kClass, "enum(A, B, ...)", "", "enum($1)", true);
        return;
      }
      if (st.back().text == "(" || st.back().text == ",") return;  // enum members are new names
      if (st[2].text == "number" || st[2].text == "int") units();
      words({"required"}, kKeyword, "rows without a value are quarantined");
    }
  }

  void attach() {
    const auto& st = ctx_.statement;
    if (st.size() == 1) return tables(false);
    if (st.size() == 2) return words({"match"}, kKeyword, "attach S match column, ...");
    const std::string& l = st.back().text;
    if (l == "match" || l == ",") return columns(st[1].text);
    if (l == "during") return words({"period"}, kKeyword, "rows in the alert's period");
    words({"during", "window"}, kKeyword, "");
  }

  void expect_head() {
    const auto& st = ctx_.statement;
    if (st.size() == 1) {
      declarations(ast::DeclKind::Indicator);
      words({"alert", "no", "step"}, kKeyword, "", '2');
      return;
    }
    const std::string& l = st.back().text;
    if (l == "no") return words({"alert"}, kKeyword, "");
    if (l == "alert") return declarations(ast::DeclKind::Alert);
    if (l == "step") return declarations(ast::DeclKind::Chain);
    // `expect step chain { ... }` then the compared column.
    if (st.size() >= 3 && st[1].text == "step" && l == "}") return columns(st[2].text);
  }

  // Inside `expect target { ... }`: the entity columns, or a node/status after `node:`/`status:`.
  void expect_keys() {
    const auto& st = ctx_.statement;
    if (st.size() < 2) return;
    std::string kind = st[1].text, target;
    size_t brace = 0;
    for (size_t i = 0; i < st.size(); ++i)
      if (st[i].text == "{") brace = i;
    if (brace == 0) return;
    target = st[brace - 1].text;
    std::string table;
    const check::Program& p = r_.snap.program();
    if (kind == "step")
      table = target;
    else if (int i = p.find_indicator(target); i >= 0 && kind != "alert" && kind != "no")
      table = p.indicators[i].table >= 0 ? p.tables[p.indicators[i].table].name : "";
    else
      for (auto& a : p.alerts)
        if (a.name == target)
          table = a.table >= 0 ? p.tables[a.table].name
                  : a.indicators.empty() || p.indicators[a.indicators[0]].table < 0
                      ? ""
                      : p.tables[p.indicators[a.indicators[0]].table].name;
    const std::string& l = st.back().text;
    if (l == ":") {
      enum_members(table, st[st.size() - 2].text);
      return;
    }
    if (l == "{" || l == ",") {
      if (kind != "step") {
        if (int i = p.find_indicator(target); i >= 0)
          for (auto& n : p.indicators[i].by_names)
            item(n, kField, "entity column", "", spell_name(n) + ": ", false, '1');
        item("period", kField, "the period label: a date for days, \"2025-W27\" otherwise", "", "period: ", false, '2');
      }
      if (!table.empty()) columns(table, '3');
    }
  }

 private:
  const Request& r_;
  const CursorContext& ctx_;
  json range_;
  json items_ = json::array();
  std::set<std::string> seen_;
};
}  // namespace

json completion(const Request& r, const json& params) {
  auto file = document_of(r.snap, params);
  if (!file || !params.contains("position")) return nullptr;
  const std::string& text = r.snap.files[*file].text;
  size_t offset = byte_offset(text, position_from_json(params["position"]));
  CursorContext ctx = cursor_context(text, offset);
  json range = range_json(position_of_byte(text, ctx.prefix_begin), position_of_byte(text, offset));
  Completer c(r, ctx, range);
  c.run();
  return c.result();
}

}  // namespace jixiao::lsp
