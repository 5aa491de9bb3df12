// Lexing, the line-continuation filter, cutting into declaration chunks, and ANTLR error reporting.
#include <fmt/format.h>

#include <memory>

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
    case PerfLexer::PROJECT: case PerfLexer::SOURCE: case PerfLexer::INDICATOR: case PerfLexer::CHAIN:
    case PerfLexer::ALERT: case PerfLexer::VIEW: case PerfLexer::ROLE: case PerfLexer::CALENDAR:
    case PerfLexer::CHANNEL: case PerfLexer::TEST:
      return true;
    default:
      return false;
  }
}

// A line that ends with one of these continues onto the next (LANGUAGE.md section 1).
bool continues_line(size_t type) {
  switch (type) {
    case PerfLexer::PLUS: case PerfLexer::MINUS: case PerfLexer::STAR: case PerfLexer::SLASH:
    case PerfLexer::EQ: case PerfLexer::NE: case PerfLexer::LT: case PerfLexer::LE: case PerfLexer::GT:
    case PerfLexer::GE: case PerfLexer::AND: case PerfLexer::OR: case PerfLexer::NOT: case PerfLexer::COMMA:
    case PerfLexer::LBRACE: case PerfLexer::DOTDOT: case PerfLexer::COLON:
      return true;
    default:
      return false;
  }
}

