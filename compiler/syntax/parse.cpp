// Lexing, the line-continuation filter, cutting into declaration chunks, and ANTLR error reporting.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <set>

#include "PerfLexer.h"
#include "PerfParser.h"
#include "antlr4-runtime.h"
#include "compiler/syntax/builder.h"
#include "compiler/syntax/syntax.h"
#include "compiler/syntax/syntax_diagnostics.h"

namespace jixiao::syntax {

using jixiao_antlr::PerfLexer;
using jixiao_antlr::PerfParser;

namespace {

constexpr size_t kCommentChannel = 2;

bool is_declaration_keyword(size_t type) {
  switch (type) {
    case PerfLexer::PROJECT:
    case PerfLexer::SOURCE:
    case PerfLexer::INDICATOR:
    case PerfLexer::CHAIN:
    case PerfLexer::ALERT:
    case PerfLexer::VIEW:
    case PerfLexer::ROLE:
    case PerfLexer::CALENDAR:
    case PerfLexer::CHANNEL:
    case PerfLexer::TEST: return true;
    default: return false;
  }
}

// A line that ends with one of these continues onto the next (docs/language-reference.md, files and projects).
bool continues_line(size_t type) {
  switch (type) {
    case PerfLexer::PLUS:
    case PerfLexer::MINUS:
    case PerfLexer::STAR:
    case PerfLexer::SLASH:
    case PerfLexer::EQ:
    case PerfLexer::NE:
    case PerfLexer::LT:
    case PerfLexer::LE:
    case PerfLexer::GT:
    case PerfLexer::GE:
    case PerfLexer::AND:
    case PerfLexer::OR:
    case PerfLexer::NOT:
    case PerfLexer::COMMA:
    case PerfLexer::LBRACE:
    case PerfLexer::DOTDOT:
    case PerfLexer::COLON: return true;
    default: return false;
  }
}

std::string describe_token_type(const antlr4::dfa::Vocabulary& vocab, size_t type) {
  if (type == antlr4::Token::EOF) return "the end of the declaration";
  switch (type) {
    case PerfLexer::ID:
    case PerfLexer::BACKTICK_ID: return "a name";
    case PerfLexer::NUMBER: return "a number";
    case PerfLexer::PERCENT: return "a percentage";
    case PerfLexer::QUANTITY: return "a duration";
    case PerfLexer::STRING: return "a string";
    case PerfLexer::TEXT_BLOCK: return "a text block";
    case PerfLexer::DATE: return "a date";
    case PerfLexer::TIMESTAMP: return "a timestamp";
    case PerfLexer::TIME_OF_DAY: return "a time of day";
    case PerfLexer::NL: return "a line break";
    default: break;
  }
  std::string lit = vocab.getLiteralName(type);
  if (lit.size() >= 2 && lit.front() == '\'') return "`" + lit.substr(1, lit.size() - 2) + "`";
  return vocab.getSymbolicName(type);
}

std::string describe_token(const antlr4::Token* t) {
  if (t->getType() == antlr4::Token::EOF) return "end of declaration";
  if (t->getType() == PerfLexer::NL) return "end of line";
  std::string text = t->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return "`" + text + "`";
}

// Turns ANTLR's messages into our diagnostics: one per line at most, since later errors on the same
// line are usually echoes of the first, and none on a line whose characters the lexer already rejected.
class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(FileId file, DiagnosticSink& diags, const std::set<size_t>& quiet_lines)
      : file_(file), diags_(diags), quiet_lines_(quiet_lines) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t,
                   const std::string& msg, std::exception_ptr) override {
    if (line == last_line_ || quiet_lines_.count(line)) return;
    last_line_ = line;
    Span span{file_, 0, 0};
    if (offending) {
      span.begin = static_cast<uint32_t>(offending->getStartIndex());
      span.end = offending->getType() == antlr4::Token::EOF ? span.begin
                                                            : static_cast<uint32_t>(offending->getStopIndex() + 1);
    }
    std::string message;
    if (msg.rfind("missing ", 0) == 0 && offending) {
      auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
      std::string what = "a token";
      if (parser) {
        auto expected = parser->getExpectedTokens();
        if (expected.size() == 1) what = describe_token_type(parser->getVocabulary(), expected.getMinElement());
      }
      message = fmt::format("missing {} before {}", what, describe_token(offending));
    } else {
      message = offending ? fmt::format("unexpected {}", describe_token(offending)) : "syntax error";
    }
    Diagnostic& d = diags_.report(diag::UnexpectedToken, span, message);
    if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
      antlr4::misc::IntervalSet expected;
      try {
        expected = parser->getExpectedTokens();
      } catch (...) {}
      std::vector<std::string> words;
      for (size_t t : expected.toList()) {
        std::string w = describe_token_type(parser->getVocabulary(), t);
        if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
      }
      if (!words.empty() && words.size() <= 8) {
        std::string list;
        for (size_t i = 0; i < words.size(); ++i) list += (i ? (i + 1 == words.size() ? " or " : ", ") : "") + words[i];
        d.notes.push_back({"expected " + list, Span{}});
      }
    }
  }

 private:
  FileId file_;
  DiagnosticSink& diags_;
  const std::set<size_t>& quiet_lines_;
  size_t last_line_ = SIZE_MAX;
};

