// `alert` declarations (row alerts with `from`, value alerts over indicators), their tasks and
// `message` placeholders; and the `channel`s alerts notify.
#include "compiler/check/context.h"

#include <algorithm>

namespace jixiao::check::detail {

void Context::channel(const ast::ChannelDecl& c) {
  static const std::vector<std::string> kinds = {"dingtalk", "wecom", "slack", "webhook", "log"};
  if (!c.kind.valid()) {
    missing(c.h, "kind", "every channel says where it delivers: kind dingtalk | wecom | slack | webhook | log");
  } else if (std::find(kinds.begin(), kinds.end(), c.kind.text) == kinds.end()) {
    Diagnostic& d =
        diags_.report(diag::InvalidChoice, c.kind.span, fmt::format("unknown channel kind `{}`", c.kind.text));
    suggest(d, c.kind.text, kinds);
    d.notes.push_back({"the kinds are dingtalk, wecom, slack, webhook and log", Span{}});
  } else if (c.kind.text != "log" && !c.webhook.valid()) {
    missing(c.h, "webhook", "a channel that posts to a service needs its address: webhook env(\"NAME\")");
  }
}

void Context::alert(const ast::File& f, const ast::AlertDecl& a) {
  AlertInfo ai;
  ai.decl = &a;
  ai.file = f.id;
  ai.name = a.h.name.text;
  if (a.severity.valid()) {
    static const std::vector<std::string> sev = {"info", "warning", "critical"};
    if (std::find(sev.begin(), sev.end(), a.severity.text) == sev.end()) {
      Diagnostic& d =
          diags_.report(diag::InvalidChoice, a.severity.span, fmt::format("unknown severity `{}`", a.severity.text));
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
      diags_
          .report(diag::ConsecutiveUnitMismatch, a.for_unit.span,
                  "`for N consecutive` applies to indicator values, not to rows")
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
        diags_.report(
            diag::CompositeMismatch, a.when_span,
            fmt::format("`{}` and `{}` differ in `by` or `every`, so their values do not line up", x.name, y.name));
    }
    if (a.for_count && !ai.indicators.empty()) {
      auto& ii = p_.indicators[ai.indicators[0]];
      auto g = parse_grain(a.for_unit.text);
      if (!g) {
        Diagnostic& d =
            diags_.report(diag::UnknownGrain, a.for_unit.span, fmt::format("unknown period `{}`", a.for_unit.text));
        suggest(d, a.for_unit.text, {"hours", "days", "weeks", "months", "quarters", "years"});
      } else if (*g != ii.grain) {
        diags_
            .report(
                diag::ConsecutiveUnitMismatch, a.for_unit.span,
                fmt::format("`{}` is computed every {}, not every {}", ii.name, grain_name(ii.grain), grain_name(*g)))
            .notes.push_back(
                {fmt::format("write `for {} consecutive {}s`", *a.for_count, grain_name(ii.grain)), Span{}});
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
        diags_.report(diag::InvalidChoice, at.during.span,
                      fmt::format("`during {}`: only `during period` exists", at.during.text));
      if (at.window.valid() && f.expr(at.window).kind != ExprKind::Duration)
        diags_.report(diag::DeadlineNotDuration, f.expr(at.window).span,
                      "an attach window must be a duration such as `2d`");
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

void Context::placeholder_error(const ast::AlertDecl& a, const AlertInfo& ai, const TemplatePiece& piece, int ordinal,
                                bool rows, const std::vector<std::string>& entity,
                                const std::vector<std::string>& indicators) {
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
  Diagnostic& d =
      diags_.report(diag::UnknownPlaceholder, span,
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
    d.notes.push_back(
        {"an alert with `from` is raised per row and has no period: name a column of the row instead", Span{}});
  else if (rows)
    d.notes.push_back(
        {fmt::format("an alert with `from` may name the columns of `{}`: {}", p_.tables[ai.table].name, join(known)),
         Span{}});
  else
    d.notes.push_back(
        {fmt::format("a placeholder names an entity column, an indicator of the condition or `period`: {}",
                     join(known)),
         Span{}});
}

}  // namespace jixiao::check::detail
