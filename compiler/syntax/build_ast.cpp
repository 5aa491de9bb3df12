// Parse tree -> AST. Malformed pieces that the grammar accepts (unknown properties, bad units in
// quantities, bad escapes) are reported here with their own diagnostics.
#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "compiler/syntax/builder.h"
#include "compiler/syntax/syntax.h"
#include "compiler/syntax/syntax_diagnostics.h"

namespace jixiao::syntax {

using ast::ExprId;
using ast::ExprKind;
using ast::Op;

namespace {
// Number tokens hold digits only, but error recovery may conjure one (`<missing NUMBER>`) and a
// literal may have more digits than a double holds: neither may throw. Too large becomes infinity.
double number_value(std::string_view text) {
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<double>::infinity();
  return ec == std::errc() ? v : 0;
}

int64_t count_value(antlr4::tree::TerminalNode* n) {
  if (!n) return 0;
  std::string t = n->getText();
  int64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<int64_t>::max();
  return ec == std::errc() ? v : 0;
}
}  // namespace

Span AstBuilder::span(antlr4::ParserRuleContext* ctx) const {
  if (!ctx || !ctx->getStart()) return Span{};
  auto* start = ctx->getStart();
  auto* stop = ctx->getStop();
  uint32_t b = static_cast<uint32_t>(start->getStartIndex());
  uint32_t e = stop && stop->getStopIndex() + 1 >= start->getStartIndex() && stop->getType() != antlr4::Token::EOF
                   ? static_cast<uint32_t>(stop->getStopIndex() + 1)
                   : b;
  return Span{file_.id, b, std::max(b, e)};
}

Span AstBuilder::span(antlr4::tree::TerminalNode* node) const { return node ? span(node->getSymbol()) : Span{}; }

Span AstBuilder::span(antlr4::Token* tok) const {
  if (!tok) return Span{};
  uint32_t b = static_cast<uint32_t>(tok->getStartIndex());
  uint32_t e = tok->getType() == antlr4::Token::EOF ? b : static_cast<uint32_t>(tok->getStopIndex() + 1);
  return Span{file_.id, b, std::max(b, e)};
}

ast::Name AstBuilder::name(P::IdentContext* ctx) const {
  if (!ctx || ctx->getText().empty() || ctx->getText() == "<missing ID>") return ast::Name{};
  std::string text = ctx->getText();
  if (text.size() >= 2 && text.front() == '`') text = text.substr(1, text.size() - 2);
  return ast::Name{text, span(ctx)};
}

ast::Name AstBuilder::name(P::ExprNameContext* ctx) const {
  if (!ctx) return ast::Name{};
  std::string text = ctx->getText();
  if (text.size() >= 2 && text.front() == '`') text = text.substr(1, text.size() - 2);
  return ast::Name{text, span(ctx)};
}

std::vector<ast::Name> AstBuilder::names(P::IdentListContext* ctx) const {
  std::vector<ast::Name> out;
  if (!ctx) return out;
  for (auto* i : ctx->ident())
    if (auto n = name(i); n.valid()) out.push_back(n);
  return out;
}

std::string AstBuilder::string_value(antlr4::tree::TerminalNode* node) {
  if (!node) return {};
  bool bad = false;
  std::string raw = node->getText();
  std::string v = unescape_string(raw, &bad);
  if (bad) {
    // Point at the first unknown escape itself.
    Span at = span(node);
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
      if (raw[i] != '\\') continue;
      char n = raw[i + 1];
      if (n != '"' && n != '\\' && n != 'n' && n != 't') {
        at.begin += static_cast<uint32_t>(utf8_length(std::string_view(raw).substr(0, i)));
        at.end = at.begin + 1 + static_cast<uint32_t>(utf8_length(std::string_view(raw).substr(i + 1, 1)));
        break;
      }
      ++i;
    }
    diags_.report(diag::BadEscape, at, "unknown escape sequence in string")
        .notes.push_back({"the escapes are \\\" \\\\ \\n and \\t; a backslash itself is written \\\\", Span{}});
  }
  return v;
}