std::unique_ptr<antlr4::CommonToken> synthetic(size_t type, const std::string& text, size_t at) {
  auto t = std::make_unique<antlr4::CommonToken>(type, text);
  t->setStartIndex(at);
  t->setStopIndex(at == 0 ? 0 : at - 1);
  t->setChannel(antlr4::Token::DEFAULT_CHANNEL);
  return t;
}

bool is_open_bracket(size_t type) {
  return type == PerfLexer::LPAREN || type == PerfLexer::LBRACK || type == PerfLexer::LBRACE;
}

size_t closing_bracket(size_t open) {
  return open == PerfLexer::LPAREN   ? PerfLexer::RPAREN
         : open == PerfLexer::LBRACK ? PerfLexer::RBRACK
                                     : PerfLexer::RBRACE;
}

const char* bracket_text(size_t type) {
  switch (type) {
    case PerfLexer::LPAREN: return "(";
    case PerfLexer::RPAREN: return ")";
    case PerfLexer::LBRACK: return "[";
    case PerfLexer::RBRACK: return "]";
    case PerfLexer::LBRACE: return "{";
    default: return "}";
  }
}

Span token_span(FileId file, const antlr4::Token* t) {
  return Span{file, uint32_t(t->getStartIndex()), uint32_t(t->getStopIndex() + 1)};
}

// The parser, the AST builder, the checker and the planner recurse once per level of brackets or
// prefix operators, and once per operator of a chain such as `a + b + c` (a left-deep tree). No real
// rule comes near these limits; refusing them up front keeps any input from exhausting the stack.
constexpr size_t kMaxNesting = 100;
constexpr size_t kMaxOperatorsPerProperty = 1000;

bool is_operator(size_t type) {
  switch (type) {
    case PerfLexer::PLUS:
    case PerfLexer::MINUS:
    case PerfLexer::STAR:
    case PerfLexer::SLASH:
    case PerfLexer::EQ:
    case PerfLexer::NE:
    case PerfLexer::LT:
    case PerfLexer::LE:
    case PerfLexer::GT:
    case PerfLexer::GE:
    case PerfLexer::AND:
    case PerfLexer::OR:
    case PerfLexer::NOT: return true;
    default: return false;
  }
}

