// `source` declarations: a table's columns and their types, and its time, evidence and actor columns.
#include "compiler/check/context.h"

#include <algorithm>

namespace jixiao::check::detail {

void Context::source(const ast::File& f, const ast::SourceDecl& s) {
  TableInfo t;
  t.name = s.h.name.text;
  t.source = &s;
  t.file = f.id;
  t.system = s.system.value_or("");
  static const std::vector<std::string> types = {"string",    "int",  "number",   "bool",
                                                 "timestamp", "date", "duration", "enum"};
  for (auto& c : s.columns) {
    if (!c.name.valid()) continue;
    if (int prev = t.find(c.name.text); prev >= 0) {
      diags_.report(diag::DuplicateColumn, c.name.span, fmt::format("column `{}` is declared twice", c.name.text))
          .notes.push_back({"first declared here", t.columns[prev].span});
      continue;
    }
    ColumnInfo col{c.name.text, Type{}, c.required, {}, c.name.span};
    const std::string& tn = c.type.name.text;
    if (tn == "string")
      col.type = Type::of(TypeKind::String);
    else if (tn == "int" || tn == "number")
      col.type = Type::of(TypeKind::Number, c.unit.valid() ? c.unit.text : "");
    else if (tn == "bool")
      col.type = Type::of(TypeKind::Bool);
    else if (tn == "timestamp")
      col.type = Type::of(TypeKind::Timestamp);
    else if (tn == "date")
      col.type = Type::of(TypeKind::Date);
    else if (tn == "duration")
      col.type = Type::of(TypeKind::Duration);
    else if (tn == "enum") {
      col.type = Type::of(TypeKind::Enum);
      col.type.table = static_cast<int>(p_.tables.size());
      col.type.column = static_cast<int>(t.columns.size());
      for (auto& m : c.type.members) {
        if (std::find(col.members.begin(), col.members.end(), m.text) != col.members.end())
          diags_.report(diag::DuplicateColumn, m.span, fmt::format("enum member `{}` is listed twice", m.text));
        else
          col.members.push_back(m.text);
      }
      if (col.members.empty()) missing(s.h, "enum members", "an enum lists its members: enum(OK, NG)");
    } else if (c.type.name.valid()) {
      Diagnostic& d =
          diags_.report(diag::UnknownColumnType, c.type.name.span, fmt::format("unknown column type `{}`", tn));
      suggest(d, tn, types);
      d.notes.push_back(
          {"the types are string, int, number, bool, timestamp, date, duration and enum(A, B, ...)", Span{}});
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
                  fmt::format("the time column `{}` is a {}, not a timestamp", s.time.text,
                              type_name(t.columns[t.time_column].type)));
    t.time_column = -1;
  }
  if (s.columns.empty()) missing(s.h, "columns", "a source lists its columns: `name: type`");
  p_.tables.push_back(std::move(t));
}

}  // namespace jixiao::check::detail