ast::DeclHeader AstBuilder::header(ast::DeclKind kind, antlr4::ParserRuleContext* decl,
                                   antlr4::tree::TerminalNode* keyword, P::IdentContext* ident, P::LabelContext* label,
                                   std::string doc) {
  ast::DeclHeader h;
  h.kind = kind;
  h.name = name(ident);
  if (label && label->STRING()) {
    h.label = string_value(label->STRING());
    h.label_span = span(label);
  }
  h.doc = std::move(doc);
  h.span = span(decl);
  h.keyword = span(keyword);
  h.file_order = file_.declaration_count++;
  return h;
}

ast::PropSpan AstBuilder::prop(antlr4::ParserRuleContext* ctx) {
  std::string word = ctx->getStart() ? ctx->getStart()->getText() : "";
  return ast::PropSpan{word, span(ctx)};
}

void AstBuilder::check_duplicate(std::vector<ast::PropSpan>& props) {
  if (props.size() < 2) return;
  const ast::PropSpan& last = props.back();
  // Properties that may repeat: calendar hours/holidays/workdays, chain nodes, alert tasks, test lines.
  static const char* kRepeatable[] = {"hours", "holidays", "workdays", "node", "task", "attach", "given", "expect", ""};
  for (const char* r : kRepeatable)
    if (last.word == r) return;
  for (size_t i = 0; i + 1 < props.size(); ++i) {
    if (props[i].word == last.word) {
      diags_.report(diag::DuplicateProperty, last.span, fmt::format("`{}` is given twice", last.word))
          .notes.push_back({"first given here", props[i].span});
      return;
    }
  }
}

void AstBuilder::unknown_property(P::UnknownPropContext* ctx, ast::DeclKind, const char* where) {
  ast::Name word = name(ctx->ident());
  const auto& words = ast::property_words(where);
  if (std::find(words.begin(), words.end(), word.text) != words.end()) {
    diags_.report(diag::InvalidPropertyValue, span(ctx), fmt::format("malformed `{}` property", word.text))
        .notes.push_back({fmt::format("write it as: {}", ast::property_syntax(where, word.text)), Span{}});
    return;
  }
  Diagnostic& d =
      diags_.report(diag::UnknownProperty, word.span, fmt::format("unknown property `{}` in {}", word.text, where));
  std::string guess = closest_name(word.text, words);
  if (!guess.empty()) d.notes.push_back({fmt::format("did you mean `{}`?", guess), Span{}});
  // A column definition lacks its colon more often than anything else.
  if (std::string_view(where) == "source") d.notes.push_back({"a column is written `name: type`", Span{}});
}

// ---- expressions ---------------------------------------------------------------------------------

ExprId AstBuilder::binary(Op op, ExprId a, ExprId b, Span written) {
  ast::Expr e{ExprKind::Binary};
  e.op = op;
  e.args = {a, b};
  // A parenthesized operand is its inner expression (with the inner span), so the operands' spans
  // alone would cut a leading `(` or trailing `)` off the text: `sum(x) - 1) / sum(x)`. `written`
  // covers the operands as written, parentheses included.
  e.span = cover(cover(file_.expr(a).span, file_.expr(b).span), written);
  return file_.add(std::move(e));
}

ast::Op AstBuilder::comp_op(P::CompOpContext* ctx) const {
  if (!ctx) return Op::None;
  if (ctx->EQ()) return Op::Eq;
  if (ctx->NE()) return Op::Ne;
  if (ctx->LT()) return Op::Lt;
  if (ctx->LE()) return Op::Le;
  if (ctx->GT()) return Op::Gt;
  if (ctx->GE()) return Op::Ge;
  return Op::None;
}

ExprId AstBuilder::expr(P::ExprContext* ctx) {
  if (!ctx || !ctx->orExpr()) {
    ast::Expr e{ExprKind::Null};
    e.span = span(ctx);
    return file_.add(std::move(e));
  }
  return expr(ctx->orExpr());
}