std::string describe_token_type(const antlr4::dfa::Vocabulary& vocab, size_t type) {
  if (type == antlr4::Token::EOF) return "the end of the declaration";
  switch (type) {
    case PerfLexer::ID: case PerfLexer::BACKTICK_ID: return "a name";
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
// line are usually echoes of the first.
class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(FileId file, DiagnosticSink& diags) : file_(file), diags_(diags) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t,
                   const std::string& msg, std::exception_ptr) override {
    if (line == last_line_) return;
    last_line_ = line;
    Span span{file_, 0, 0};
    if (offending) {
      span.begin = static_cast<uint32_t>(offending->getStartIndex());
      span.end = offending->getType() == antlr4::Token::EOF ? span.begin : static_cast<uint32_t>(offending->getStopIndex() + 1);
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
      } catch (...) {
      }
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
  size_t last_line_ = SIZE_MAX;
};

std::unique_ptr<antlr4::CommonToken> synthetic(size_t type, const std::string& text, size_t at) {
  auto t = std::make_unique<antlr4::CommonToken>(type, text);
  t->setStartIndex(at);
  t->setStopIndex(at == 0 ? 0 : at - 1);
  t->setChannel(antlr4::Token::DEFAULT_CHANNEL);
  return t;
}

// The doc comment lines directly above `line` (1-based), joined without their slashes.
std::string doc_comment_above(const std::vector<ast::Comment>& comments, const SourceFile& src, uint32_t line) {
  std::vector<std::string> lines;
  for (auto it = comments.rbegin(); it != comments.rend(); ++it) {
    uint32_t l = src.line_col(it->span.begin).line;
    if (l >= line) continue;
    if (l + 1 + lines.size() != line || !it->doc) break;
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
    diags.report(diag::InvalidUtf8, Span{file_id, at, at + 1}, "invalid utf-8 byte sequence (shown as U+FFFD)");
  }

  antlr4::ANTLRInputStream input(src.text());
  PerfLexer lexer(&input);
  lexer.removeErrorListeners();  // the lexer cannot fail: BAD_CHAR catches every other character
  std::vector<std::unique_ptr<antlr4::Token>> all = lexer.getAllTokens();

  // Significant tokens, with comments set aside and lexical errors reported.
  std::vector<antlr4::Token*> tokens;
  for (auto& t : all) {
    Span s{file_id, static_cast<uint32_t>(t->getStartIndex()), static_cast<uint32_t>(t->getStopIndex() + 1)};
    if (t->getChannel() == kCommentChannel) {
      file.comments.push_back(ast::Comment{t->getText(), s, t->getType() == PerfLexer::DOC_COMMENT});
      continue;
    }
    if (t->getType() == PerfLexer::BAD_CHAR) {
      diags.report(diag::UnexpectedCharacter, s, fmt::format("unexpected character `{}`", t->getText()));
      continue;
    }
    if (t->getType() == PerfLexer::UNTERMINATED_STRING) {
      diags.report(diag::UnterminatedString, s, "unterminated string").notes.push_back({"add the closing `\"` on the same line", Span{}});
      continue;
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
    diags.report(diag::ExpectedDeclaration, Span{file_id, uint32_t(t->getStartIndex()), uint32_t(t->getStopIndex() + 1)},
                 fmt::format("expected a declaration, found `{}`", t->getText()))
        .notes.push_back({"a declaration starts with project, source, indicator, chain, alert, view, role, calendar, "
                          "channel or test in the first column", Span{}});
    break;
  }

  AstBuilder builder(file, sources, diags);
  for (size_t c = 0; c < starts.size(); ++c) {
    size_t begin = starts[c];
    size_t end = c + 1 < starts.size() ? starts[c + 1] : tokens.size();
    size_t chunk_end_index = end < tokens.size() ? tokens[end]->getStartIndex() : src.code_points();

    // Line continuation, and a check that brackets close before the next declaration.
    std::vector<std::unique_ptr<antlr4::Token>> chunk;
    std::vector<antlr4::Token*> open;
    int depth = 0;
    size_t prev_type = PerfLexer::NL;
    for (size_t i = begin; i < end; ++i) {
      antlr4::Token* t = tokens[i];
      size_t type = t->getType();
      if (type == PerfLexer::NL) {
        if (depth > 0 || prev_type == PerfLexer::NL || continues_line(prev_type)) continue;
      } else if (type == PerfLexer::LPAREN || type == PerfLexer::LBRACK || type == PerfLexer::LBRACE) {
        if (type != PerfLexer::LBRACE) ++depth;
        open.push_back(t);
      } else if (type == PerfLexer::RPAREN || type == PerfLexer::RBRACK || type == PerfLexer::RBRACE) {
        size_t want = type == PerfLexer::RPAREN ? PerfLexer::LPAREN : type == PerfLexer::RBRACK ? PerfLexer::LBRACK : PerfLexer::LBRACE;
        if (!open.empty() && open.back()->getType() == want) {
          open.pop_back();
          if (type != PerfLexer::RBRACE) depth = std::max(0, depth - 1);
        }
      }
      chunk.push_back(std::make_unique<antlr4::CommonToken>(t));
      prev_type = type;
    }
    if (!open.empty()) {
      antlr4::Token* o = open.back();
      Span s{file_id, uint32_t(o->getStartIndex()), uint32_t(o->getStopIndex() + 1)};
      Diagnostic& d = diags.report(diag::UnclosedBracket, s, fmt::format("unclosed `{}`", o->getText()));
      d.notes.push_back({end < tokens.size() ? "the next declaration starts here, so this one ends before it"
                                             : "the file ends here",
                         Span{file_id, uint32_t(chunk_end_index), uint32_t(chunk_end_index)}});
      // Close what is open so the rest of the declaration still parses and gets checked.
      if (!chunk.empty() && chunk.back()->getType() != PerfLexer::NL)
        chunk.push_back(synthetic(PerfLexer::NL, "\n", chunk_end_index));
      for (auto it = open.rbegin(); it != open.rend(); ++it) {
        size_t type = (*it)->getType();
        size_t close = type == PerfLexer::LPAREN ? PerfLexer::RPAREN : type == PerfLexer::LBRACK ? PerfLexer::RBRACK : PerfLexer::RBRACE;
        chunk.push_back(synthetic(close, close == PerfLexer::RPAREN ? ")" : close == PerfLexer::RBRACK ? "]" : "}", chunk_end_index));
      }
    }
    chunk.push_back(synthetic(antlr4::Token::EOF, "<EOF>", chunk_end_index));

    antlr4::ListTokenSource token_source(std::move(chunk));
    antlr4::CommonTokenStream stream(&token_source);
    PerfParser parser(&stream);
    parser.removeErrorListeners();
    ErrorListener listener(file_id, diags);
    parser.addErrorListener(&listener);
    PerfParser::DeclarationChunkContext* tree = nullptr;
    try {
      tree = parser.declarationChunk();
    } catch (const std::exception& e) {
      diags.report(diag::UnexpectedToken, Span{file_id, uint32_t(tokens[begin]->getStartIndex()), uint32_t(tokens[begin]->getStopIndex() + 1)},
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
