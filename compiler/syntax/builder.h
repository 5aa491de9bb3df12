// Internal to the syntax layer: parse tree -> AST.
#pragma once
#include "PerfParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostics.h"

namespace jixiao::syntax {

class AstBuilder {
 public:
  AstBuilder(ast::File& file, DiagnosticSink& diags) : file_(file), diags_(diags) {}
  // Adds the declaration to the file. `doc` holds the doc comment lines before it.
  void build(jixiao_antlr::PerfParser::DeclarationContext* decl, std::string doc);

 private:
  using P = jixiao_antlr::PerfParser;
  Span span(antlr4::ParserRuleContext* ctx) const;
  Span span(antlr4::tree::TerminalNode* node) const;
  Span span(antlr4::Token* tok) const;
  ast::Name name(P::IdentContext* ctx) const;
  ast::Name name(P::ExprNameContext* ctx) const;
  std::vector<ast::Name> names(P::IdentListContext* ctx) const;
  ast::DeclHeader header(ast::DeclKind kind, antlr4::ParserRuleContext* decl, antlr4::tree::TerminalNode* keyword,
                         P::IdentContext* name, P::LabelContext* label, std::string doc);
  std::string string_value(antlr4::tree::TerminalNode* node);
  ast::PropSpan prop(antlr4::ParserRuleContext* ctx);
  // Reports an `unknownProp` match: an unknown word, or a known word with a malformed value.
  void unknown_property(P::UnknownPropContext* ctx, ast::DeclKind kind, const char* where);
  void check_duplicate(std::vector<ast::PropSpan>& props);

  ast::ExprId expr(P::ExprContext* ctx);
  ast::ExprId expr(P::OrExprContext* ctx);
  ast::ExprId expr(P::AndExprContext* ctx);
  ast::ExprId expr(P::NotExprContext* ctx);
  ast::ExprId expr(P::ComparisonContext* ctx);
  ast::ExprId expr(P::AdditiveContext* ctx);
  ast::ExprId expr(P::MultiplicativeContext* ctx);
  ast::ExprId expr(P::UnaryContext* ctx);
  ast::ExprId expr(P::PrimaryContext* ctx);
  ast::ExprId literal(P::LiteralContext* ctx);
  ast::ExprId binary(ast::Op op, ast::ExprId a, ast::ExprId b, Span written);
  ast::Op comp_op(P::CompOpContext* ctx) const;
  ast::Bound bound(P::CompOpContext* op, P::ExprContext* value);
  std::vector<ast::Band> bands(P::BandsBlockContext* ctx);

  void project(P::ProjectDeclContext* ctx, std::string doc);
  void calendar(P::CalendarDeclContext* ctx, std::string doc);
  void channel(P::ChannelDeclContext* ctx, std::string doc);
  void source(P::SourceDeclContext* ctx, std::string doc);
  void indicator(P::IndicatorDeclContext* ctx, std::string doc);
  void chain(P::ChainDeclContext* ctx, std::string doc);
  ast::NodeDecl node(P::NodeDeclContext* ctx);
  void alert(P::AlertDeclContext* ctx, std::string doc);
  ast::TaskDecl task(P::TaskDeclContext* ctx);
  void role(P::RoleDeclContext* ctx, std::string doc);
  void view(P::ViewDeclContext* ctx, std::string doc);
  void test(P::TestDeclContext* ctx, std::string doc);

  ast::File& file_;
  DiagnosticSink& diags_;
};

}  // namespace jixiao::syntax