ExprId AstBuilder::expr(P::OrExprContext* ctx) {
  auto parts = ctx->andExpr();
  ExprId acc = expr(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i)
    acc = binary(Op::Or, acc, expr(parts[i]), cover(span(parts[0]), span(parts[i])));
  return acc;
}

ExprId AstBuilder::expr(P::AndExprContext* ctx) {
  auto parts = ctx->notExpr();
  ExprId acc = expr(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i)
    acc = binary(Op::And, acc, expr(parts[i]), cover(span(parts[0]), span(parts[i])));
  return acc;
}

ExprId AstBuilder::expr(P::NotExprContext* ctx) {
  if (ctx->NOT() && ctx->notExpr()) {
    ast::Expr e{ExprKind::Unary};
    e.op = Op::Not;
    e.args = {expr(ctx->notExpr())};
    e.span = span(ctx);
    return file_.add(std::move(e));
  }
  if (ctx->comparison()) return expr(ctx->comparison());
  ast::Expr e{ExprKind::Null};
  e.span = span(ctx);
  return file_.add(std::move(e));
}

ExprId AstBuilder::expr(P::ComparisonContext* ctx) {
  auto parts = ctx->additive();
  ExprId left = expr(parts[0]);
  if (parts.size() == 1 && !ctx->MISSES() && !ctx->IS()) return left;
  ast::Expr e{ExprKind::Binary};
  e.span = span(ctx);
  if (ctx->compOp() && parts.size() == 2) {
    e.op = comp_op(ctx->compOp());
    e.args = {left, expr(parts[1])};
  } else if (ctx->IN() && parts.size() == 2) {
    e.kind = ExprKind::In;
    e.flag = ctx->NOT() != nullptr;
    e.args = {left, expr(parts[1])};
  } else if (ctx->IS()) {
    e.kind = ExprKind::IsNull;
    e.flag = ctx->NOT() != nullptr;
    e.args = {left};
  } else if (ctx->DEVIATES() && parts.size() == 3) {
    e.kind = ExprKind::Deviates;
    e.args = {left, expr(parts[1]), expr(parts[2])};
  } else if (ctx->MISSES()) {
    e.kind = ExprKind::MissesTarget;
    e.args = {left};
  } else {
    return left;  // a parse error was reported already
  }
  return file_.add(std::move(e));
}

ExprId AstBuilder::expr(P::AdditiveContext* ctx) {
  auto parts = ctx->multiplicative();
  ExprId acc = expr(parts[0]);
  // Operators and operands alternate among the children.
  size_t k = 1;
  for (auto* child : ctx->children) {
    auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (!term || k >= parts.size()) continue;
    Op op = term->getSymbol()->getType() == P::PLUS ? Op::Add : Op::Sub;
    acc = binary(op, acc, expr(parts[k]), cover(span(parts[0]), span(parts[k])));
    ++k;
  }
  return acc;
}

ExprId AstBuilder::expr(P::MultiplicativeContext* ctx) {
  auto parts = ctx->unary();
  ExprId acc = expr(parts[0]);
  size_t k = 1;
  for (auto* child : ctx->children) {
    auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (!term || k >= parts.size()) continue;
    Op op = term->getSymbol()->getType() == P::STAR ? Op::Mul : Op::Div;
    acc = binary(op, acc, expr(parts[k]), cover(span(parts[0]), span(parts[k])));
    ++k;
  }
  return acc;
}

ExprId AstBuilder::expr(P::UnaryContext* ctx) {
  if (ctx->MINUS() && ctx->unary()) {
    ExprId inner = expr(ctx->unary());
    ast::Expr& in = file_.expr(inner);
    // Fold `-3` and `-2h` into literals: the formatter and diagnostics show them as written.
    if (in.kind == ExprKind::Number || in.kind == ExprKind::Percent || in.kind == ExprKind::Duration) {
      in.number = -in.number;
      in.micros = -in.micros;
      in.text = "-" + in.text;
      in.span = span(ctx);
      return inner;
    }
    ast::Expr e{ExprKind::Unary};
    e.op = Op::Neg;
    e.args = {inner};
    e.span = span(ctx);
    return file_.add(std::move(e));
  }
  if (ctx->primary()) return expr(ctx->primary());
  ast::Expr e{ExprKind::Null};
  e.span = span(ctx);
  return file_.add(std::move(e));
}