// One declaration's tokens as the parser gets them: line continuation applied (a line ending inside
// `(` or `[` or with an operator or comma goes on), and every bracket closed. A `(` or `[` cannot hold
// a block, so one still open when its block or an outer bracket closes, or when the declaration ends,
// is reported and closed for the parser at the end of its own line (or at that closer, if sooner):
// the rest of the declaration then parses and is checked as written. An unclosed `{` is closed where
// the declaration ends. Returns nothing, after reporting why, when brackets nest or operators chain
// beyond the limits above.
std::optional<std::vector<std::unique_ptr<antlr4::Token>>> prepare_chunk(const std::vector<antlr4::Token*>& toks,
                                                                         size_t chunk_end_index, bool at_file_end,
                                                                         FileId file, DiagnosticSink& diags) {
  const size_t n = toks.size();
  // Index of the line break ending each token's line (n when the declaration ends first).
  std::vector<size_t> line_end(n + 1, n);
  for (size_t i = n; i-- > 0;) line_end[i] = toks[i]->getType() == PerfLexer::NL ? i : line_end[i + 1];

  // Pass 1: match brackets. `close_before[i]` lists the closers to insert before token i (n: at the end).
  std::vector<std::vector<size_t>> close_before(n + 1);
  std::vector<bool> stray(n, false);  // a closer that closes nothing
  std::vector<size_t> stack;  // indexes of open brackets
  std::set<size_t> reported_lines;
  const antlr4::Token* innermost_unclosed_block = nullptr;
  size_t prefix_run = 0;
  // Closes stack[k..] (innermost first) because of what is at `at` (a closer, or n for the end).
  auto close_from = [&](size_t k, size_t at) {
    while (stack.size() > k) {
      size_t o = stack.back();
      stack.pop_back();
      size_t type = toks[o]->getType();
      if (type == PerfLexer::LBRACE) {
        close_before[at].push_back(PerfLexer::RBRACE);
        if (!innermost_unclosed_block) innermost_unclosed_block = toks[o];
        continue;
      }
      close_before[std::min(line_end[o], at)].push_back(closing_bracket(type));
      if (!reported_lines.insert(toks[o]->getLine()).second) continue;
      Diagnostic& d = diags.report(diag::UnclosedBracket, token_span(file, toks[o]),
                                   fmt::format("unclosed `{}`", bracket_text(type)));
      if (at == n) {
        d.notes.push_back(
            {at_file_end ? "the file ends here" : "the next declaration starts here, so this one ends before it",
             Span{file, uint32_t(chunk_end_index), uint32_t(chunk_end_index)}});
      } else {
        size_t closer = toks[at]->getType();
        d.notes.push_back(
            {closer == PerfLexer::RBRACE
                 ? fmt::format("the `}}` here ends the block while the `{}` is still open", bracket_text(type))
                 : fmt::format("the `{}` here closes an outer bracket while the `{}` is still open",
                               bracket_text(closer), bracket_text(type)),
             token_span(file, toks[at])});
      }
    }
  };
  for (size_t i = 0; i < n; ++i) {
    size_t type = toks[i]->getType();
    if (type == PerfLexer::MINUS || type == PerfLexer::NOT)
      ++prefix_run;
    else if (type != PerfLexer::NL)
      prefix_run = 0;
    if (is_open_bracket(type)) stack.push_back(i);
    if (stack.size() + prefix_run > kMaxNesting) {
      diags
          .report(diag::NestingTooDeep, token_span(file, toks[i]),
                  fmt::format("{} nest more than {} levels deep",
                              is_open_bracket(type) ? "brackets" : "prefix operators and brackets", kMaxNesting))
          .notes.push_back({"this declaration is not parsed", Span{}});
      return std::nullopt;
    }
    if (type == PerfLexer::RPAREN || type == PerfLexer::RBRACK || type == PerfLexer::RBRACE) {
      // Look for the opener, not past the innermost block for ( and [.
      size_t want = type == PerfLexer::RPAREN   ? PerfLexer::LPAREN
                    : type == PerfLexer::RBRACK ? PerfLexer::LBRACK
                                                : PerfLexer::LBRACE;
      size_t k = stack.size();
      while (k > 0) {
        size_t t = toks[stack[k - 1]]->getType();
        if (t == want) break;
        if (t == PerfLexer::LBRACE) {
          k = 0;
          break;
        }
        --k;
      }
      if (k == 0) {
        // Nothing to close: report it here and leave it out, so the rest parses as written.
        stray[i] = true;
        if (reported_lines.insert(toks[i]->getLine()).second)
          diags
              .report(diag::UnexpectedToken, token_span(file, toks[i]),
                      fmt::format("unmatched `{}`", bracket_text(type)))
              .notes.push_back({fmt::format("no `{}` is open here", bracket_text(want)), Span{}});
        continue;
      }
      close_from(k, i);
      stack.pop_back();
    }
  }
  close_from(0, n);
  if (innermost_unclosed_block) {
    diags.report(diag::UnclosedBracket, token_span(file, innermost_unclosed_block), "unclosed `{`")
        .notes.push_back(
            {at_file_end ? "the file ends here" : "the next declaration starts here, so this one ends before it",
             Span{file, uint32_t(chunk_end_index), uint32_t(chunk_end_index)}});
  }

  // Pass 2: emit, dropping the line breaks that do not end a property.
  std::vector<std::unique_ptr<antlr4::Token>> out;
  int depth = 0;
  size_t prev_type = PerfLexer::NL;
  size_t operators = 0;  // in the current property
  for (size_t i = 0; i <= n; ++i) {
    size_t at = i < n ? toks[i]->getStartIndex() : chunk_end_index;
    for (size_t closer : close_before[i]) {
      if (closer == PerfLexer::RBRACE && prev_type != PerfLexer::NL)
        out.push_back(synthetic(PerfLexer::NL, "\n", at));
      else if (closer != PerfLexer::RBRACE)
        --depth;
      out.push_back(synthetic(closer, bracket_text(closer), at));
      prev_type = closer;
    }
    if (i == n) break;
    if (stray[i]) continue;
    size_t type = toks[i]->getType();
    if (type == PerfLexer::NL) {
      if (depth > 0 || prev_type == PerfLexer::NL || continues_line(prev_type)) continue;
      // A line break right before `}` ends nothing new: dropping it lets `{ a: 1,\n b: 2\n }` span lines.
      size_t next = i + 1;
      while (next < n && toks[next]->getType() == PerfLexer::NL) ++next;
      if (next < n && toks[next]->getType() == PerfLexer::RBRACE && close_before[next].empty()) continue;
    } else if (type == PerfLexer::LPAREN || type == PerfLexer::LBRACK) {
      ++depth;
    } else if (type == PerfLexer::RPAREN || type == PerfLexer::RBRACK) {
      --depth;
    }
    if (type == PerfLexer::NL || type == PerfLexer::SEMI) operators = 0;
    if (is_operator(type) && ++operators > kMaxOperatorsPerProperty) {
      diags
          .report(diag::NestingTooDeep, token_span(file, toks[i]),
                  fmt::format("this expression chains more than {} operators", kMaxOperatorsPerProperty))
          .notes.push_back(
              {"this declaration is not parsed; a long list of alternatives is written `x in [a, b, ...]`", Span{}});
      return std::nullopt;
    }
    out.push_back(std::make_unique<antlr4::CommonToken>(toks[i]));
    prev_type = type;
  }
  return out;
}