ExprId AstBuilder::expr(P::PrimaryContext* ctx) {
  ast::Expr e{ExprKind::Null};
  e.span = span(ctx);
  if (ctx->literal()) return literal(ctx->literal());
  if (ctx->NUMBER() && ctx->ident()) {
    e.kind = ExprKind::PeriodSpan;
    e.number = number_value(ctx->NUMBER()->getText());
    ast::Name unit = name(ctx->ident());
    e.text = unit.text;
    e.name_span = unit.span;
    return file_.add(std::move(e));
  }
  if (auto* call = ctx->call()) {
    e.kind = ExprKind::Call;
    ast::Name callee = name(call->exprName());
    e.text = callee.text;
    e.name_span = callee.span;
    if (auto* args = call->callArgs()) {
      // An expression right after `where` is the filter; every other one is an argument.
      bool after_where = false;
      for (auto* child : args->children) {
        if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
          after_where = term->getSymbol()->getType() == P::WHERE;
          continue;
        }
        auto* x = dynamic_cast<P::ExprContext*>(child);
        if (!x) continue;
        if (after_where)
          e.filter = expr(x);
        else
          e.args.push_back(expr(x));
        after_where = false;
      }
    }
    return file_.add(std::move(e));
  }
  if (ctx->exprName()) {
    e.kind = ExprKind::Name;
    e.text = name(ctx->exprName()).text;
    return file_.add(std::move(e));
  }
  if (ctx->LPAREN() && ctx->expr().size() == 1) {
    ExprId inner = expr(ctx->expr(0));
    return inner;
  }
  if (ctx->LBRACK()) {
    e.kind = ExprKind::List;
    for (auto* x : ctx->expr()) e.args.push_back(expr(x));
    return file_.add(std::move(e));
  }
  return file_.add(std::move(e));
}

ExprId AstBuilder::literal(P::LiteralContext* ctx) {
  ast::Expr e{ExprKind::Null};
  e.span = span(ctx);
  std::string text = ctx->getText();
  e.text = text;
  if (ctx->NUMBER()) {
    e.kind = ExprKind::Number;
    e.number = number_value(text);
  } else if (ctx->PERCENT()) {
    e.kind = ExprKind::Percent;
    e.number = number_value(std::string_view(text).substr(0, text.size() - 1)) / 100.0;
  } else if (ctx->QUANTITY()) {
    e.kind = ExprKind::Duration;
    std::string bad;
    bool too_long = false;
    if (auto v = parse_quantity(text, &bad, &too_long)) {
      e.micros = *v;
    } else if (too_long) {
      diags_.report(diag::DurationTooLong, e.span, fmt::format("`{}` is longer than a duration can be", text))
          .notes.push_back({"durations reach about 146,000 years (2^62 microseconds)", Span{}});
    } else {
      diags_.report(diag::UnknownDurationUnit, e.span, fmt::format("unknown unit `{}` in `{}`", bad, text))
          .notes.push_back({"durations use s, m, h, d and w (`90s`, `15m`, `1h30m`); calendar spans are written "
                            "with a space (`3 months`)",
                            Span{}});
    }
  } else if (ctx->STRING()) {
    e.kind = ExprKind::String;
    e.text = string_value(ctx->STRING());
  } else if (ctx->DATE()) {
    e.kind = ExprKind::Date;
  } else if (ctx->TIMESTAMP()) {
    e.kind = ExprKind::Timestamp;
  } else if (ctx->TIME_OF_DAY()) {
    e.kind = ExprKind::TimeOfDay;
  } else if (ctx->TRUE_LIT() || ctx->FALSE_LIT()) {
    e.kind = ExprKind::Bool;
    e.flag = ctx->TRUE_LIT() != nullptr;
  }
  return file_.add(std::move(e));
}

ast::Bound AstBuilder::bound(P::CompOpContext* op, P::ExprContext* value) {
  ast::Bound b;
  b.op = comp_op(op);
  b.value = expr(value);
  b.span = cover(span(op), span(value));
  return b;
}

std::vector<ast::Band> AstBuilder::bands(P::BandsBlockContext* ctx) {
  std::vector<ast::Band> out;
  for (auto* b : ctx->band()) {
    ast::Band band;
    band.name = name(b->ident());
    band.bound = bound(b->compOp(), b->expr());
    band.span = span(b);
    out.push_back(std::move(band));
  }
  return out;
}

// ---- declarations --------------------------------------------------------------------------------

void AstBuilder::build(P::DeclarationContext* d, std::string doc) {
  if (auto* x = d->projectDecl())
    project(x, std::move(doc));
  else if (auto* x = d->calendarDecl())
    calendar(x, std::move(doc));
  else if (auto* x = d->channelDecl())
    channel(x, std::move(doc));
  else if (auto* x = d->sourceDecl())
    source(x, std::move(doc));
  else if (auto* x = d->indicatorDecl())
    indicator(x, std::move(doc));
  else if (auto* x = d->chainDecl())
    chain(x, std::move(doc));
  else if (auto* x = d->alertDecl())
    alert(x, std::move(doc));
  else if (auto* x = d->roleDecl())
    role(x, std::move(doc));
  else if (auto* x = d->viewDecl())
    view(x, std::move(doc));
  else if (auto* x = d->testDecl())
    test(x, std::move(doc));
}

void AstBuilder::project(P::ProjectDeclContext* ctx, std::string doc) {
  ast::ProjectDecl d;
  d.h = header(ast::DeclKind::Project, ctx, ctx->PROJECT(), ctx->ident(), ctx->label(), std::move(doc));
  for (auto* p : ctx->projectProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "project");
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->TIMEZONE()) {
      d.timezone = string_value(p->STRING());
      d.timezone_span = span(p->STRING());
    } else if (p->CALENDAR())
      d.calendar = name(p->ident());
    else if (p->WEEK())
      d.week = name(p->ident());
  }
  file_.projects.push_back(std::move(d));
}

void AstBuilder::calendar(P::CalendarDeclContext* ctx, std::string doc) {
  ast::CalendarDecl d;
  d.h = header(ast::DeclKind::Calendar, ctx, ctx->CALENDAR(), ctx->ident(), ctx->label(), std::move(doc));
  auto date_range = [&](P::DateRangeContext* r) {
    ast::DateRange out;
    auto dates = r->DATE();
    if (!dates.empty()) out.first = dates[0]->getText();
    if (dates.size() > 1) out.last = dates[1]->getText();
    out.span = span(r);
    return out;
  };
  for (auto* p : ctx->calendarProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "calendar");
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->TIMEZONE()) {
      d.timezone = string_value(p->STRING());
      d.timezone_span = span(p->STRING());
    } else if (p->HOURS()) {
      ast::HoursLine line;
      auto days = p->dayRange()->ident();
      if (!days.empty()) line.days.first = name(days[0]);
      if (days.size() > 1) line.days.last = name(days[1]);
      for (auto* r : p->timeRange()) {
        auto t = r->TIME_OF_DAY();
        if (t.size() == 2) line.ranges.push_back(ast::TimeRange{t[0]->getText(), t[1]->getText(), span(r)});
      }
      line.span = span(p);
      d.hours.push_back(std::move(line));
    } else if (p->HOLIDAYS()) {
      for (auto* r : p->dateRange()) d.holidays.push_back(date_range(r));
    } else if (p->WORKDAYS()) {
      for (auto* t : p->DATE()) d.workdays.push_back(ast::DateRange{t->getText(), "", span(t)});
    }
  }
  file_.calendars.push_back(std::move(d));
}