// The doc comment lines directly above `line` (1-based), joined without their slashes.
std::string doc_comment_above(const std::vector<ast::Comment>& comments, const SourceFile& src, uint32_t line) {
  std::vector<std::string> lines;
  for (auto it = comments.rbegin(); it != comments.rend(); ++it) {
    LineCol at = src.line_col(it->span.begin);
    uint32_t l = at.line;
    if (l >= line) continue;
    if (l + 1 + lines.size() != line || !it->doc) break;
    // Only a `///` alone on its line documents what follows; one trailing code belongs to that code.
    std::string_view line_text = src.line_text(l);
    size_t first = line_text.find_first_not_of(" \t");
    if (first == std::string_view::npos || utf8_length(line_text.substr(0, first)) + 1 != at.column) break;
    std::string text = it->text.substr(3);
    if (!text.empty() && text[0] == ' ') text.erase(0, 1);
    lines.insert(lines.begin(), text);
  }
  std::string doc;
  for (size_t i = 0; i < lines.size(); ++i) doc += (i ? "\n" : "") + lines[i];
  return doc;
}

}  // namespace

ast::File parse_file(const SourceSet& sources, FileId file_id, DiagnosticSink& diags) {
  ast::File file;
  file.id = file_id;
  const SourceFile& src = sources.file(file_id);
  size_t errors_before = diags.error_count();
  if (src.had_invalid_utf8()) {
    uint32_t at = src.invalid_utf8_offset();
    diags.report(diag::InvalidUtf8, Span{file_id, at, at + 1}, "invalid utf-8 byte sequence (shown as U+FFFD)")
        .notes.push_back(
            {"rule files are UTF-8; save this one as UTF-8 (it may be in GBK or another legacy encoding)", Span{}});
  }

  antlr4::ANTLRInputStream input(src.text());
  PerfLexer lexer(&input);
  lexer.removeErrorListeners();  // the lexer cannot fail: BAD_CHAR catches every other character
  std::vector<std::unique_ptr<antlr4::Token>> all = lexer.getAllTokens();

  // Significant tokens, with comments set aside and lexical errors reported.
  std::vector<antlr4::Token*> tokens;
  std::set<size_t> lexical_error_lines;
  for (size_t k = 0; k < all.size(); ++k) {
    auto& t = all[k];
    Span s{file_id, static_cast<uint32_t>(t->getStartIndex()), static_cast<uint32_t>(t->getStopIndex() + 1)};
    if (t->getChannel() == kCommentChannel) {
      file.comments.push_back(ast::Comment{t->getText(), s, t->getType() == PerfLexer::DOC_COMMENT});
      continue;
    }
    // After a character the language does not have, the rest of its line cannot be trusted (it is
    // often a comment in another language's syntax): only brackets and separators are kept, so blocks
    // still close, and nothing else on that line is parsed or checked.
    if (t->getType() != PerfLexer::BAD_CHAR && lexical_error_lines.count(t->getLine())) {
      switch (t->getType()) {
        case PerfLexer::LPAREN:
        case PerfLexer::RPAREN:
        case PerfLexer::LBRACK:
        case PerfLexer::RBRACK:
        case PerfLexer::LBRACE:
        case PerfLexer::RBRACE:
        case PerfLexer::SEMI:
        case PerfLexer::NL: break;
        default: continue;
      }
    }
    if (t->getType() == PerfLexer::BAD_CHAR) {
      // A run of adjacent stray characters (`&&`, `≤=`) is one mistake.
      std::string text = t->getText();
      while (k + 1 < all.size() && all[k + 1]->getType() == PerfLexer::BAD_CHAR &&
             all[k + 1]->getStartIndex() == all[k]->getStopIndex() + 1) {
        text += all[++k]->getText();
        s.end = static_cast<uint32_t>(all[k]->getStopIndex() + 1);
      }
      Diagnostic& d = diags.report(diag::UnexpectedCharacter, s,
                                   fmt::format("unexpected character{} `{}`", s.end - s.begin > 1 ? "s" : "", text));
      if (text == "&&" || text == "&")
        d.notes.push_back({"conditions are joined with `and`", Span{}});
      else if (text == "||" || text == "|")
        d.notes.push_back({"conditions are joined with `or`", Span{}});
      else if (text == "!")
        d.notes.push_back({"a condition is negated with `not`", Span{}});
      else if (text == "#")
        d.notes.push_back({"comments start with `//`", Span{}});
      lexical_error_lines.insert(t->getLine());
      continue;
    }
    if (t->getType() == PerfLexer::UNTERMINATED_STRING) {
      diags.report(diag::UnterminatedString, s, "unterminated string")
          .notes.push_back({"add the closing `\"` on the same line", Span{}});
      // Parse on as if the quote were there, so the property is not reported a second time.
      auto closed = std::make_unique<antlr4::CommonToken>(t.get());
      closed->setType(PerfLexer::STRING);
      closed->setText(t->getText() + "\"");
      t = std::move(closed);
    }
    tokens.push_back(t.get());
  }

  // Cut into chunks at declaration keywords in the first column.
  std::vector<size_t> starts;
  for (size_t i = 0; i < tokens.size(); ++i)
    if (is_declaration_keyword(tokens[i]->getType()) && tokens[i]->getCharPositionInLine() == 0) starts.push_back(i);
  size_t first = starts.empty() ? tokens.size() : starts[0];
  for (size_t i = 0; i < first; ++i) {
    if (tokens[i]->getType() == PerfLexer::NL || tokens[i]->getType() == PerfLexer::SEMI) continue;
    auto* t = tokens[i];
    diags
        .report(diag::ExpectedDeclaration, Span{file_id, uint32_t(t->getStartIndex()), uint32_t(t->getStopIndex() + 1)},
                fmt::format("expected a declaration, found `{}`", t->getText()))
        .notes.push_back({"a declaration starts with project, source, indicator, chain, alert, view, role, calendar, "
                          "channel or test in the first column",
                          Span{}});
    break;
  }

  AstBuilder builder(file, diags);
  for (size_t c = 0; c < starts.size(); ++c) {
    size_t begin = starts[c];
    size_t end = c + 1 < starts.size() ? starts[c + 1] : tokens.size();
    size_t chunk_end_index = end < tokens.size() ? tokens[end]->getStartIndex() : src.code_points();
    std::vector<antlr4::Token*> decl_tokens(tokens.begin() + begin, tokens.begin() + end);
    std::optional<std::vector<std::unique_ptr<antlr4::Token>>> prepared =
        prepare_chunk(decl_tokens, chunk_end_index, end == tokens.size(), file_id, diags);
    if (!prepared) continue;
    std::vector<std::unique_ptr<antlr4::Token>> chunk = std::move(*prepared);
    chunk.push_back(synthetic(antlr4::Token::EOF, "<EOF>", chunk_end_index));

    antlr4::ListTokenSource token_source(std::move(chunk));
    antlr4::CommonTokenStream stream(&token_source);
    PerfParser parser(&stream);
    parser.removeErrorListeners();
    PerfParser::DeclarationChunkContext* tree = nullptr;
    // Two-stage parsing: the fast SLL prediction bails out on the first problem; only then is the
    // chunk parsed again with full LL prediction, error recovery and our error listener.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      tree = parser.declarationChunk();
    } catch (const antlr4::ParseCancellationException&) { tree = nullptr; }
    ErrorListener listener(file_id, diags, lexical_error_lines);
    try {
      if (!tree) {
        stream.seek(0);
        parser.reset();
        parser.addErrorListener(&listener);
        parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
        parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
        tree = parser.declarationChunk();
      }
    } catch (const std::exception& e) {
      diags.report(diag::UnexpectedToken,
                   Span{file_id, uint32_t(tokens[begin]->getStartIndex()), uint32_t(tokens[begin]->getStopIndex() + 1)},
                   fmt::format("this declaration could not be parsed ({})", e.what()));
      continue;
    }
    if (tree && tree->declaration()) {
      uint32_t line = static_cast<uint32_t>(tokens[begin]->getLine());
      builder.build(tree->declaration(), doc_comment_above(file.comments, src, line));
    }
  }
  file.had_syntax_errors = diags.error_count() > errors_before;
  return file;
}

}  // namespace jixiao::syntax