void AstBuilder::channel(P::ChannelDeclContext* ctx, std::string doc) {
  ast::ChannelDecl d;
  d.h = header(ast::DeclKind::Channel, ctx, ctx->CHANNEL(), ctx->ident(), ctx->label(), std::move(doc));
  auto text_or_env = [&](P::TextOrEnvContext* t) {
    ast::TextOrEnv out;
    out.span = span(t);
    if (t->ident()) {
      ast::Name fn = name(t->ident());
      out.from_env = true;
      if (fn.text != "env")
        diags_.report(diag::InvalidPropertyValue, fn.span, fmt::format("unknown function `{}`", fn.text))
            .notes.push_back({"secrets and addresses come from the environment: env(\"NAME\")", Span{}});
    }
    out.text = string_value(t->STRING());
    return out;
  };
  for (auto* p : ctx->channelProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "channel");
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->KIND())
      d.kind = name(p->ident());
    else if (p->WEBHOOK())
      d.webhook = text_or_env(p->textOrEnv());
    else if (p->SECRET())
      d.secret = text_or_env(p->textOrEnv());
  }
  file_.channels.push_back(std::move(d));
}

void AstBuilder::source(P::SourceDeclContext* ctx, std::string doc) {
  ast::SourceDecl d;
  d.h = header(ast::DeclKind::Source, ctx, ctx->SOURCE(), ctx->ident(), ctx->label(), std::move(doc));
  for (auto* p : ctx->sourceProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "source");
      continue;
    }
    if (auto* c = p->columnDef()) {
      ast::ColumnDef col;
      col.name = name(c->ident(0));
      col.unit = name(c->unitName);
      col.required = c->REQUIRED() != nullptr;
      col.span = span(c);
      if (auto* t = c->columnType()) {
        auto ids = t->ident();
        if (!ids.empty()) col.type.name = name(ids[0]);
        for (size_t i = 1; i < ids.size(); ++i) col.type.members.push_back(name(ids[i]));
        col.type.span = span(t);
      }
      d.columns.push_back(std::move(col));
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->SYSTEM()) {
      d.system = string_value(p->STRING());
      d.system_span = span(p->STRING());
    } else if (p->TIME())
      d.time = name(p->ident());
    else if (p->EVIDENCE())
      d.evidence = name(p->ident());
    else if (p->ACTOR())
      d.actor = name(p->ident());
  }
  file_.sources.push_back(std::move(d));
}

void AstBuilder::indicator(P::IndicatorDeclContext* ctx, std::string doc) {
  ast::IndicatorDecl d;
  d.h = header(ast::DeclKind::Indicator, ctx, ctx->INDICATOR(), ctx->ident(), ctx->label(), std::move(doc));
  for (auto* p : ctx->indicatorProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "indicator");
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->FROM())
      d.from = name(p->ident());
    else if (p->WHERE())
      d.where = expr(p->expr());
    else if (p->VALUE())
      d.value = expr(p->expr());
    else if (p->BY()) {
      for (auto* b : p->byItem()) {
        auto ids = b->ident();
        ast::ByItem item;
        if (!ids.empty()) item.column = name(ids[0]);
        if (ids.size() > 1) item.in_source = name(ids[1]);
        d.by.push_back(std::move(item));
      }
      d.by_span = span(p);
    } else if (p->EVERY())
      d.every = name(p->ident());
    else if (p->UNIT())
      d.unit = name(p->ident());
    else if (p->TARGET())
      d.target = bound(p->compOp(), p->expr());
    else if (p->OWNER())
      d.owner = name(p->ident());
    else if (p->EVIDENCE()) {
      d.evidence_min = count_value(p->NUMBER());
      d.evidence_span = span(p);
    } else if (p->SAMPLE()) {
      d.sample_min = count_value(p->NUMBER());
      d.sample_span = span(p);
    } else if (p->VISIBLE())
      d.visible_to = names(p->identList());
    else if (p->APPEAL())
      d.appeal_window = expr(p->expr());
  }
  file_.indicators.push_back(std::move(d));
}

ast::NodeDecl AstBuilder::node(P::NodeDeclContext* ctx) {
  ast::NodeDecl n;
  n.name = name(ctx->ident());
  if (ctx->label() && ctx->label()->STRING()) n.label = string_value(ctx->label()->STRING());
  n.span = span(ctx);
  for (auto* p : ctx->nodeProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), ast::DeclKind::Chain, "node");
      continue;
    }
    n.props.push_back(prop(p));
    check_duplicate(n.props);
    if (p->OWNER())
      n.owner = name(p->ident());
    else if (p->WITHIN())
      n.within = expr(p->expr());
    else if (p->CHARGE())
      n.charge = name(p->ident());
    else if (p->WHEN())
      n.when = expr(p->expr());
    else if (p->bandsBlock()) {
      n.bands = bands(p->bandsBlock());
      n.has_bands = true;
      n.bands_span = span(p->bandsBlock());
    }
  }
  return n;
}

void AstBuilder::chain(P::ChainDeclContext* ctx, std::string doc) {
  ast::ChainDecl d;
  d.h = header(ast::DeclKind::Chain, ctx, ctx->CHAIN(), ctx->ident(), ctx->label(), std::move(doc));
  for (auto* p : ctx->chainProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "chain");
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->FROM())
      d.from = name(p->ident());
    else if (p->CASE())
      d.case_column = name(p->ident());
    else if (p->STEP())
      d.step_column = name(p->ident());
    else if (p->CALENDAR())
      d.calendar = name(p->ident());
    else if (p->nodeDecl())
      d.nodes.push_back(node(p->nodeDecl()));
    else if (p->bandsBlock()) {
      d.bands = bands(p->bandsBlock());
      d.has_bands = true;
      d.bands_span = span(p->bandsBlock());
    }
  }
  file_.chains.push_back(std::move(d));
}

ast::TaskDecl AstBuilder::task(P::TaskDeclContext* ctx) {
  ast::TaskDecl t;
  t.name = name(ctx->ident());
  if (ctx->label() && ctx->label()->STRING()) t.label = string_value(ctx->label()->STRING());
  t.span = span(ctx);
  for (auto* p : ctx->taskProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), ast::DeclKind::Alert, "task");
      continue;
    }
    t.props.push_back(prop(p));
    check_duplicate(t.props);
    auto ids = p->ident();
    if (p->ASSIGN())
      t.assign = name(ids.empty() ? nullptr : ids[0]);
    else if (p->DUE())
      t.due = expr(p->expr());
    else if (p->ATTACH()) {
      ast::Attach a;
      if (!ids.empty()) a.source = name(ids[0]);
      a.match = names(p->identList());
      if (p->DURING() && ids.size() > 1) a.during = name(ids[1]);
      if (p->WINDOW()) a.window = expr(p->expr());
      a.span = span(p);
      t.attach.push_back(std::move(a));
    }
  }
  return t;
}

void AstBuilder::alert(P::AlertDeclContext* ctx, std::string doc) {
  ast::AlertDecl d;
  d.h = header(ast::DeclKind::Alert, ctx, ctx->ALERT(), ctx->ident(), ctx->label(), std::move(doc));
  for (auto* p : ctx->alertProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "alert");
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->FROM())
      d.from = name(p->ident());
    else if (p->WHEN()) {
      d.when = expr(p->expr());
      d.when_span = span(p);
      if (p->FOR() && p->NUMBER()) {
        d.for_count = count_value(p->NUMBER());
        d.for_unit = name(p->ident());
      }
    } else if (p->SEVERITY())
      d.severity = name(p->ident());
    else if (p->NOTIFY())
      d.notify = names(p->identList());
    else if (p->MESSAGE()) {
      d.message = string_value(p->STRING());
      d.message_span = span(p->STRING());
    } else if (p->taskDecl())
      d.tasks.push_back(task(p->taskDecl()));
    else if (p->REPORT())
      d.report = name(p->ident());
  }
  file_.alerts.push_back(std::move(d));
}

void AstBuilder::role(P::RoleDeclContext* ctx, std::string doc) {
  ast::RoleDecl d;
  d.h = header(ast::DeclKind::Role, ctx, ctx->ROLE(), ctx->ident(), ctx->label(), std::move(doc));
  for (auto* p : ctx->roleProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "role");
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->FROM())
      d.from = name(p->ident());
    else if (p->WHERE())
      d.where = expr(p->expr());
    else if (p->SCOPE())
      d.scope = name(p->ident());
  }
  file_.roles.push_back(std::move(d));
}

void AstBuilder::view(P::ViewDeclContext* ctx, std::string doc) {
  ast::ViewDecl d;
  d.h = header(ast::DeclKind::View, ctx, ctx->VIEW(), ctx->ident(), ctx->label(), std::move(doc));
  for (auto* p : ctx->viewProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "view");
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->FOR())
      d.for_role = name(p->ident());
    else if (p->SHOW())
      d.show = names(p->identList());
    else if (p->ALERTS())
      d.alerts = names(p->identList());
  }
  file_.views.push_back(std::move(d));
}

void AstBuilder::test(P::TestDeclContext* ctx, std::string doc) {
  ast::TestDecl d;
  if (ctx->STRING()) {
    d.h = header(ast::DeclKind::Test, ctx, ctx->TEST(), nullptr, nullptr, std::move(doc));
    d.h.name = ast::Name{string_value(ctx->STRING()), span(ctx->STRING())};
    d.titled_by_string = true;
  } else {
    d.h = header(ast::DeclKind::Test, ctx, ctx->TEST(), ctx->ident(), ctx->label(), std::move(doc));
  }
  for (auto* p : ctx->testProp()) {
    if (p->unknownProp()) {
      unknown_property(p->unknownProp(), d.h.kind, "test");
      continue;
    }
    d.props.push_back(prop(p));
    check_duplicate(d.props);
    if (p->AS_OF()) {
      auto* t = p->TIMESTAMP() ? p->TIMESTAMP() : p->DATE();
      if (t) {
        d.as_of = t->getText();
        d.as_of_span = span(t);
      }
    } else if (p->GIVEN()) {
      ast::Given g;
      g.source = name(p->ident());
      g.span = span(p);
      if (p->TEXT_BLOCK()) {
        std::string raw = p->TEXT_BLOCK()->getText();
        g.text_block = raw.size() >= 6 ? raw.substr(3, raw.size() - 6) : std::string();
        g.body_span = span(p->TEXT_BLOCK());
      } else if (p->STRING()) {
        g.file = string_value(p->STRING());
        g.body_span = span(p->STRING());
      }
      d.given.push_back(std::move(g));
    } else if (auto* x = p->expectation()) {
      ast::Expect e;
      e.span = span(p);
      auto ids = x->ident();
      if (x->NO())
        e.kind = ast::ExpectKind::NoAlert;
      else if (x->ALERT())
        e.kind = ast::ExpectKind::Alert;
      else if (x->STEP())
        e.kind = ast::ExpectKind::Step;
      else
        e.kind = ast::ExpectKind::Value;
      if (!ids.empty()) e.target = name(ids[0]);
      if (e.kind == ast::ExpectKind::Step && ids.size() > 1) e.column = name(ids[1]);
      if (auto* keys = x->entityKeys()) {
        for (auto* kv : keys->keyValue()) e.keys.push_back(ast::KeyValue{name(kv->ident()), expr(kv->expr())});
      }
      if (x->compOp()) {
        e.op = comp_op(x->compOp());
        e.expected = expr(x->expr());
      }
      d.expects.push_back(std::move(e));
    }
  }
  file_.tests.push_back(std::move(d));
}

}  // namespace jixiao::syntax
